// The structural check of a PNG image before libharu reads it; internal to tmpl/.
#pragma once

#include <cstdint>
#include <string>

namespace tmpl {

// What the IHDR chunk of a checked PNG says.
struct png_info {
    std::uint32_t width = 0, height = 0;  // pixels
    unsigned bit_depth = 0;
    unsigned colour_type = 0;  // 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA
};

// Checks the PNG at path: signature, every chunk inside the file with a right CRC, a
// 13-byte IHDR first with a sane size, bit depth and colour type, IDAT, IEND last.
// False with a message to put after the image's name ("is a malformed PNG: ...").
bool check_png(const std::string& path, png_info& info, std::string& message);

}  // namespace tmpl
