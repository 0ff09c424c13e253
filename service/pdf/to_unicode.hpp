// The ToUnicode map of the Type0 fonts painted with libharu's UTF-8 encoder.
#pragma once

#include <string>
#include <vector>

namespace pdf {

// The CMap text for the codes painted (sorted; UCS-2 code points, as libharu's UTF-8 encoder
// writes them): each maps to itself, in bfrange entries.
std::string to_unicode_cmap(const std::vector<char32_t>& codes);

}  // namespace pdf
