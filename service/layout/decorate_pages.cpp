// Owns decorations: frames, lines and fixed text drawn on every page behind the flow.
#include "layout/flow.hpp"

namespace layout {

namespace {

// The text box of a text decoration, its x the anchor of its alignment.
text_box decoration_text(const model::decoration& d, const font_metrics& metrics) {
    const model::run& r = d.text;
    const double w = metrics.text_width(r.font, r.text, r.size);
    double x = d.x;
    if (d.alignment == model::align::center) x -= w / 2;
    if (d.alignment == model::align::right) x -= w;
    return text_box{x, d.y, w, r.text, r.font, r.size, r.fill};
}

}  // namespace

// Puts the decorations first on every page, so that they are painted behind the flow.
void decorate_pages(std::vector<page>& pages, const std::vector<model::decoration>& decorations,
                    const font_metrics& metrics) {
    page behind;
    for (const model::decoration& d : decorations) {
        switch (d.what) {
        case model::decoration::kind::rect:
            behind.rects.push_back(rect_box{d.x, d.y, d.width, d.height, d.thickness, d.stroke, d.thickness > 0,
                                            d.fill, d.fill_color});
            break;
        case model::decoration::kind::line:
            behind.lines.push_back(line_box{d.x, d.y, d.x2, d.y2, d.thickness, d.stroke});
            break;
        case model::decoration::kind::text:
            if (!d.text.text.empty()) behind.texts.push_back(decoration_text(d, metrics));
            break;
        }
    }
    for (page& p : pages) {
        p.rects.insert(p.rects.begin(), behind.rects.begin(), behind.rects.end());
        p.lines.insert(p.lines.begin(), behind.lines.begin(), behind.lines.end());
        p.behind_rects = behind.rects.size();
        p.behind_lines = behind.lines.size();
        p.texts.insert(p.texts.begin(), behind.texts.begin(), behind.texts.end());
    }
}

}  // namespace layout
