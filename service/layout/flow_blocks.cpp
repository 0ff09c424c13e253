// Owns turning a list of blocks into slabs: the dispatch over block kinds and groups.
#include "layout/flow.hpp"

namespace layout {

namespace {

// The slabs of a group: merged into one when it is kept together and fits a page.
std::vector<slab> flow_group(const model::group& g, double width, const flow_context& ctx, const std::string& where) {
    std::vector<slab> inner = flow_blocks(g.blocks, width, ctx, where);
    if (!g.keep_together || inner.empty()) return inner;
    slab whole = merge_slabs(inner, false);
    if (whole.height > ctx.page_height + tolerance) {
        ctx.problems.warning({{}, 0, 0, where}, "group kept together is taller than a page; laid out across pages",
                             "shorten the group or set keep_together to false");
        return inner;
    }
    whole.what = "group (" + where + ")";
    return {whole};
}

// The slabs of one block.
std::vector<slab> flow_block(const model::block& b, double width, const flow_context& ctx, const std::string& where) {
    using kind = model::block::kind;
    switch (b.what) {
    case kind::paragraph: return place_paragraph(b.p, width, ctx);
    case kind::columns: return {place_columns(b.cols, width, ctx, where)};
    case kind::table: return place_table(b.tbl, width, ctx, where);
    case kind::rule: return {place_rule(b.rl, width)};
    case kind::spacer: return {place_spacer(b.sp, width)};
    case kind::image: return {place_image(b.img, width, ctx, where)};
    case kind::qr: return {place_qr(b.code, width, ctx, where)};
    case kind::group: return flow_group(b.grp, width, ctx, where);
    case kind::box: return {place_box(b.bx, ctx, where)};
    case kind::page_break: {
        slab s;
        s.page_break = true;
        return {s};
    }
    }
    return {};
}

// A group that keeps the block before with it: the last slab laid so far (that block's last line,
// its last row) keeps with the next, so widow control brings the paragraph's last two lines.
void keep_previous_with(const model::block& b, std::vector<slab>& out) {
    if (b.what != model::block::kind::group || !b.grp.keep_previous) return;
    for (auto s = out.rbegin(); s != out.rend(); ++s) {
        if (s->positioned) continue;  // outside the flow
        if (!s->page_break) s->keep_with_next = true;
        return;
    }
}

// Whether slabs this tall in all, with this many forced breaks, need more pages than the limit
// even before pagination: a page holds at most its text height, and each break starts one.
bool surely_over_page_limit(double height, std::size_t breaks, const flow_context& ctx) {
    if (ctx.max_pages == 0) return false;
    const double limit = static_cast<double>(ctx.max_pages) + 1;
    return static_cast<double>(breaks) > limit || height > limit * ctx.page_height;
}

}  // namespace

std::vector<slab> flow_document(const std::vector<model::block>& blocks, double width, const flow_context& ctx) {
    std::vector<slab> out;
    double height = 0;
    std::size_t breaks = 0;
    for (std::size_t i = 0; i < blocks.size() && !ctx.out_of_time(); ++i) {
        const std::string block_where = "/block[" + std::to_string(i + 1) + "]";
        keep_previous_with(blocks[i], out);
        for (slab& s : flow_block(blocks[i], width, ctx, block_where)) {
            if (s.what.empty()) s.what = block_where;
            if (s.page_break) ++breaks;
            else if (!s.positioned) height += s.height;
            out.push_back(std::move(s));
        }
        if (surely_over_page_limit(height, breaks, ctx)) break;
    }
    return out;
}

// The slabs of a list of blocks in reading order; where names the list for diagnostics.
std::vector<slab> flow_blocks(const std::vector<model::block>& blocks, double width, const flow_context& ctx,
                              const std::string& where) {
    std::vector<slab> out;
    for (std::size_t i = 0; i < blocks.size() && !ctx.out_of_time(); ++i) {
        const std::string block_where = where + "/block[" + std::to_string(i + 1) + "]";
        keep_previous_with(blocks[i], out);
        for (slab& s : flow_block(blocks[i], width, ctx, block_where)) {
            if (s.what.empty()) s.what = block_where;
            out.push_back(std::move(s));
        }
    }
    return out;
}

}  // namespace layout
