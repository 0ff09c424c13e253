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

// What a libharu document already holds, kept from one paint call to the next (a batch
// paints its recipients one at a time into one document); empty again for a new document.
struct document_objects {
    std::map<std::string, HPDF_Image> images;      // by path: an image used on every page is stored once
    std::vector<layout::rect_box> backdrop_rects;  // the decorations the shared stream draws
    std::vector<layout::line_box> backdrop_lines;
    HPDF_Dict backdrop = nullptr;                  // that content stream, or none yet
};

// What painting needs across pages: the session, the faces, what the document holds.
struct paint_context {
    session* s = nullptr;
    std::vector<font_face>* faces = nullptr;
    document_objects* held = nullptr;
    std::vector<std::string> missing_families; // reported once each
    vanthu::diagnostics* problems = nullptr;
};

// Adds a page the size of p and paints its decorations (one content stream shared by the
// pages whose decorations are the same), then its rects, images, lines and texts.
// Coordinates are converted from top-left y-down to PDF's bottom-left y-up.
bool paint_page(paint_context& ctx, const layout::page& p);

}  // namespace pdf
