// Owns UTF-8 well-formedness checking and code point decoding/encoding.
#include "text/utf8.hpp"

namespace text {

namespace {

// Length of a well-formed sequence starting at s[pos], or 0 when it is not one
// (RFC 3629 table: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t well_formed_length(std::string_view s, std::size_t pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(pos);
    const std::size_t left = s.size() - pos;
    if (b0 < 0x80) return 1;
    if (b0 < 0xC2 || b0 > 0xF4) return 0;  // continuation byte, C0/C1 overlong, F5..FF
    std::size_t length = b0 < 0xE0 ? 2 : (b0 < 0xF0 ? 3 : 4);
    if (left < 2) return 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 == 0xE0) lo = 0xA0;  // overlong 3-byte forms
    if (b0 == 0xED) hi = 0x9F;  // UTF-16 surrogates D800..DFFF
    if (b0 == 0xF0) lo = 0x90;  // overlong 4-byte forms
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
    if (byte(pos + 1) < lo || byte(pos + 1) > hi) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (i >= left) return 0;
        if ((byte(pos + i) & 0xC0) != 0x80) return 0;
    }
    return length;
}

}  // namespace

// Finds the first byte that does not start or continue a well-formed sequence.
std::size_t find_invalid_utf8(std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t length = well_formed_length(s, pos);
        // The lead byte of an ill-formed sequence is the first bad byte:
        // nothing from it on decodes to a code point.
        if (length == 0) return pos;
        pos += length;
    }
    return std::string_view::npos;
}

// Decodes one code point of valid UTF-8 and moves pos past it.
char32_t next_code_point(std::string_view s, std::size_t& pos) {
    const auto byte = [&](std::size_t i) -> char32_t {
        return i < s.size() ? static_cast<unsigned char>(s[i]) : 0x80u;
    };
    const char32_t b0 = byte(pos);
    if (b0 < 0x80) {
        pos += 1;
        return b0;
    }
    if (b0 < 0xE0) {
        const char32_t cp = ((b0 & 0x1F) << 6) | (byte(pos + 1) & 0x3F);
        pos += 2;
        return cp;
    }
    if (b0 < 0xF0) {
        const char32_t cp = ((b0 & 0x0F) << 12) | ((byte(pos + 1) & 0x3F) << 6) | (byte(pos + 2) & 0x3F);
        pos += 3;
        return cp;
    }
    const char32_t cp = ((b0 & 0x07) << 18) | ((byte(pos + 1) & 0x3F) << 12) |
                        ((byte(pos + 2) & 0x3F) << 6) | (byte(pos + 3) & 0x3F);
    pos += 4;
    return cp;
}

// Appends one code point as UTF-8; invalid code points become U+FFFD.
void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Counts code points by counting bytes that are not continuation bytes.
std::size_t count_code_points(std::string_view s) {
    std::size_t count = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    return count;
}

}  // namespace text
