// Painting one layout::page onto a libharu page.
#pragma once

#include <hpdf.h>

#include <map>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "layout/page.hpp"
#include "pdf/faces.hpp"
#include "pdf/session.hpp"

namespace pdf {

// What painting needs across pages: the session, the faces, loaded images.
struct paint_context {
    session* s = nullptr;
    std::vector<font_face>* faces = nullptr;
    std::map<std::string, HPDF_Image> images;  // by path: an image used on every page is stored once
    std::vector<std::string> missing_families; // reported once each
    vanthu::diagnostics* problems = nullptr;
};

// Adds a page the size of p and paints its rects, images, lines, then texts.
// Coordinates are converted from top-left y-down to PDF's bottom-left y-up.
bool paint_page(paint_context& ctx, const layout::page& p);

}  // namespace pdf
