// Owns columns side by side (NĐ30 header blocks, signatures): one slab, never split, neighbours kept apart.
#include <algorithm>
#include <limits>
#include <set>
#include <utility>

#include "layout/flow.hpp"

namespace layout {

namespace {

// How much smaller each try of a column giving way sets its type, as a share of the full size.
constexpr double shrink_step = 0.025;

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

// A column set in a measure from its left edge: its blocks (with align_last, all but the last in
// head and the last apart).
struct set_column {
    slab head, last;
};

// Sets a column's blocks in a measure.
set_column set_blocks(const model::column& col, bool align_last, double measure, const flow_context& ctx,
                      const std::string& where) {
    set_column out;
    out.head = flow_column(col, align_last ? part::head : part::all, measure, ctx, where);
    if (align_last) out.last = flow_column(col, part::last, measure, ctx, where);
    return out;
}

// The horizontal extent of what a column prints (texts, images, lines, rectangles) from its
// left edge; left > right when it prints nothing.
struct ink {
    double left = std::numeric_limits<double>::infinity();
    double right = -std::numeric_limits<double>::infinity();
    bool empty() const { return left > right; }
};

// Widens an extent by what a page of boxes prints.
void add_ink(const page& p, ink& out) {
    const auto span = [&](double a, double b) {
        out.left = std::min({out.left, a, b});
        out.right = std::max({out.right, a, b});
    };
    for (const text_box& t : p.texts) span(t.x, t.x + t.width);
    for (const image_box& i : p.images) span(i.x, i.x + i.width);
    for (const line_box& l : p.lines) span(l.x1, l.x2);
    for (const rect_box& r : p.rects) span(r.x, r.x + r.width);
}

// What a set column prints, from the column's left edge.
ink ink_of(const set_column& c) {
    ink out;
    add_ink(c.head.content, out);
    add_ink(c.last.content, out);
    return out;
}

// The largest type size of the blocks' paragraphs (nested columns and groups included).
double largest_size(const std::vector<model::block>& blocks) {
    double largest = 0;
    for (const model::block& b : blocks) {
        for (const model::run& r : b.p.runs) largest = std::max(largest, r.size);
        for (const model::run& r : b.p.label) largest = std::max(largest, r.size);
        for (const model::column& c : b.cols.cols) largest = std::max(largest, largest_size(c.blocks));
        largest = std::max(largest, largest_size(b.grp.blocks));
    }
    return largest;
}

// Scales the type of the blocks' paragraphs, none below `floor` (type already smaller stays).
void shrink_type(std::vector<model::block>& blocks, double scale, double floor) {
    const auto shrink = [&](model::run& r) { r.size = std::max(std::min(r.size, floor), r.size * scale); };
    for (model::block& b : blocks) {
        if (b.what == model::block::kind::paragraph) {
            std::for_each(b.p.runs.begin(), b.p.runs.end(), shrink);
            std::for_each(b.p.label.begin(), b.p.label.end(), shrink);
        }
        for (model::column& c : b.cols.cols) shrink_type(c.blocks, scale, floor);
        shrink_type(b.grp.blocks, scale, floor);
    }
}

// The widest word of the blocks' paragraphs: a column is never set narrower (a word would be cut).
double widest_word(const std::vector<model::block>& blocks, const flow_context& ctx) {
    double widest = 0;
    for (const model::block& b : blocks) {
        if (b.what == model::block::kind::paragraph)
            for (const word& w : shape_runs(b.p.runs, ctx)) widest = std::max(widest, w.width);
        if (b.what == model::block::kind::image) widest = std::max(widest, b.img.width);
        if (b.what == model::block::kind::qr) widest = std::max(widest, b.code.size);
        for (const model::column& c : b.cols.cols) widest = std::max(widest, widest_word(c.blocks, ctx));
        widest = std::max(widest, widest_word(b.grp.blocks, ctx));
    }
    return widest;
}

// A column set again so that what it prints ends at `limit` (from its left edge) at the most:
// its type shrunk step by step down to its min_size, then its lines set in a measure narrowed
// from the right (centred lines move left rather than wrap), never narrower than its widest
// word nor half its width.
set_column give_way(const model::column& col, bool align_last, double width, double limit, set_column laid,
                    const flow_context& ctx, const std::string& where) {
    // The tries are quiet: what they would warn about, the first setting of the column has told.
    vanthu::diagnostics told;
    std::set<std::pair<std::string, char32_t>> glyphs_told;
    if (ctx.reported_glyphs) glyphs_told = *ctx.reported_glyphs;
    const flow_context quiet{ctx.metrics, told, ctx.page_height, ctx.max_pages, &glyphs_told, ctx.glyphs, ctx.deadline};
    model::column shrunk = col;
    const double largest = largest_size(col.blocks);
    if (col.min_size > 0 && largest > col.min_size + tolerance) {
        const double floor_scale = col.min_size / largest;
        for (double scale = 1 - shrink_step; ink_of(laid).right > limit + tolerance; scale -= shrink_step) {
            shrunk.blocks = col.blocks;
            shrink_type(shrunk.blocks, std::max(scale, floor_scale), col.min_size);
            laid = set_blocks(shrunk, align_last, width, quiet, where);
            if (scale <= floor_scale) break;
        }
    }
    if (ink_of(laid).right <= limit + tolerance) return laid;
    // The widest measure that keeps clear, found by halving: narrower measures end further left.
    double fits = std::max(width / 2, widest_word(shrunk.blocks, quiet)), too_wide = width;
    set_column narrow = set_blocks(shrunk, align_last, fits, quiet, where);
    if (ink_of(narrow).right <= limit + tolerance) {
        for (int step = 0; step < 12 && too_wide - fits > 0.1; ++step) {
            const double measure = (fits + too_wide) / 2;
            set_column tried = set_blocks(shrunk, align_last, measure, quiet, where);
            if (ink_of(tried).right <= limit + tolerance) {
                fits = measure;
                narrow = std::move(tried);
            } else {
                too_wide = measure;
            }
        }
        return narrow;
    }
    ctx.problems.warning({{}, 0, 0, where}, "what two columns print comes closer than their clear space",
                         "shorten the text, or make the column wider or its min-size smaller");
    return narrow;
}

// Keeps `clear` points between what neighbouring columns print: the left one of a pair that
// comes closer gives way.
void keep_clear(const model::columns& c, const std::vector<double>& widths, const std::vector<double>& xs,
                std::vector<set_column>& laid, const flow_context& ctx, const std::string& where) {
    for (std::size_t i = 0; i + 1 < laid.size(); ++i) {
        const ink left = ink_of(laid[i]), right = ink_of(laid[i + 1]);
        if (left.empty() || right.empty()) continue;
        const double limit = xs[i + 1] + right.left - c.clear - xs[i];
        if (left.right <= limit + tolerance) continue;
        const std::string col_where = where + "/col[" + std::to_string(i + 1) + "]";
        laid[i] = give_way(c.cols[i], c.align_last, std::max(1.0, widths[i]), limit, std::move(laid[i]), ctx, col_where);
    }
}

}  // namespace

// Columns side by side: each column a stack of blocks in its own width, kept `clear` apart;
// the slab is as tall as the tallest column and carries the columns' spacing.
slab place_columns(const model::columns& c, double width, const flow_context& ctx, const std::string& where) {
    slab out;
    out.space_before = c.space_before;
    out.space_after = c.space_after;
    out.what = "columns (" + where + ")";
    if (c.cols.empty()) return out;
    const std::vector<double> widths = size_columns(c, width);
    std::vector<double> xs;
    std::vector<set_column> laid;
    for (std::size_t i = 0; i < c.cols.size(); ++i) {
        xs.push_back(i == 0 ? 0 : xs.back() + widths[i - 1] + c.gap);
        const std::string col_where = where + "/col[" + std::to_string(i + 1) + "]";
        laid.push_back(set_blocks(c.cols[i], c.align_last, std::max(1.0, widths[i]), ctx, col_where));
    }
    if (c.clear > 0) keep_clear(c, widths, xs, laid, ctx, where);
    // With align_last, every column's last block starts below the tallest of the others' heads.
    double head_height = 0;
    for (const set_column& s : laid) head_height = std::max(head_height, s.head.height);
    for (std::size_t i = 0; i < laid.size(); ++i) {
        set_column& s = laid[i];
        out.keeps.insert(out.keeps.end(), s.head.keeps.begin(), s.head.keeps.end());
        for (const keep_range& k : s.last.keeps) out.keeps.emplace_back(k.first + head_height, k.second + head_height);
        out.height = std::max(out.height, c.align_last ? head_height + s.last.height : s.head.height);
        append_boxes(out.content, std::move(s.head.content), xs[i], 0);
        append_boxes(out.content, std::move(s.last.content), xs[i], head_height);
    }
    return out;
}

}  // namespace layout
