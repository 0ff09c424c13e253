// Layout's output: pages of positioned boxes, ready to paint.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/deadline.hpp"
#include "core/diagnostic.hpp"
#include "layout/font_metrics.hpp"
#include "model/document.hpp"

namespace layout {

// One piece of text drawn with one ShowText. Coordinates from the page's
// top-left corner, y downwards, points; y is the baseline.
struct text_box {
    double x = 0, y = 0;
    double width = 0;  // measured advance
    std::string text;
    model::font_key font;
    double size = 13;
    model::color fill;
};

// A stroked line (rules, underlines, table borders).
struct line_box {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double thickness = 0.5;
    model::color stroke;
    bool operator==(const line_box& o) const {
        return x1 == o.x1 && y1 == o.y1 && x2 == o.x2 && y2 == o.y2 && thickness == o.thickness && stroke == o.stroke;
    }
};

// A rectangle, stroked and/or filled.
struct rect_box {
    double x = 0, y = 0, width = 0, height = 0;  // top-left corner
    double thickness = 0.5;
    model::color stroke;
    bool stroked = true;
    bool filled = false;
    model::color fill;
    bool operator==(const rect_box& o) const {
        return x == o.x && y == o.y && width == o.width && height == o.height && thickness == o.thickness &&
               stroke == o.stroke && stroked == o.stroked && filled == o.filled && fill == o.fill;
    }
};

struct image_box {
    std::string path;
    double x = 0, y = 0, width = 0, height = 0;  // top-left corner
};

// Where a signature block leaves its blank: a digital signature's picture goes there.
struct sign_place {
    double x = 0, y = 0, width = 0, height = 0;  // top-left corner
};

struct page {
    double width = 0, height = 0;
    std::vector<rect_box> rects;   // painted first
    std::vector<image_box> images;
    std::vector<line_box> lines;
    std::vector<text_box> texts;   // painted last, in reading order
    std::vector<sign_place> sign_places;  // not painted: marked in the PDF, in reading order
    // The first behind_rects rects and behind_lines lines are the document's decorations, the
    // same on every page: painted first, and once per PDF (a content stream pages share).
    std::size_t behind_rects = 0, behind_lines = 0;
};

struct layout_result {
    std::vector<page> pages;
    vanthu::diagnostics problems;  // e.g. a group taller than a page
};

// What documents laid out one after another (a certificate batch, a recipient at a time)
// share: a box whose content is the same in each (the heading, the grantor line, the
// signature) is laid out once and its boxes copied after that. Boxes whose layout warned
// are not remembered, so every warning is still given where it arises.
class layout_memo {
public:
    layout_memo();
    ~layout_memo();
    layout_memo(const layout_memo&) = delete;
    layout_memo& operator=(const layout_memo&) = delete;
    struct impl;
    impl& state() { return *self_; }

private:
    std::unique_ptr<impl> self_;
};

// Places the document's blocks on pages.
// Conventions (service/layout/*.cpp):
// - lines break only at spaces; a space before closing punctuation (",", ":", ")" ...) is
//   not a break; a word wider than the line is cut between characters (marks kept);
// - a line is line_height x its largest size tall; the leading is shared above and below
//   the tallest ascent + descent; y of a text_box is its baseline;
// - a label sits at left_indent + first_indent; text starts label_width further (or after
//   the label and a space if it is wider); other lines start at left_indent + label_width;
// - widow and orphan control: a paragraph's first two and last two lines stay together;
// - space_before is dropped at the top of a page reached by an automatic break;
// - columns with a clear space keep what neighbours print that far apart: the left one of a
//   pair shrinks its type to its min_size, then sets its lines narrower from the right;
// - a group that keeps the block before brings that block's last lines along;
// - problems (groups or rows taller than a page, missing glyphs) are warnings.
// Layout stops with an error once the deadline (when given) has passed.
layout_result lay_out(const model::document& doc, const font_metrics& metrics,
                      const vanthu::deadline* deadline = nullptr, layout_memo* memo = nullptr);

// A stable text dump of the pages, one box per line, for golden tests.
std::string dump_pages(const std::vector<page>& pages);

}  // namespace layout
