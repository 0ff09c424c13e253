// Owns the simple blocks: rules, spacers and images, placed with their alignment.
#include <algorithm>

#include "layout/flow.hpp"

namespace layout {

namespace {

// The x of something of a given width aligned in the flow's width.
double align_box(model::align a, double box_width, double width) {
    if (a == model::align::center) return (width - box_width) / 2;
    if (a == model::align::right) return width - box_width;
    return 0;
}

}  // namespace

// A horizontal rule: its length (0 = the full width, never wider than the flow) aligned.
slab place_rule(const model::rule& r, double width) {
    slab s;
    const double length = r.length <= 0 ? width : std::min(r.length, width);
    const double x = align_box(r.alignment, length, width);
    s.height = r.thickness;
    s.content.lines.push_back(line_box{x, r.thickness / 2, x + length, r.thickness / 2, r.thickness, {}});
    s.space_before = r.space_before;
    s.space_after = r.space_after;
    s.what = "rule";
    return s;
}

// Empty vertical space.
slab place_spacer(const model::spacer& sp, double width) {
    slab s;
    s.height = std::max(0.0, sp.height);
    if (sp.sign_place) s.content.sign_places.push_back(sign_place{0, 0, width, s.height});
    s.what = "spacer";
    return s;
}

namespace {

// A slab of a fixed height that never splits across pages (an image, a QR code).
void hold_whole(slab& s, double height, double space_before, double space_after, const char* what) {
    s.height = height;
    s.keeps.push_back({0, height});
    s.space_before = space_before;
    s.space_after = space_after;
    s.what = what;
}

}  // namespace

// An image box aligned in the width, scaled down (keeping its proportions) to fit the
// width and the page.
slab place_image(const model::image& img, double width, const flow_context& ctx, const std::string& where) {
    slab s;
    double w = img.width, h = img.height;
    const double scale = std::min({1.0, w > 0 ? width / w : 1.0, h > 0 ? ctx.page_height / h : 1.0});
    if (scale < 1.0) {
        ctx.problems.warning({{}, 0, 0, where}, "image larger than the text area, scaled down",
                             "give the image a smaller width or height");
        w *= scale;
        h *= scale;
    }
    s.content.images.push_back(image_box{img.path, align_box(img.alignment, w, width), 0, w, h});
    hold_whole(s, h, img.space_before, img.space_after, "image");
    return s;
}

// A QR code aligned in the width: each row's runs of dark modules as filled rectangles (no
// stroke, so neighbours meet without a seam), inside a quiet zone of 4 light modules.
slab place_qr(const model::qr_code& code, double width, const flow_context& ctx, const std::string& where) {
    slab s;
    double size = code.size;
    if (size > width) {
        ctx.problems.warning({{}, 0, 0, where}, "QR code larger than the text area, scaled down", "give it a smaller size");
        size = width;
    }
    const int n = code.modules;
    const double module = size / (n + 8);
    const double left = align_box(code.alignment, size, width) + 4 * module;
    for (int row = 0; row < n; ++row) {
        for (int col = 0; col < n;) {
            if (!code.dark[static_cast<std::size_t>(row * n + col)]) {
                ++col;
                continue;
            }
            int end = col;
            while (end < n && code.dark[static_cast<std::size_t>(row * n + end)]) ++end;
            rect_box r;
            r.x = left + col * module;
            r.y = (4 + row) * module;
            r.width = (end - col) * module;
            r.height = module;
            r.stroked = false;
            r.filled = true;
            r.fill = model::color{0, 0, 0};
            s.content.rects.push_back(r);
            col = end;
        }
    }
    hold_whole(s, size, code.space_before, code.space_after, "QR code");
    return s;
}

}  // namespace layout
