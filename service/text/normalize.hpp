// Unicode normalisation and whitespace, as records need them.
#pragma once

#include <string>
#include <string_view>

namespace text {

// NFC of valid UTF-8 (utf8proc). Never rewrites one tone placement into the
// other (hòa stays hòa, hoà stays hoà). Invalid UTF-8 is returned unchanged:
// check it first with find_invalid_utf8 (decode_xml_bytes does).
std::string to_nfc(std::string_view utf8);

// Collapses runs of XML whitespace (space, tab, CR, LF) to one space, as HTML
// does. Leading and trailing whitespace is kept as one space; trim separately.
std::string collapse_whitespace(std::string_view s);

// Removes leading and trailing spaces.
std::string_view trim(std::string_view s);

}  // namespace text
