// Owns columns side by side (NĐ30 header blocks, signatures): one slab, never split.
#include <algorithm>

#include "layout/flow.hpp"

namespace layout {

namespace {

// Column widths: the given ones (scaled down if they and the gaps exceed the width),
// columns without a width sharing what is left equally.
std::vector<double> size_columns(const model::columns& c, double width) {
    const std::size_t n = c.cols.size();
    const double room = std::max(0.0, width - c.gap * double(n - 1));
    std::vector<double> w;
    double fixed = 0;
    std::size_t shared = 0;
    for (const model::column& col : c.cols) {
        w.push_back(std::max(0.0, col.width));
        fixed += w.back();
        if (w.back() <= 0) ++shared;
    }
    if (shared > 0 && fixed >= room) return std::vector<double>(n, room / double(n));
    if (fixed > room) {
        for (double& x : w) x *= room / fixed;
        return w;
    }
    for (double& x : w) {
        if (x <= 0) x = (room - fixed) / double(shared);
    }
    return w;
}

// The column's blocks as one slab: all of them, or all but the last (`head`), or the last alone.
enum class part { all, head, last };
slab flow_column(const model::column& col, part which, double width, const flow_context& ctx, const std::string& where) {
    if (which == part::all || col.blocks.empty())
        return merge_slabs(which == part::last ? std::vector<slab>{} : flow_blocks(col.blocks, width, ctx, where), true);
    const auto split = col.blocks.end() - 1;
    const std::vector<model::block> blocks = which == part::head ? std::vector<model::block>(col.blocks.begin(), split)
                                                                 : std::vector<model::block>(split, col.blocks.end());
    return merge_slabs(flow_blocks(blocks, width, ctx, where), true);
}

}  // namespace

// Columns side by side: each column a stack of blocks in its own width; the slab is as
// tall as the tallest column and carries the columns' spacing.
slab place_columns(const model::columns& c, double width, const flow_context& ctx, const std::string& where) {
    slab out;
    out.space_before = c.space_before;
    out.space_after = c.space_after;
    out.what = "columns (" + where + ")";
    if (c.cols.empty()) return out;
    const std::vector<double> widths = size_columns(c, width);
    // With align_last, every column's last block starts below the tallest of the others' heads.
    const part first = c.align_last ? part::head : part::all;
    std::vector<slab> heads, lasts;
    double head_height = 0;
    for (std::size_t i = 0; i < c.cols.size(); ++i) {
        const std::string col_where = where + "/col[" + std::to_string(i + 1) + "]";
        const double w = std::max(1.0, widths[i]);
        heads.push_back(flow_column(c.cols[i], first, w, ctx, col_where));
        lasts.push_back(c.align_last ? flow_column(c.cols[i], part::last, w, ctx, col_where) : slab{});
        head_height = std::max(head_height, heads.back().height);
    }
    double x = 0;
    for (std::size_t i = 0; i < c.cols.size(); ++i) {
        out.keeps.insert(out.keeps.end(), heads[i].keeps.begin(), heads[i].keeps.end());
        for (const keep_range& k : lasts[i].keeps) out.keeps.emplace_back(k.first + head_height, k.second + head_height);
        out.height = std::max(out.height, c.align_last ? head_height + lasts[i].height : heads[i].height);
        append_boxes(out.content, std::move(heads[i].content), x, 0);
        append_boxes(out.content, std::move(lasts[i].content), x, head_height);
        x += widths[i] + c.gap;
    }
    return out;
}

}  // namespace layout
