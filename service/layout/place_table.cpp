// Owns tables: column widths, cells laid out in their width, borders, rows as slabs.
#include <algorithm>
#include <memory>

#include "layout/flow.hpp"

namespace layout {

namespace {

// Column widths: the given ones (scaled down if they exceed the width), columns without
// a width sharing what is left equally.
std::vector<double> size_columns(const model::table& t, double width, std::size_t count) {
    std::vector<double> w(count, 0.0);
    double fixed = 0;
    std::size_t shared = 0;
    for (std::size_t i = 0; i < count; ++i) {
        w[i] = i < t.widths.size() ? std::max(0.0, t.widths[i]) : 0.0;
        fixed += w[i];
        if (w[i] <= 0) ++shared;
    }
    if (shared > 0 && fixed >= width) return std::vector<double>(count, width / double(count));
    if (fixed > width) {
        for (double& x : w) x *= width / fixed;
        return w;
    }
    for (double& x : w) {
        if (x <= 0) x = (width - fixed) / double(shared);
    }
    return w;
}

// One row as a slab: each cell's blocks in the cell's inner width, the row as tall as its
// tallest cell, borders drawn as lines around every cell.
slab place_row(const model::table_row& row, const std::vector<double>& widths, const model::table& t,
               const flow_context& ctx, const std::string& where) {
    slab out;
    std::vector<slab> cells;
    double height = 0;
    for (std::size_t i = 0; i < widths.size(); ++i) {
        const double inner = std::max(1.0, widths[i] - 2 * t.padding);
        slab cell;
        if (i < row.cells.size()) cell = merge_slabs(flow_blocks(row.cells[i].blocks, inner, ctx, where), true);
        height = std::max(height, cell.height + 2 * t.padding);
        cells.push_back(std::move(cell));
    }
    double x = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        append_boxes(out.content, std::move(cells[i].content), x + t.padding, t.padding);
        for (const keep_range& k : cells[i].keeps) out.keeps.push_back({k.first + t.padding, k.second + t.padding});
        x += widths[i];
    }
    out.height = height;
    if (t.border > 0) {
        // Top first and bottom last: where rows meet, append_boxes drops the repeated line.
        out.content.lines.push_back(line_box{0, 0, x, 0, t.border, {}});
        double edge = 0;
        for (std::size_t i = 0; i <= widths.size(); ++i) {
            out.content.lines.push_back(line_box{edge, 0, edge, height, t.border, {}});
            if (i < widths.size()) edge += widths[i];
        }
        out.content.lines.push_back(line_box{0, height, x, height, t.border, {}});
    }
    return out;
}

}  // namespace

// A table as slabs: the header rows as one slab kept with the first row, then one slab per
// row, each able to repeat the header when it opens a page.
std::vector<slab> place_table(const model::table& t, double width, const flow_context& ctx, const std::string& where) {
    std::size_t count = t.widths.size();
    for (const auto* rows : {&t.header, &t.rows}) {
        for (const model::table_row& r : *rows) count = std::max(count, r.cells.size());
    }
    std::vector<slab> out;
    if (count == 0) return out;
    const std::vector<double> widths = size_columns(t, width, count);
    std::shared_ptr<const slab> header;
    if (!t.header.empty()) {
        std::vector<slab> rows;
        for (const model::table_row& r : t.header) rows.push_back(place_row(r, widths, t, ctx, where + "/header"));
        slab h = merge_slabs(std::move(rows), true);
        h.keep_with_next = true;
        h.what = "table header (" + where + ")";
        header = std::make_shared<const slab>(h);
        out.push_back(std::move(h));
    }
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const std::string row_where = where + "/row[" + std::to_string(i + 1) + "]";
        slab s = place_row(t.rows[i], widths, t, ctx, row_where);
        s.repeat_header = header;
        s.what = "table row (" + row_where + ")";
        out.push_back(std::move(s));
    }
    out.front().space_before = t.space_before;
    out.back().space_after = t.space_after;
    if (t.rows.empty()) out.back().keep_with_next = false;
    return out;
}

}  // namespace layout
