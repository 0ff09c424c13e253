// Owns upper and lower case of text, exact for every Vietnamese letter.
#include "text/vietnamese.hpp"

#include "text/utf8.hpp"

#include <utf8proc.h>

namespace text {

namespace {

// Applies a per-code-point case mapping to valid UTF-8; invalid bytes are copied as they are.
std::string map_case(std::string_view utf8, utf8proc_int32_t (*mapping)(utf8proc_int32_t)) {
    std::string out;
    out.reserve(utf8.size());
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        const std::size_t bad = find_invalid_utf8(utf8.substr(pos, 4));
        if (bad == 0) {
            out += utf8[pos++];
            continue;
        }
        const char32_t cp = next_code_point(utf8, pos);
        // utf8proc's simple case mappings are one code point to one code
        // point and cover the Latin Extended Additional block (ạ..ỹ) exactly.
        append_utf8(out, static_cast<char32_t>(mapping(static_cast<utf8proc_int32_t>(cp))));
    }
    return out;
}

}  // namespace

// Upper case, code point by code point (đ -> Đ, ệ -> Ệ, ư -> Ư).
std::string to_upper(std::string_view utf8) { return map_case(utf8, utf8proc_toupper); }

// Lower case, code point by code point (Đ -> đ, Ệ -> ệ, Ư -> ư).
std::string to_lower(std::string_view utf8) { return map_case(utf8, utf8proc_tolower); }

}  // namespace text
