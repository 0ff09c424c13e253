// UTF-8: checking, decoding and encoding code points.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace text {

// The offset of the first byte that is not well-formed UTF-8 (overlong forms,
// surrogates, code points above U+10FFFF and truncated sequences included),
// or std::string_view::npos when all of it is valid.
std::size_t find_invalid_utf8(std::string_view s);

// Decodes the code point at s[pos] and advances pos; s must be valid UTF-8.
char32_t next_code_point(std::string_view s, std::size_t& pos);

// Appends the UTF-8 form of a code point.
void append_utf8(std::string& out, char32_t cp);

// Number of code points in valid UTF-8.
std::size_t count_code_points(std::string_view s);

}  // namespace text
