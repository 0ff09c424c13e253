// Owns step 3a of parse_record: the well-formedness rules pugixml lets through, in one pass.
#include "record/steps.hpp"

#include <cstring>

namespace record::detail {

namespace {

constexpr std::size_t most_quoted = 40;  // bytes of a bad reference quoted in a message
const char* const one_root_hint = "a record is one element, with nothing but comments around it";

// Whether a byte may start an XML name (any non-ASCII byte is taken as a name character).
bool is_name_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

// Whether a byte may continue an XML name.
bool is_name_char(unsigned char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// Whether a byte is XML whitespace.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Whether a code point is one XML 1.0 lets a document hold (the Char production).
bool is_xml_char(unsigned long cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

// A reference as written, for a message: from its '&' to `end`, cut after most_quoted bytes.
std::string quote_reference(std::string_view text, std::size_t at, std::size_t end) {
    const bool cut = end - at > most_quoted;
    std::string out(text.substr(at, cut ? most_quoted : end - at));
    while (cut && !out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (cut && !out.empty()) out.pop_back();  // the lead byte of a character cut in two
    return "'" + out + (cut ? "\xE2\x80\xA6'" : "'");
}

// The problem of a character reference "&#...;" starting at text[at], or an empty message.
std::string check_character_reference(std::string_view text, std::size_t at, std::size_t& end) {
    const bool hex = at + 2 < text.size() && text[at + 2] == 'x';
    std::size_t pos = at + (hex ? 3 : 2);
    unsigned long cp = 0;
    const std::size_t digits_from = pos;
    for (; pos < text.size(); ++pos) {
        const char c = text[pos];
        int digit = c >= '0' && c <= '9' ? c - '0' : -1;
        if (hex && digit < 0 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') digit = (c | 0x20) - 'a' + 10;
        if (digit < 0) break;
        if (cp <= 0x10FFFF) cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(digit);
    }
    end = pos < text.size() && text[pos] == ';' ? pos + 1 : pos;
    if (pos == digits_from || end == pos)
        return "character reference " + quote_reference(text, at, end) + " is not &#digits; or &#xhex;";
    if (!is_xml_char(cp))
        return "character reference " + quote_reference(text, at, end) + " names a character XML does not allow";
    return {};
}

// The problem of the reference starting at text[at] (an '&'), or an empty message when it is
// one of the five predefined entities or a character reference; end is set past what was read.
std::string check_reference(std::string_view text, std::size_t at, std::size_t& end) {
    end = at + 1;
    if (end < text.size() && text[end] == '#') return check_character_reference(text, at, end);
    if (end >= text.size() || !is_name_start(static_cast<unsigned char>(text[end])))
        return "a bare '&' that starts no reference";
    while (end < text.size() && is_name_char(static_cast<unsigned char>(text[end]))) ++end;
    if (end >= text.size() || text[end] != ';')
        return "reference " + quote_reference(text, at, end) + " is not ended by ';'";
    const std::string_view name = text.substr(at + 1, end - at - 1);
    ++end;
    if (name == "lt" || name == "gt" || name == "amp" || name == "apos" || name == "quot") return {};
    return "undefined entity " + quote_reference(text, at, end);
}

// One pass over the text: where it is (depth, root seen), and the first problem found.
class markup_scan {
public:
    explicit markup_scan(std::string_view text) : text_(text) {}

    // Walks the whole text; stops at the first problem or where the markup itself is broken.
    markup_problem run() {
        while (pos_ < text_.size() && found_.message.empty()) {
            if (text_[pos_] == '<') {
                if (!scan_markup()) break;
            } else {
                scan_text();
            }
        }
        return found_;
    }

private:
    // Records a problem at an offset (the first one wins).
    void report(std::size_t at, std::string message, std::string hint = {}) {
        found_.offset = at;
        found_.message = "malformed XML: " + std::move(message);
        found_.hint = std::move(hint);
    }

    // Text up to the next '<': inside the root, its references are checked; outside it,
    // anything but whitespace is a problem.
    void scan_text() {
        const char* base = text_.data();
        const void* lt = std::memchr(base + pos_, '<', text_.size() - pos_);
        const std::size_t stop = lt ? static_cast<std::size_t>(static_cast<const char*>(lt) - base) : text_.size();
        if (depth_ == 0) {
            for (; pos_ < stop; ++pos_)
                if (!is_space(text_[pos_]))
                    return report(pos_, "text outside the root element", one_root_hint);
            return;
        }
        while (pos_ < stop) {
            const void* amp = std::memchr(base + pos_, '&', stop - pos_);
            if (!amp) break;
            pos_ = static_cast<std::size_t>(static_cast<const char*>(amp) - base);
            if (!scan_reference()) return;
        }
        pos_ = stop;
    }

    // Checks the reference at pos_ and moves past it; false when it is bad (reported).
    bool scan_reference() {
        std::size_t end = pos_;
        std::string problem = check_reference(text_, pos_, end);
        if (!problem.empty()) {
            const bool numeric = pos_ + 1 < text_.size() && text_[pos_ + 1] == '#';
            report(pos_, std::move(problem),
                   numeric ? "a character reference names a tab, a line end or a printable character"
                           : "write &amp; for '&'; only &lt; &gt; &amp; &apos; &quot; and &#...; are defined");
            return false;
        }
        pos_ = end;
        return true;
    }

    // Moves past the end of a construct ("-->", "?>", "]]>"); false when it never ends.
    bool skip_past(std::string_view close) {
        const std::size_t end = text_.find(close, pos_);
        if (end == std::string_view::npos) return false;
        pos_ = end + close.size();
        return true;
    }

    // A construct starting with '<': comment, processing instruction, CDATA, end or start tag.
    // False where the markup is broken: pugixml reports it.
    bool scan_markup() {
        const std::string_view rest = text_.substr(pos_);
        if (rest.substr(0, 4) == "<!--") return skip_past("-->");
        if (rest.substr(0, 2) == "<?") return skip_past("?>");
        if (rest.substr(0, 9) == "<![CDATA[") {
            if (depth_ > 0) return skip_past("]]>");
            report(pos_, "text outside the root element", one_root_hint);
            return false;
        }
        if (rest.substr(0, 2) == "</") {
            if (depth_ == 0 || !skip_past(">")) return false;
            if (--depth_ == 0) root_done_ = true;
            return true;
        }
        if (rest.size() < 2 || !is_name_start(static_cast<unsigned char>(rest[1]))) return false;
        if (depth_ == 0 && root_done_) {
            std::size_t end = 1;
            while (end < rest.size() && is_name_char(static_cast<unsigned char>(rest[end]))) ++end;
            found_.path = "/" + std::string(rest.substr(1, end - 1));
            report(pos_, "more than one root element", one_root_hint);
            return false;
        }
        return scan_start_tag();
    }

    // A start tag: its attribute values are checked for references and '<'. False where it never ends.
    bool scan_start_tag() {
        char quote = 0;
        for (++pos_; pos_ < text_.size(); ++pos_) {
            const char c = text_[pos_];
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '<') {
                    report(pos_, "'<' in an attribute value", "write &lt; for '<'");
                    return false;
                } else if (c == '&') {
                    if (!scan_reference()) return false;
                    --pos_;  // scan_reference moved past the reference; the loop steps to what follows
                }
                continue;
            }
            if (c == '"' || c == '\'') quote = c;
            else if (c == '>') {
                if (text_[pos_ - 1] != '/') ++depth_;
                else if (depth_ == 0) root_done_ = true;
                ++pos_;
                return true;
            }
        }
        return false;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    int depth_ = 0;           // open elements
    bool root_done_ = false;  // the root element has ended
    markup_problem found_;
};

}  // namespace

// The first problem of the text's markup that pugixml would let through, if any.
markup_problem find_markup_problem(std::string_view text) { return markup_scan(text).run(); }

}  // namespace record::detail
