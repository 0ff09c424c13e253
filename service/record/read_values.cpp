// Owns reading typed values (dates, times, integers, inline text) out of record elements.
#include "record/steps.hpp"

#include "text/normalize.hpp"
#include "text/vietnamese.hpp"

namespace record::detail {

namespace {

// Reads exactly `width` ASCII digits at s[pos].
bool read_digits(std::string_view s, std::size_t pos, std::size_t width, int& out) {
    if (pos + width > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// Whether a byte is XML whitespace.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Appends the inline content of an element as spans, styles inherited from the enclosing markup.
void collect_spans(const pugi::xml_node& element, span style, inline_text& out) {
    for (pugi::xml_node child = element.first_child(); child; child = child.next_sibling()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
            span s = style;
            s.text = child.value();
            out.push_back(std::move(s));
        } else if (child.type() == pugi::node_element) {
            const std::string_view tag = child.name();
            span inner = style;
            if (tag == "br") {
                inner.line_break = true;
                out.push_back(inner);
                continue;
            }
            if (tag == "b") inner.bold = true;
            if (tag == "i") inner.italic = true;
            if (tag == "u") inner.underline = true;
            collect_spans(child, inner, out);
        }
    }
}

// Collapses whitespace across spans as HTML does: one space between words, none at a line's start.
inline_text collapse_spans(const inline_text& raw) {
    inline_text out;
    bool after_space = true;  // at the start of a line, or just after a space
    for (const span& s : raw) {
        if (s.line_break) {
            out.push_back(s);
            after_space = true;
            continue;
        }
        span c = s;
        c.text.clear();
        for (char ch : s.text) {
            if (!is_space(ch)) {
                c.text += ch;
                after_space = false;
            } else if (!after_space) {
                c.text += ' ';
                after_space = true;
            }
        }
        if (!c.text.empty()) out.push_back(std::move(c));
    }
    return out;
}

// Removes the space that ends a line (before a line break, or at the end).
void trim_line_end(inline_text& spans) {
    while (!spans.empty() && !spans.back().line_break && !spans.back().text.empty() &&
           spans.back().text.back() == ' ') {
        spans.back().text.pop_back();
        if (spans.back().text.empty()) spans.pop_back();
    }
}

// Trims line ends, drops leading and trailing breaks' spaces, merges equal styles, normalises to NFC.
inline_text tidy_spans(const inline_text& collapsed) {
    inline_text out;
    for (const span& s : collapsed) {
        if (s.line_break) trim_line_end(out);
        const bool same_style = !out.empty() && !out.back().line_break && !s.line_break &&
                                out.back().bold == s.bold && out.back().italic == s.italic &&
                                out.back().underline == s.underline;
        if (same_style)
            out.back().text += s.text;
        else
            out.push_back(s);
    }
    trim_line_end(out);
    for (span& s : out)
        if (!s.line_break) s.text = normalize_nfc(s.text);
    return out;
}

}  // namespace

bool read_date(std::string_view s, civil_date& out) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    civil_date d;
    if (!read_digits(s, 0, 4, d.year) || !read_digits(s, 5, 2, d.month) || !read_digits(s, 8, 2, d.day))
        return false;
    if (!text::is_valid_date(d.year, d.month, d.day)) return false;
    out = d;
    return true;
}

bool read_clock_time(std::string_view s, int& hour, int& minute) {
    if (s.size() != 5 || s[2] != ':') return false;
    int h = 0;
    int m = 0;
    if (!read_digits(s, 0, 2, h) || !read_digits(s, 3, 2, m) || h > 23 || m > 59) return false;
    hour = h;
    minute = m;
    return true;
}

bool read_datetime(std::string_view s, civil_date& date, int& hour, int& minute) {
    if (s.size() != 16 || s[10] != 'T') return false;
    return read_date(s.substr(0, 10), date) && read_clock_time(s.substr(11), hour, minute);
}

bool read_integer(std::string_view s, std::int64_t& out) {
    if (s.empty() || s.size() > 18) return false;
    std::int64_t value = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    out = value;
    return true;
}

// Whether every character is one that NFC leaves as it is and that never composes with its
// neighbours: ASCII, U+00A0-U+024F (Latin-1 and Latin Extended-A and B) and U+1E00-U+1EFF
// (Latin Extended Additional: every precomposed Vietnamese letter). Anything else, a
// combining mark or a malformed byte included, says no.
static bool is_stable_under_nfc(std::string_view s) {
    const auto continuation = [&](std::size_t i) {
        return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
    };
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
        } else if (b >= 0xC2 && b <= 0xC9 && continuation(i + 1)) {
            const unsigned cp = ((b & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
            if (cp < 0xA0 || cp >= 0x250) return false;
            i += 2;
        } else if (b == 0xE1 && continuation(i + 1) && continuation(i + 2)) {
            const unsigned char b1 = static_cast<unsigned char>(s[i + 1]);
            if (b1 < 0xB8 || b1 > 0xBB) return false;  // E1 B8 80 is U+1E00, E1 BB BF is U+1EFF
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

std::string normalize_nfc(std::string_view s) {
    if (has_invisible(s)) return normalize_nfc(drop_invisible(s));
    if (is_stable_under_nfc(s)) return std::string(s);
    return text::to_nfc(s);
}

std::string raw_content(const pugi::xml_node& element) {
    std::string out;
    for (pugi::xml_node child = element.first_child(); child; child = child.next_sibling())
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
    return out;
}

inline_text read_inline_text(const pugi::xml_node& element) {
    inline_text raw;
    collect_spans(element, span{}, raw);
    inline_text out = tidy_spans(collapse_spans(raw));
    while (!out.empty() && out.back().line_break) out.pop_back();  // a final <br/> adds nothing
    return out;
}

std::string plain_text(const inline_text& runs) {
    std::string out;
    for (const span& s : runs) out += s.line_break ? std::string("\n") : s.text;
    return out;
}

std::string child_path(const std::string& parent, std::string_view tag, bool repeated, int index) {
    std::string out = parent + "/" + std::string(tag);
    if (repeated) out += "[" + std::to_string(index) + "]";
    return out;
}

}  // namespace record::detail
