// Owns boxes placed at a fixed place of the page: their text set in the box, shrunk or wrapped to fit.
#include <algorithm>

#include "layout/flow.hpp"

namespace layout {

namespace {

// How much smaller each try of a shrinking box is, as a share of the full size.
constexpr double shrink_step = 0.025;

// Scales the sizes of runs (their text and labels) and the spacing of paragraphs.
void scale_blocks(std::vector<model::block>& blocks, double scale) {
    for (model::block& b : blocks) {
        switch (b.what) {
        case model::block::kind::paragraph:
            for (model::run& r : b.p.runs) r.size *= scale;
            for (model::run& r : b.p.label) r.size *= scale;
            b.p.space_before *= scale;
            b.p.space_after *= scale;
            b.p.label_width *= scale;
            break;
        case model::block::kind::group: scale_blocks(b.grp.blocks, scale); break;
        case model::block::kind::columns:
            for (model::column& c : b.cols.cols) scale_blocks(c.blocks, scale);
            break;
        case model::block::kind::spacer: b.sp.height *= scale; break;
        default: break;  // tables, rules, images and nested boxes keep their size
        }
    }
}

// The content of a box at one scale, stacked into one slab; false when a paragraph
// needs more lines than it allows (honour_lines) or the whole is taller than the box.
bool try_scale(const model::box& b, double scale, bool honour_lines, const flow_context& ctx,
               const std::string& where, slab& out) {
    std::vector<model::block> scaled;
    if (scale < 1) {
        scaled = b.blocks;
        scale_blocks(scaled, scale);
    }
    const std::vector<model::block>& blocks = scale < 1 ? scaled : b.blocks;
    std::vector<slab> slabs;
    slabs.reserve(blocks.size());
    bool lines_ok = true;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const model::block& blk = blocks[i];
        std::vector<slab> part = blk.what == model::block::kind::paragraph
                                     ? place_paragraph(blk.p, b.width, ctx)
                                     : flow_blocks({blk}, b.width, ctx, where + "/block[" + std::to_string(i + 1) + "]");
        if (blk.what == model::block::kind::paragraph && blk.p.max_lines > 0 &&
            part.size() > static_cast<std::size_t>(blk.p.max_lines))
            lines_ok = false;
        for (slab& s : part) slabs.push_back(std::move(s));
    }
    out = merge_slabs(std::move(slabs), true);
    return (lines_ok || !honour_lines) && out.height <= b.height + tolerance;
}

// The largest scale from 1 down to the floor at which the content fits; false if none does.
bool shrink_to_fit(const model::box& b, bool honour_lines, const flow_context& ctx, const std::string& where,
                   slab& out) {
    const double floor = std::clamp(b.min_scale, 0.1, 1.0);
    for (double scale = 1.0; scale >= floor - tolerance; scale -= shrink_step)
        if (try_scale(b, std::max(scale, floor), honour_lines, ctx, where, out)) return true;
    return false;
}

}  // namespace

// A box: its blocks set in its width, shrunk when asked until each paragraph keeps to its
// max_lines and the whole fits the height; failing that, wrapped at the largest size that
// fits the height; failing that, at the floor with a warning. Boxes come out in page coordinates.
slab place_box(const model::box& b, const flow_context& ctx, const std::string& where) {
    if (ctx.memo) {
        if (const slab* known = ctx.memo->find(b, ctx.metrics)) {
            slab copy = *known;
            copy.what = where;
            return copy;
        }
    }
    const std::size_t problems_before = ctx.problems.items.size();
    slab content;
    bool fits = try_scale(b, 1.0, true, ctx, where, content);
    if (!fits && b.shrink) fits = shrink_to_fit(b, true, ctx, where, content) || shrink_to_fit(b, false, ctx, where, content);
    if (!fits && !b.shrink) fits = content.height <= b.height + tolerance;
    if (!fits) {
        if (b.shrink) try_scale(b, std::clamp(b.min_scale, 0.1, 1.0), false, ctx, where, content);
        ctx.problems.warning({{}, 0, 0, where}, "the text of a box does not fit its height; it runs over its edge",
                             "shorten the text, or make the box taller or its min-size smaller");
    }
    double offset = 0;
    const double room = std::max(0.0, b.height - content.height);
    if (b.vertical == model::v_align::middle) offset = room / 2;
    if (b.vertical == model::v_align::bottom) offset = room;
    slab out;
    out.positioned = true;
    append_boxes(out.content, std::move(content.content), b.x, b.y + offset);
    out.what = where;
    if (ctx.memo && ctx.problems.items.size() == problems_before && !ctx.out_of_time()) ctx.memo->keep(b, ctx.metrics, out);
    return out;
}

}  // namespace layout
