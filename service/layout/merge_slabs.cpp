// Owns stacking slabs into one (cells, columns, groups kept together) and moving boxes.
#include <algorithm>
#include <cmath>

#include "layout/flow.hpp"

namespace layout {

namespace {

// Whether two lines are drawn the same, to a thousandth of a point.
bool same_line(const line_box& a, const line_box& b) {
    const auto near = [](double u, double v) { return std::fabs(u - v) < 1e-3; };
    return near(a.x1, b.x1) && near(a.y1, b.y1) && near(a.x2, b.x2) && near(a.y2, b.y2) &&
           near(a.thickness, b.thickness) && a.stroke == b.stroke;
}

}  // namespace

// Makes room for `more` elements at the end of v, growing geometrically (never one by one).
template <class T>
void make_room(std::vector<T>& v, std::size_t more) {
    const std::size_t need = v.size() + more;
    if (need > v.capacity()) v.reserve(std::max(need, 2 * v.capacity()));
}

// Puts the boxes of one page-like container into another, moved by (dx, dy); a line
// drawn exactly over the last line already there is dropped.
void append_boxes(page& into, page from, double dx, double dy) {
    make_room(into.rects, from.rects.size());
    for (rect_box& r : from.rects) {
        r.x += dx;
        r.y += dy;
        into.rects.push_back(std::move(r));
    }
    make_room(into.images, from.images.size());
    for (image_box& i : from.images) {
        i.x += dx;
        i.y += dy;
        into.images.push_back(std::move(i));
    }
    make_room(into.lines, from.lines.size());
    for (line_box& l : from.lines) {
        l.x1 += dx;
        l.x2 += dx;
        l.y1 += dy;
        l.y2 += dy;
        if (!into.lines.empty() && same_line(into.lines.back(), l)) continue;  // a border two rows share
        into.lines.push_back(l);
    }
    for (sign_place& s : from.sign_places) {
        s.x += dx;
        s.y += dy;
        into.sign_places.push_back(s);
    }
    make_room(into.texts, from.texts.size());
    for (text_box& t : from.texts) {
        t.x += dx;
        t.y += dy;
        into.texts.push_back(std::move(t));
    }
}

// Stacks slabs top to bottom (forced page breaks are ignored inside one slab). With
// outer_spacing_inside the first space_before and last space_after are part of the height
// (a cell, a column); otherwise the merged slab carries them (a group on the page).
slab merge_slabs(std::vector<slab> slabs, bool outer_spacing_inside) {
    slab out;
    std::vector<slab*> parts;
    parts.reserve(slabs.size());
    for (slab& s : slabs) {
        if (!s.page_break) parts.push_back(&s);
    }
    double y = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        slab& s = *parts[i];
        if (i > 0 || outer_spacing_inside) y += s.space_before;
        append_boxes(out.content, std::move(s.content), 0, y);
        for (const keep_range& k : s.keeps) out.keeps.push_back({k.first + y, k.second + y});
        y += s.height;
        if (i + 1 < parts.size() || outer_spacing_inside) y += s.space_after;
    }
    out.height = y;
    if (!outer_spacing_inside && !parts.empty()) {
        out.space_before = parts.front()->space_before;
        out.space_after = parts.back()->space_after;
        out.keep_with_next = parts.back()->keep_with_next;
    }
    return out;
}

}  // namespace layout
