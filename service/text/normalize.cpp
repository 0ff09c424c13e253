// Owns Unicode NFC (through utf8proc) and XML whitespace handling.
#include "text/normalize.hpp"

#include <utf8proc.h>

#include <cstdlib>

namespace text {

// NFC with utf8proc; input that utf8proc rejects (invalid UTF-8) is returned unchanged.
std::string to_nfc(std::string_view utf8) {
    if (utf8.empty()) return {};
    utf8proc_uint8_t* out = nullptr;
    const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                            static_cast<utf8proc_ssize_t>(utf8.size()), &out,
                                            static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0) return std::string(utf8);
    std::string result(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
    std::free(out);
    return result;
}

namespace {

// Whether a byte is XML whitespace (space, tab, CR, LF).
bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

// Replaces each run of XML whitespace by one space.
std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool in_space = false;
    for (const char c : s) {
        if (is_xml_space(c)) {
            if (!in_space) out += ' ';
            in_space = true;
        } else {
            out += c;
            in_space = false;
        }
    }
    return out;
}

// Drops leading and trailing XML whitespace.
std::string_view trim(std::string_view s) {
    std::size_t begin = 0;
    std::size_t end = s.size();
    while (begin < end && is_xml_space(s[begin])) ++begin;
    while (end > begin && is_xml_space(s[end - 1])) --end;
    return s.substr(begin, end - begin);
}

}  // namespace text
