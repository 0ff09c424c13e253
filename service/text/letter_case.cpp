// Owns upper and lower case of text, exact for every Vietnamese letter.
#include "text/vietnamese.hpp"

#include "text/utf8.hpp"

#include <utf8proc.h>

#include <cstdlib>

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

// Case folding and NFC in one utf8proc call; ASCII (most ids) folded without it.
std::string fold_case(std::string_view utf8) {
    std::string out(utf8);
    bool ascii = true;
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        else if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    }
    if (ascii) return out;
    utf8proc_uint8_t* folded = nullptr;
    const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                            static_cast<utf8proc_ssize_t>(utf8.size()), &folded,
                                            static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                                           UTF8PROC_CASEFOLD));
    if (n < 0) return std::string(utf8);
    out.assign(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(n));
    std::free(folded);
    return out;
}

}  // namespace text
