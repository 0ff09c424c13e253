// Owns layout_memo: boxes laid out earlier in a batch, found again by their content.
#include "layout/flow.hpp"

namespace layout {

namespace {

// Every comparison is declared first: the list template below calls them by name.
bool same(const std::vector<model::block>& a, const std::vector<model::block>& b);
bool same(const model::block& a, const model::block& b);
bool same(const model::column& a, const model::column& b);
bool same(const model::table_cell& a, const model::table_cell& b);
bool same(const model::table_row& a, const model::table_row& b);

// Runs with the same text, style and source.
bool same(const model::run& a, const model::run& b) {
    return a.text == b.text && a.font == b.font && a.size == b.size && a.fill == b.fill && a.underline == b.underline &&
           a.line_break == b.line_break && a.keep_together == b.keep_together && a.source_line == b.source_line &&
           a.source_column == b.source_column && a.source_path == b.source_path;
}

// Lists whose items are pairwise the same.
template <class T>
bool same_list(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i])) return false;
    return true;
}

bool same(const model::paragraph& a, const model::paragraph& b) {
    const model::rule_below& r = a.rule;
    const model::rule_below& s = b.rule;
    return a.alignment == b.alignment && a.first_indent == b.first_indent && a.left_indent == b.left_indent &&
           a.right_indent == b.right_indent && a.space_before == b.space_before && a.space_after == b.space_after &&
           a.line_height == b.line_height && a.keep_with_next == b.keep_with_next && a.label_width == b.label_width &&
           a.max_lines == b.max_lines && r.measure == s.measure && r.fraction == s.fraction && r.length == s.length &&
           r.thickness == s.thickness && r.gap == s.gap && same_list(a.runs, b.runs) && same_list(a.label, b.label);
}

bool same(const model::column& a, const model::column& b) {
    return a.width == b.width && a.min_size == b.min_size && same(a.blocks, b.blocks);
}
bool same(const model::table_cell& a, const model::table_cell& b) { return same(a.blocks, b.blocks); }
bool same(const model::table_row& a, const model::table_row& b) { return same_list(a.cells, b.cells); }

bool same(const model::box& a, const model::box& b) {
    return a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height && a.vertical == b.vertical &&
           a.shrink == b.shrink && a.min_scale == b.min_scale && same(a.blocks, b.blocks);
}

// Blocks of one kind with the same content; what layout does not read for that kind is not compared.
bool same(const model::block& a, const model::block& b) {
    using kind = model::block::kind;
    if (a.what != b.what) return false;
    switch (a.what) {
    case kind::paragraph: return same(a.p, b.p);
    case kind::columns:
        return a.cols.gap == b.cols.gap && a.cols.space_before == b.cols.space_before &&
               a.cols.space_after == b.cols.space_after && a.cols.align_last == b.cols.align_last &&
               a.cols.clear == b.cols.clear && same_list(a.cols.cols, b.cols.cols);
    case kind::table:
        return a.tbl.widths == b.tbl.widths && a.tbl.border == b.tbl.border && a.tbl.padding == b.tbl.padding &&
               a.tbl.space_before == b.tbl.space_before && a.tbl.space_after == b.tbl.space_after &&
               same_list(a.tbl.header, b.tbl.header) && same_list(a.tbl.rows, b.tbl.rows);
    case kind::rule:
        return a.rl.length == b.rl.length && a.rl.alignment == b.rl.alignment && a.rl.thickness == b.rl.thickness &&
               a.rl.space_before == b.rl.space_before && a.rl.space_after == b.rl.space_after;
    case kind::spacer: return a.sp.height == b.sp.height && a.sp.sign_place == b.sp.sign_place;
    case kind::image:
        return a.img.path == b.img.path && a.img.width == b.img.width && a.img.height == b.img.height &&
               a.img.alignment == b.img.alignment && a.img.space_before == b.img.space_before &&
               a.img.space_after == b.img.space_after;
    case kind::qr:
        return a.code.modules == b.code.modules && a.code.dark == b.code.dark && a.code.size == b.code.size &&
               a.code.alignment == b.code.alignment && a.code.space_before == b.code.space_before &&
               a.code.space_after == b.code.space_after;
    case kind::group:
        return a.grp.keep_together == b.grp.keep_together && a.grp.keep_previous == b.grp.keep_previous &&
               same(a.grp.blocks, b.grp.blocks);
    case kind::page_break: return true;
    case kind::box: return same(a.bx, b.bx);
    }
    return false;
}

bool same(const std::vector<model::block>& a, const std::vector<model::block>& b) { return same_list(a, b); }

// How many places are remembered: a certificate has about ten boxes, a few templates' worth is plenty.
constexpr std::size_t remembered_boxes = 64;
// A place whose box changed this many times (a recipient's name) is not copied any more.
constexpr int changes_before_giving_up = 2;

// Whether two boxes stand at the same place with the same size.
bool same_place(const model::box& a, const model::box& b) {
    return a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height;
}

}  // namespace

layout_memo::layout_memo() : self_(std::make_unique<impl>()) {}
layout_memo::~layout_memo() = default;

const slab* layout_memo::impl::find(const model::box& b, const font_metrics& metrics) {
    if (&metrics != measured_with) return nullptr;
    for (entry& e : entries) {
        if (!same_place(e.box, b)) continue;
        if (same(e.box, b)) return &e.laid;
        ++e.changes;  // the same place with other content: another recipient's text
    }
    return nullptr;
}

void layout_memo::impl::keep(const model::box& b, const font_metrics& metrics, const slab& laid) {
    if (&metrics != measured_with) {
        entries.clear();  // other fonts measure otherwise
        measured_with = &metrics;
    }
    for (entry& e : entries) {
        if (!same_place(e.box, b)) continue;
        if (e.changes >= changes_before_giving_up) return;  // it changes every time: copying would only cost
        e.box = b;
        e.laid = laid;
        return;
    }
    if (entries.size() >= remembered_boxes) entries.erase(entries.begin());
    entries.push_back({b, laid, 0});
}

}  // namespace layout
