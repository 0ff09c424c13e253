// Owns cutting a word wider than its line: at a name's no-break space, after '/', '-', '.', '_'
// or '?', else between characters, never before a combining mark.
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

// Whether a character is one after which a URL, a path or a code may be cut.
bool is_cut_char(char c) { return c == '/' || c == '-' || c == '.' || c == '_' || c == '?'; }

// Whether a character may not start the tail of a cut (it belongs to what stands before it).
bool is_closing(char c) { return std::string_view(",;:!)]}%").find(c) != std::string_view::npos; }

// A place to cut a word: before byte `at` of part `part`; a glue part there is dropped.
struct cut_place {
    std::size_t part = 0;
    std::size_t at = 0;
    bool glue = false;
    double head_width = 0;  // advance of what stands before the cut
};

// The last place to cut the word so that its head fits width: a name's no-break space when
// one fits, else after a run of '/', '-', '.', '_', '?' that follows some other character
// and precedes one that may start a line. False when there is none.
bool find_soft_cut(const word& w, double width, const font_metrics& metrics, cut_place& found) {
    bool have_glue = false, have_char = false, seen_other = false;
    cut_place glue_cut, char_cut;
    double before = 0;  // advance of the parts before part i
    for (std::size_t i = 0; i < w.parts.size(); before += w.parts[i].width, ++i) {
        const fragment& f = w.parts[i];
        if (f.glue) {
            if (i > 0 && i + 1 < w.parts.size() && before <= width + tolerance) {
                glue_cut = cut_place{i, 0, true, before};
                have_glue = true;
            }
            continue;
        }
        for (std::size_t b = 0; b + 1 < f.text.size(); ++b) {
            const char c = f.text[b], next = f.text[b + 1];
            if (!is_cut_char(c)) {
                seen_other = true;
                continue;
            }
            if (!seen_other || is_cut_char(next) || is_closing(next)) continue;
            const double head = before + metrics.text_width(f.style->font, std::string_view(f.text).substr(0, b + 1),
                                                            f.style->size);
            if (head > width + tolerance) break;
            char_cut = cut_place{i, b + 1, false, head};
            have_char = true;
        }
    }
    if (have_glue) found = glue_cut;
    else if (have_char) found = char_cut;
    return have_glue || have_char;
}

// Cuts a word at a place: the head before it, the tail after it (a glue part dropped).
std::pair<word, word> cut_at(const word& w, const cut_place& c, const font_metrics& metrics) {
    word head;
    word tail = w;
    tail.parts.clear();
    for (std::size_t i = 0; i < c.part; ++i) head.parts.push_back(w.parts[i]);
    std::size_t rest = c.part;
    if (c.glue) {
        ++rest;
    } else {
        const fragment& f = w.parts[c.part];
        const std::string first = f.text.substr(0, c.at), second = f.text.substr(c.at);
        head.parts.push_back(fragment{first, f.style, metrics.text_width(f.style->font, first, f.style->size)});
        tail.parts.push_back(fragment{second, f.style, metrics.text_width(f.style->font, second, f.style->size)});
        ++rest;
    }
    for (std::size_t i = rest; i < w.parts.size(); ++i) tail.parts.push_back(w.parts[i]);
    total_width(head);
    total_width(tail);
    return {head, tail};
}

// Cuts a word between characters so that its head fits width; the head has at least one character.
std::pair<word, word> cut_between_characters(const word& w, double width, const font_metrics& metrics) {
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

}  // namespace

// Cuts a word so that its head fits width, where a reader expects it first (a name's space,
// then after the punctuation of a URL or a path); between characters only when `how` is any
// and no such place fits. The tail keeps the space and break that followed the word; with
// cut_kind::soft and no place that fits, the head is empty and the tail is the word.
std::pair<word, word> split_word(const word& w, double width, const font_metrics& metrics, cut_kind how) {
    cut_place place;
    if (find_soft_cut(w, width, metrics, place)) return cut_at(w, place, metrics);
    if (how == cut_kind::soft) return {word{}, w};
    return cut_between_characters(w, width, metrics);
}

}  // namespace layout
