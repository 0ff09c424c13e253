// Owns the forced split of a slab taller than a page: a cut where no line of text is cut.
#include <algorithm>

#include "layout/flow.hpp"

namespace layout {

namespace {

// Whether no kept range (a line of text, an image) straddles the height c.
bool is_clean_cut(const std::vector<keep_range>& keeps, double c) {
    for (const keep_range& k : keeps) {
        if (k.first < c - tolerance && k.second > c + tolerance) return false;
    }
    return true;
}

// The lowest clean cut at or above limit, or limit itself when there is none.
double choose_cut(const slab& s, double limit) {
    double best = 0;
    for (const keep_range& k : s.keeps) {
        for (double c : {k.first, k.second}) {
            if (c > best && c <= limit + tolerance && is_clean_cut(s.keeps, c)) best = c;
        }
    }
    return best > tolerance ? best : limit;
}

// Shares lines between head and tail at the cut c; vertical lines crossing it are cut in two.
void split_lines(const std::vector<line_box>& lines, double c, std::vector<line_box>& head,
                 std::vector<line_box>& tail) {
    for (const line_box& l : lines) {
        const double top = std::min(l.y1, l.y2), bottom = std::max(l.y1, l.y2);
        if (bottom <= c + tolerance) {
            head.push_back(l);
        } else if (top >= c - tolerance) {
            line_box moved = l;
            moved.y1 -= c;
            moved.y2 -= c;
            tail.push_back(moved);
        } else {  // a vertical border across the cut
            line_box upper = l, lower = l;
            upper.y1 = top;
            upper.y2 = c;
            lower.y1 = 0;
            lower.y2 = bottom - c;
            head.push_back(upper);
            tail.push_back(lower);
        }
    }
}

}  // namespace

// Cuts a slab at or above limit: boxes above the cut stay in the head, the others move to
// the tail (y from the cut).
std::pair<slab, slab> split_slab(const slab& s, double limit) {
    const double c = choose_cut(s, limit);
    slab head, tail;
    head.what = tail.what = s.what;
    head.space_before = s.space_before;
    tail.space_after = s.space_after;
    tail.keep_with_next = s.keep_with_next;
    head.height = c;
    tail.height = std::max(0.0, s.height - c);
    for (const keep_range& k : s.keeps) {
        if (k.second <= c + tolerance) head.keeps.push_back(k);
        else tail.keeps.push_back({std::max(0.0, k.first - c), k.second - c});
    }
    for (const text_box& t : s.content.texts) {
        if (t.y <= c + tolerance) head.content.texts.push_back(t);
        else {
            tail.content.texts.push_back(t);
            tail.content.texts.back().y -= c;
        }
    }
    for (const image_box& i : s.content.images) {
        if (i.y < c - tolerance) head.content.images.push_back(i);
        else {
            tail.content.images.push_back(i);
            tail.content.images.back().y -= c;
        }
    }
    for (const sign_place& p : s.content.sign_places) {
        if (p.y < c - tolerance) head.content.sign_places.push_back(p);
        else {
            tail.content.sign_places.push_back(p);
            tail.content.sign_places.back().y -= c;
        }
    }
    for (const rect_box& r : s.content.rects) {
        if (r.y < c - tolerance) head.content.rects.push_back(r);
        else {
            tail.content.rects.push_back(r);
            tail.content.rects.back().y -= c;
        }
    }
    split_lines(s.content.lines, c, head.content.lines, tail.content.lines);
    return {head, tail};
}

}  // namespace layout
