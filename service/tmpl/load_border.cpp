// Owns <border>: the ornamental frame of certificates, drawn with rectangles and lines.
#include <algorithm>

#include "tmpl/loader.hpp"
#include "tmpl/units.hpp"

namespace tmpl {

namespace {

constexpr double mm = 72 / 25.4;

// The measures and colours of one border, in points.
struct border_spec {
    double inset = 8 * mm;      // from the page edge to the outer line
    double band = 7 * mm;       // between the outer and the inner frame
    double thickness = 3;       // of the outer line
    double corner = 16 * mm;    // reach of the corner ornaments inside the inner frame
    model::color color{0.62, 0.1, 0.1};     // dark red
    model::color accent{0.78, 0.6, 0.22};   // gold
    double width = 0, height = 0;           // the page
};

// A stroked (or filled) rectangle decoration.
model::decoration rect(double x, double y, double w, double h, double thickness, const model::color& stroke,
                       bool filled = false, const model::color& fill = {}) {
    model::decoration d;
    d.what = model::decoration::kind::rect;
    d.x = x;
    d.y = y;
    d.width = w;
    d.height = h;
    d.thickness = thickness;
    d.stroke = stroke;
    d.fill = filled;
    d.fill_color = fill;
    return d;
}

// A line decoration.
model::decoration line(double x1, double y1, double x2, double y2, double thickness, const model::color& stroke) {
    model::decoration d;
    d.what = model::decoration::kind::line;
    d.x = x1;
    d.y = y1;
    d.x2 = x2;
    d.y2 = y2;
    d.thickness = thickness;
    d.stroke = stroke;
    return d;
}

// The frames: a heavy outer line, a fine line inside it, the inner frame doubled in gold.
void add_frames(const border_spec& b, std::vector<model::decoration>& out) {
    const double w = b.width, h = b.height, i = b.inset, in = b.inset + b.band;
    out.push_back(rect(i, i, w - 2 * i, h - 2 * i, b.thickness, b.color));
    const double fine = i + b.thickness / 2 + 2.5;
    out.push_back(rect(fine, fine, w - 2 * fine, h - 2 * fine, 0.75, b.color));
    out.push_back(rect(in, in, w - 2 * in, h - 2 * in, 1.25, b.color));
    const double gold = in + 3;
    out.push_back(rect(gold, gold, w - 2 * gold, h - 2 * gold, 0.6, b.accent));
}

// One corner: a red block across the band with a gold square in it, gold brackets and a
// small lozenge reaching into the page. (sx, sy) = +1 or -1 point the corner inwards.
void add_corner(const border_spec& b, double cx, double cy, double sx, double sy,
                std::vector<model::decoration>& out) {
    const double s = b.band;                          // the block covers the band
    const double bx = sx > 0 ? cx : cx - s, by = sy > 0 ? cy : cy - s;
    out.push_back(rect(bx, by, s, s, 0.75, b.color, true, b.color));
    const double q = s * 0.28;
    out.push_back(rect(bx + q, by + q, s - 2 * q, s - 2 * q, 0.6, b.accent, true, b.accent));
    const double ix = cx + sx * s, iy = cy + sy * s;  // the inner frame's corner
    for (double step : {6.0, 10.0}) {                 // two gold brackets
        out.push_back(line(ix + sx * step, iy + sy * step, ix + sx * b.corner, iy + sy * step, 0.8, b.accent));
        out.push_back(line(ix + sx * step, iy + sy * step, ix + sx * step, iy + sy * b.corner, 0.8, b.accent));
    }
    const double mx = ix + sx * 15, my = iy + sy * 15, r = 4;  // a lozenge on the diagonal
    out.push_back(line(mx - r, my, mx, my - r, 0.9, b.color));
    out.push_back(line(mx, my - r, mx + r, my, 0.9, b.color));
    out.push_back(line(mx + r, my, mx, my + r, 0.9, b.color));
    out.push_back(line(mx, my + r, mx - r, my, 0.9, b.color));
}

// The middle of each side: a red block on the band with gold rays along the frame.
void add_side_marks(const border_spec& b, std::vector<model::decoration>& out) {
    const double s = b.band * 0.7, q = s * 0.3, i = b.inset + (b.band - s) / 2;
    const double cx = b.width / 2, cy = b.height / 2;
    const double spots[4][2] = {{cx - s / 2, i}, {cx - s / 2, b.height - i - s}, {i, cy - s / 2}, {b.width - i - s, cy - s / 2}};
    for (const auto& p : spots) {
        out.push_back(rect(p[0], p[1], s, s, 0.75, b.color, true, b.color));
        out.push_back(rect(p[0] + q, p[1] + q, s - 2 * q, s - 2 * q, 0.5, b.accent, true, b.accent));
    }
}

}  // namespace

// Reads <border>: the frames, the corner ornaments and the marks on each side, as decorations.
void load_border(loader& l, const pugi::xml_node& n) {
    l.check_attributes(n, {"inset", "band", "thickness", "corner", "color", "accent"});
    border_spec b;
    b.inset = l.read_points_attr(n, "inset", b.inset);
    b.band = l.read_points_attr(n, "band", b.band);
    b.thickness = l.read_points_attr(n, "thickness", b.thickness);
    b.corner = l.read_points_attr(n, "corner", b.corner);
    for (const char* a : {"color", "accent"})
        if (pugi::xml_attribute at = n.attribute(a))
            if (read_status s = read_color(at.value(), a[0] == 'c' ? b.color : b.accent); !s) l.error(l.where_attr(n, a), s.message);
    b.width = l.def.page.width;
    b.height = l.def.page.height;
    if (2 * (b.inset + b.band + b.corner) >= std::min(b.width, b.height)) {
        l.error(l.where(n), "the border leaves no room inside it (make inset, band or corner smaller)");
        return;
    }
    add_frames(b, l.def.decorations);
    const double in = b.inset;
    add_corner(b, in, in, 1, 1, l.def.decorations);
    add_corner(b, b.width - in, in, -1, 1, l.def.decorations);
    add_corner(b, in, b.height - in, 1, -1, l.def.decorations);
    add_corner(b, b.width - in, b.height - in, -1, -1, l.def.decorations);
    add_side_marks(b, l.def.decorations);
}

}  // namespace tmpl
