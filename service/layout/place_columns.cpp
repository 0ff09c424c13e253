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
    double x = 0;
    for (std::size_t i = 0; i < c.cols.size(); ++i) {
        const std::string col_where = where + "/col[" + std::to_string(i + 1) + "]";
        slab col = merge_slabs(flow_blocks(c.cols[i].blocks, std::max(1.0, widths[i]), ctx, col_where), true);
        append_boxes(out.content, std::move(col.content), x, 0);
        out.keeps.insert(out.keeps.end(), col.keeps.begin(), col.keeps.end());
        out.height = std::max(out.height, col.height);
        x += widths[i] + c.gap;
    }
    return out;
}

}  // namespace layout
