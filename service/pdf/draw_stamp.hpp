// A signature's appearances drawn by libharu: a PDF with a page the size of each widget's
// rectangle, which the signer (service/sign) turns into the widgets' form XObjects.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace pdf {

// How a stamp's line sits on its x.
enum class line_align {
    left,    // starts at x
    centre,  // centred on x
    right    // ends at x
};

// One line of text of a stamp: its baseline at y, placed on x as aligned, in points.
struct stamp_line {
    std::string utf8;
    double x = 0, y = 0;
    line_align align = line_align::left;
};

// What the appearance shows, in the rectangle's own coordinates (points, origin bottom left).
struct stamp_request {
    double width = 0, height = 0;     // the rectangle
    std::string_view png;             // a PNG (alpha kept as a soft mask); empty for none
    double image_x = 0, image_y = 0, image_width = 0, image_height = 0;  // where it goes
    std::vector<stamp_line> lines;    // text, drawn over the image
    std::string font_path;            // the TrueType face of the text (embedded, subset; the
                                      // first request's face serves them all)
    double font_size = 10;
};

// A PDF with one page per stamp, in order, sharing one embedded subset of the font (so the
// signature's appearances carry it once); empty with a diagnostic when libharu refuses an
// image or the font.
std::string draw_stamps(const std::vector<stamp_request>& requests, vanthu::diagnostics& problems);

// The pixel size of a PNG from its header; false when the bytes are not a PNG.
bool png_size(std::string_view png, unsigned& width, unsigned& height);

}  // namespace pdf
