// Owns cutting a word wider than its line between characters, never before a combining mark.
#include <string_view>

#include "layout/flow.hpp"
#include "text/utf8.hpp"

namespace layout {

namespace {

// Whether a code point is a combining mark that must stay with the letter before it.
bool is_combining_mark(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

// The byte offset of the end of the character (base and marks) that starts at pos.
std::size_t next_cluster_end(std::string_view s, std::size_t pos) {
    text::next_code_point(s, pos);
    while (pos < s.size()) {
        std::size_t after = pos;
        if (!is_combining_mark(text::next_code_point(s, after))) break;
        pos = after;
    }
    return pos;
}

// Bytes of the longest head of a fragment whose advance fits room (0 when not even one character does).
std::size_t fitting_bytes(const fragment& f, double room, const font_metrics& metrics) {
    std::size_t fit = 0;
    std::size_t pos = 0;
    while (pos < f.text.size()) {
        const std::size_t end = next_cluster_end(f.text, pos);
        const double w = metrics.text_width(f.style->font, std::string_view(f.text).substr(0, end), f.style->size);
        if (w > room + tolerance) break;
        fit = end;
        pos = end;
    }
    return fit;
}

// Sums the widths of a word's fragments.
void total_width(word& w) {
    w.width = 0;
    for (const fragment& f : w.parts) w.width += f.width;
}

}  // namespace

// Cuts a word so that its head fits width; the head has at least one character so the
// breaker always makes progress. The tail keeps the space and break that followed the word.
std::pair<word, word> split_word(const word& w, double width, const font_metrics& metrics) {
    word head;
    word tail = w;
    tail.parts.clear();
    double used = 0;
    std::size_t i = 0;
    for (; i < w.parts.size(); ++i) {
        const fragment& f = w.parts[i];
        if (used + f.width <= width + tolerance) {
            head.parts.push_back(f);
            used += f.width;
            continue;
        }
        std::size_t bytes = fitting_bytes(f, width - used, metrics);
        if (bytes == 0 && head.parts.empty()) bytes = next_cluster_end(f.text, 0);
        if (bytes > 0) {
            const std::string text = f.text.substr(0, bytes);
            head.parts.push_back(fragment{text, f.style, metrics.text_width(f.style->font, text, f.style->size)});
        }
        if (bytes < f.text.size()) {
            const std::string rest = f.text.substr(bytes);
            tail.parts.push_back(fragment{rest, f.style, metrics.text_width(f.style->font, rest, f.style->size)});
        }
        ++i;
        break;
    }
    for (; i < w.parts.size(); ++i) tail.parts.push_back(w.parts[i]);
    total_width(head);
    total_width(tail);
    return {head, tail};
}

}  // namespace layout
