// A signature's appearance drawn by libharu: a one-page PDF the size of the signature's
// rectangle, whose page the signer (service/sign) turns into the widget's form XObject.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace pdf {

// One line of text of a stamp, left-aligned at (x, y), the baseline, in points.
struct stamp_line {
    std::string utf8;
    double x = 0, y = 0;
};

// What the appearance shows, in the rectangle's own coordinates (points, origin bottom left).
struct stamp_request {
    double width = 0, height = 0;     // the rectangle
    std::string_view png;             // a PNG (alpha kept as a soft mask); empty for none
    double image_x = 0, image_y = 0, image_width = 0, image_height = 0;  // where it goes
    std::vector<stamp_line> lines;    // text, drawn over the image
    std::string font_path;            // the TrueType face of the text (embedded, subset)
    double font_size = 10;
};

// The one-page PDF of the stamp; empty with a diagnostic when libharu refuses the image or
// the font.
std::string draw_stamp(const stamp_request& request, vanthu::diagnostics& problems);

// The pixel size of a PNG from its header; false when the bytes are not a PNG.
bool png_size(std::string_view png, unsigned& width, unsigned& height);

}  // namespace pdf
