// Owns the body: template elements expanded (loops, tests) into paragraphs, tables, columns and the rest.
#include <qrencode.h>

#include "bind/build_blocks.hpp"

#include <algorithm>
#include <iterator>

#include "text/vietnamese.hpp"

namespace bind {

namespace {

using tmpl::elem;
using tmpl::elem_kind;

constexpr double default_label_width = 7 * 72 / 25.4;
constexpr double default_signature_blank = 30 * 72 / 25.4;

// The name a loop sorts an element by: its <name>, or its own text.
std::string sort_name(const record::node& n) {
    const record::node* name = n.child("name");
    return text::name_sort_key(name ? name->str : n.str);
}

// Calls visit(e) for every element that is not a loop or a test, running loops and taking branches.
template <class F>
void expand(const std::vector<elem>& elems, scope& sc, F&& visit) {
    for (const elem& e : elems) {
        if (sc.stopped) return;
        if (++sc.elements > sc.max_elements) {
            sc.stopped = true;
            if (sc.problems) sc.problems->error({}, "the template makes more than " + std::to_string(sc.max_elements) +
                                       " elements for this record; binding stopped",
                               "look for nested <for> loops");
            return;
        }
        if (sc.deadline && (sc.elements & 255) == 0 && sc.deadline->passed()) {
            sc.stopped = true;
            if (sc.problems) sc.problems->error({}, "binding stopped after " + sc.deadline->describe(),
                                                "look for nested <for> loops, or raise the time limit");
            return;
        }
        if (e.what == elem_kind::for_each) {
            std::vector<const record::node*> nodes = find_nodes(e.each, sc);
            if (e.order_by_name) {
                std::vector<std::pair<std::string, const record::node*>> keyed;
                for (const record::node* n : nodes) keyed.emplace_back(sort_name(*n), n);
                std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
                for (std::size_t i = 0; i < nodes.size(); ++i) nodes[i] = keyed[i].second;
            }
            int index = 0;
            for (const record::node* n : nodes) {
                sc.frames.push_back({e.var, n, ++index});
                expand(e.children, sc, visit);
                sc.frames.pop_back();
            }
        } else if (e.what == elem_kind::if_then) {
            expand(evaluate_condition(e.test, sc) ? e.children : e.otherwise, sc, visit);
        } else {
            visit(e);
        }
    }
}

// A length in points (a percentage taken of `whole`), or a fallback when the template did not give it.
double length_or(const std::optional<tmpl::length>& len, double whole, double fallback) {
    return len ? len->points(whole) : fallback;
}

// Appends the runs of inline elements: text, fields, <b>, <i>, <u>, <br/>.
void add_inline(const std::vector<elem>& elems, const tmpl::style& st, scope& sc, vanthu::diagnostics& problems,
                std::vector<model::run>& out) {
    expand(elems, sc, [&](const elem& e) {
        record::inline_text spans;
        const record::node* source = nullptr;
        if (e.what == elem_kind::text) {
            record::span s;
            s.text = e.literal;
            spans.push_back(s);
        } else if (e.what == elem_kind::field) {
            value v = evaluate_expr(e.field, sc, problems);
            spans = std::move(v.runs);
            source = v.node;
        } else if (e.what == elem_kind::line_break) {
            record::span s;
            s.line_break = true;
            spans.push_back(s);
        } else {
            tmpl::style inner = st;
            inner.bold = inner.bold || e.what == elem_kind::bold;
            inner.italic = inner.italic || e.what == elem_kind::italic;
            inner.underline = inner.underline || e.what == elem_kind::underline;
            add_inline(e.children, inner, sc, problems, out);
            return;
        }
        std::vector<model::run> runs = build_runs(std::move(spans), st);
        for (model::run& r : runs) {
            if (!source) break;
            r.source_line = source->line;
            r.source_column = source->column;
            r.source_path = source->path();
        }
        out.insert(out.end(), std::make_move_iterator(runs.begin()), std::make_move_iterator(runs.end()));
    });
}

// A paragraph in a style, with the style's spacing and indents.
model::paragraph styled_paragraph(const tmpl::style& st) {
    model::paragraph p;
    p.alignment = st.alignment;
    p.first_indent = st.first_indent;
    p.left_indent = st.left_indent;
    p.right_indent = st.right_indent;
    p.space_before = st.space_before;
    p.space_after = st.space_after;
    p.line_height = st.line_height;
    p.keep_with_next = st.keep_with_next;
    return p;
}

// A <p> or <item>: its runs, its label and the rule under it.
model::block make_paragraph(const elem& e, double width, scope& sc, vanthu::diagnostics& problems) {
    model::block b;
    b.what = model::block::kind::paragraph;
    b.p = styled_paragraph(e.st);
    add_inline(e.children, e.st, sc, problems, b.p.runs);
    tidy_runs(b.p.runs);
    if (!e.label.empty()) {
        b.p.label = build_runs(evaluate_text(e.label, sc, problems), e.st);
        tidy_runs(b.p.label);
        b.p.label_width = length_or(e.len.label_width, width, default_label_width);
    }
    b.p.rule = e.rule;
    b.p.max_lines = e.max_lines;
    return b;
}

// The widths of columns in points: fixed and percentages first, "*" or 0 shares what is left.
std::vector<double> resolve_widths(const std::vector<tmpl::width_spec>& specs, double width) {
    std::vector<double> out;
    double fixed = 0;
    int stars = 0;
    for (const tmpl::width_spec& s : specs) {
        if (s.star) ++stars;
        else fixed += s.len.points(width);
    }
    double share = stars ? std::max(0.0, width - fixed) / stars : 0;
    for (const tmpl::width_spec& s : specs) out.push_back(s.star ? share : s.len.points(width));
    return out;
}

// Whether template elements print something of the record (a field, at any depth).
bool holds_field(const std::vector<elem>& elems) {
    for (const elem& e : elems)
        if (e.what == elem_kind::field || holds_field(e.children) || holds_field(e.otherwise)) return true;
    return false;
}

// Whether blocks print nothing: paragraphs without text or label, spacers, nothing else.
bool prints_nothing(const std::vector<model::block>& blocks) {
    for (const model::block& b : blocks) {
        using kind = model::block::kind;
        if (b.what == kind::spacer) continue;
        if (b.what == kind::paragraph) {
            const auto printed = [](const model::run& r) { return !r.text.empty(); };
            if (std::any_of(b.p.runs.begin(), b.p.runs.end(), printed) || !b.p.label.empty()) return false;
        } else if (b.what == kind::columns) {
            for (const model::column& c : b.cols.cols)
                if (!prints_nothing(c.blocks)) return false;
        } else if (b.what != kind::group || !prints_nothing(b.grp.blocks)) {
            return false;
        }
    }
    return true;
}

// A header or body row: its cells, padded to the table's column count; `fielded` notes the
// columns whose cell prints a field of the record.
model::table_row make_row(const elem& row, const std::vector<double>& widths, double padding, scope& sc,
                          vanthu::diagnostics& problems, std::vector<bool>& fielded) {
    model::table_row out;
    expand(row.children, sc, [&](const elem& cell) {
        std::size_t i = out.cells.size();
        if (i < fielded.size() && holds_field(cell.children)) fielded[i] = true;
        double w = i < widths.size() ? widths[i] - 2 * padding : 0;
        model::table_cell c;
        build_blocks(cell.children, w, sc, problems, c.blocks);
        out.cells.push_back(std::move(c));
    });
    if (out.cells.size() > widths.size()) {
        problems.warning(row.where, "a row has " + std::to_string(out.cells.size()) + " cells, the table " + std::to_string(widths.size()) + " columns");
        out.cells.resize(widths.size());
    }
    out.cells.resize(widths.size());
    return out;
}

// The items of a row (cells, widths) whose column is not dropped.
template <class T>
void keep_columns(std::vector<T>& items, const std::vector<bool>& drop) {
    std::vector<T> kept;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (i >= drop.size() || !drop[i]) kept.push_back(std::move(items[i]));
    items = std::move(kept);
}

// Leaves out the columns whose cells print a field in the template but nothing in any body row
// (no attendee has a unit: no empty "Đơn vị" column), header included; the others widen in
// their proportions. A column the template leaves blank (to sign in by hand) stays.
void drop_empty_columns(model::table& t, const std::vector<bool>& fielded) {
    if (t.rows.empty()) return;
    std::vector<bool> drop(t.widths.size(), false);
    double dropped = 0, kept = 0;
    for (std::size_t i = 0; i < t.widths.size(); ++i) {
        drop[i] = fielded[i] && std::all_of(t.rows.begin(), t.rows.end(), [&](const model::table_row& r) {
                      return prints_nothing(r.cells[i].blocks);
                  });
        (drop[i] ? dropped : kept) += t.widths[i];
    }
    if (dropped <= 0 || kept <= 0) return;
    for (auto* rows : {&t.header, &t.rows})
        for (model::table_row& r : *rows) keep_columns(r.cells, drop);
    keep_columns(t.widths, drop);
    for (double& w : t.widths) w *= (kept + dropped) / kept;
}

// A <table>: widths, the header rows and the body rows, without the columns no row fills.
model::block make_table(const elem& e, double width, scope& sc, vanthu::diagnostics& problems) {
    model::block b;
    b.what = model::block::kind::table;
    b.tbl.widths = resolve_widths(e.widths, width);
    b.tbl.border = e.border;
    b.tbl.padding = e.padding;
    b.tbl.space_before = length_or(e.len.space_before, width, 0);
    b.tbl.space_after = length_or(e.len.space_after, width, 0);
    std::vector<bool> fielded(b.tbl.widths.size(), false), header_fields(b.tbl.widths.size(), false);
    expand(e.children, sc, [&](const elem& row) {
        const bool header = row.what == elem_kind::header;
        model::table_row r = make_row(row, b.tbl.widths, e.padding, sc, problems, header ? header_fields : fielded);
        (header ? b.tbl.header : b.tbl.rows).push_back(std::move(r));
    });
    drop_empty_columns(b.tbl, fielded);
    return b;
}

// A <columns> block: each column with its width decided.
model::block make_columns(const elem& e, double width, scope& sc, vanthu::diagnostics& problems) {
    model::block b;
    b.what = model::block::kind::columns;
    b.cols.gap = length_or(e.len.gap, width, 0);
    b.cols.clear = length_or(e.len.clear, width, 0);
    b.cols.space_before = length_or(e.len.space_before, width, 0);
    b.cols.space_after = length_or(e.len.space_after, width, 0);
    std::vector<const elem*> cols;
    expand(e.children, sc, [&](const elem& c) { cols.push_back(&c); });
    double inner = width - b.cols.gap * static_cast<double>(cols.empty() ? 0 : cols.size() - 1);
    std::vector<tmpl::width_spec> specs;
    for (const elem* c : cols) {
        const std::optional<tmpl::length>& w = c->len.width;
        specs.push_back(w ? tmpl::width_spec{false, *w} : tmpl::width_spec{true, {}});
    }
    std::vector<double> widths = resolve_widths(specs, inner);
    for (std::size_t i = 0; i < cols.size(); ++i) {
        model::column col;
        col.width = widths[i];
        col.min_size = length_or(cols[i]->len.min_size, widths[i], 0);
        build_blocks(cols[i]->children, widths[i], sc, problems, col.blocks);
        b.cols.cols.push_back(std::move(col));
    }
    return b;
}

// Ends a list item with a mark unless its text ends in punctuation already; the last item's
// ';' or ',' becomes the last mark ("Như trên;" ... "Lưu: VT, PC07.").
void end_item(model::paragraph& p, const std::string& mark, bool last) {
    if (mark.empty()) return;
    for (auto r = p.runs.rbegin(); r != p.runs.rend(); ++r) {
        if (r->line_break || r->text.empty()) continue;
        const char c = r->text.back();
        if (last && (c == ';' || c == ',')) r->text.back() = mark[0];
        else if (std::string_view(".;,:!?").find(c) == std::string_view::npos) r->text += mark;
        return;
    }
}

// The items of a <list>, labelled.
void add_list_items(const elem& e, double width, scope& sc, vanthu::diagnostics& problems, std::vector<model::block>& out) {
    int number = 0;
    expand(e.children, sc, [&](const elem& item) {
        model::block b = make_paragraph(item, width, sc, problems);
        if (b.p.label.empty()) {
            ++number;
            record::span s;
            s.text = e.numbered ? std::to_string(number) + "." : e.bullet;
            b.p.label = build_runs({s}, item.st);
            b.p.label_width = length_or(item.len.label_width, width, length_or(e.len.label_width, width, default_label_width));
        }
        out.push_back(std::move(b));
    });
}

// A <list>: one paragraph per item, labelled "1." or with the bullet, each item ended with
// the list's marks (item-end, last-end) when it has them.
void add_list(const elem& e, double width, scope& sc, vanthu::diagnostics& problems, std::vector<model::block>& out) {
    const std::size_t first = out.size();
    add_list_items(e, width, sc, problems, out);
    for (std::size_t i = first; i < out.size(); ++i)
        end_item(out[i].p, i + 1 == out.size() ? e.last_end : e.item_end, i + 1 == out.size());
}

// One line of a signature block, centred and bold; empty text gives nothing.
void add_signature_line(const record::inline_text& spans, const tmpl::style& base, bool upper, std::vector<model::block>& out) {
    tmpl::style st = base;
    st.bold = true;
    st.alignment = model::align::center;
    st.first_indent = st.left_indent = st.right_indent = st.space_before = st.space_after = 0;
    st.keep_with_next = false;
    model::block b;
    b.what = model::block::kind::paragraph;
    b.p = styled_paragraph(st);
    b.p.runs = build_runs(spans, st);
    if (upper)
        for (model::run& r : b.p.runs) r.text = text::to_upper(r.text);
    tidy_runs(b.p.runs);
    if (!b.p.runs.empty()) out.push_back(std::move(b));
}

// A <signatures> grid: per-row signature blocks side by side, each row a columns block.
void add_signatures(const elem& e, double width, scope& sc, vanthu::diagnostics& problems, std::vector<model::block>& out) {
    std::vector<model::column> cells;
    expand(e.children, sc, [&](const elem& s) {
        model::column col;
        add_signature_line(evaluate_text(s.unit, sc, problems), e.st, true, col.blocks);
        add_signature_line(evaluate_text(s.authority, sc, problems), e.st, true, col.blocks);
        add_signature_line(evaluate_text(s.title, sc, problems), e.st, true, col.blocks);
        record::inline_text name = evaluate_text(s.name, sc, problems);
        if (!col.blocks.empty() || !name.empty()) {
            model::block blank;
            blank.what = model::block::kind::spacer;
            blank.sp.height = length_or(s.len.blank, width, length_or(e.len.blank, width, default_signature_blank));
            blank.sp.sign_place = true;
            col.blocks.push_back(blank);
        }
        add_signature_line(name, e.st, false, col.blocks);
        cells.push_back(std::move(col));
    });
    double gap = length_or(e.len.gap, width, 0);
    std::size_t per_row = static_cast<std::size_t>(e.per_row);
    double col_width = (width - gap * static_cast<double>(per_row - 1)) / static_cast<double>(per_row);
    for (std::size_t start = 0; start < cells.size(); start += per_row) {
        model::block row;
        row.what = model::block::kind::columns;
        row.cols.gap = gap;
        row.cols.align_last = true;  // a row's names on one line, however many lines its titles take
        row.cols.space_before = start == 0 ? length_or(e.len.space_before, width, 0) : 12;
        for (std::size_t i = start; i < start + per_row; ++i) {
            model::column col = i < cells.size() ? std::move(cells[i]) : model::column{};
            col.width = col_width;
            row.cols.cols.push_back(std::move(col));
        }
        out.push_back(std::move(row));
    }
    if (!out.empty() && !cells.empty()) out.back().cols.space_after = length_or(e.len.space_after, width, 0);
}

// An <image>: its size from the template, the missing side from the PNG's proportions.
model::block make_image(const elem& e, double width) {
    model::block b;
    b.what = model::block::kind::image;
    b.img.path = e.file;
    b.img.alignment = e.alignment;
    double ratio = e.pixel_width > 0 ? e.pixel_height / e.pixel_width : 1;
    b.img.width = length_or(e.len.width, width, 0);
    b.img.height = length_or(e.len.height, width, 0);
    if (b.img.width == 0) b.img.width = ratio > 0 ? b.img.height / ratio : 0;
    if (b.img.height == 0) b.img.height = b.img.width * ratio;
    b.img.space_before = length_or(e.len.space_before, width, 0);
    b.img.space_after = length_or(e.len.space_after, width, 0);
    return b;
}

// A <qr>: the text it holds encoded (error correction M, the smallest version that holds
// it); nothing when the text is empty, an error when it cannot be encoded.
void add_qr(const elem& e, double width, scope& sc, vanthu::diagnostics& problems, std::vector<model::block>& out) {
    std::string text;
    for (const record::span& s : evaluate_text(e.value, sc, problems)) text += s.line_break ? "\n" : s.text;
    if (text.empty()) return;
    QRcode* code = QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                                     QR_ECLEVEL_M);
    if (!code) {
        problems.error(e.where, "cannot make a QR code of " + std::to_string(text.size()) +
                                    " bytes (at most 2,331 with error correction M)");
        return;
    }
    model::block b;
    b.what = model::block::kind::qr;
    b.code.modules = code->width;
    b.code.dark.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
    for (std::size_t i = 0; i < b.code.dark.size(); ++i) b.code.dark[i] = (code->data[i] & 1) != 0;
    QRcode_free(code);
    b.code.size = length_or(e.len.width, width, 0);
    b.code.alignment = e.alignment;
    b.code.space_before = length_or(e.len.space_before, width, 0);
    b.code.space_after = length_or(e.len.space_after, width, 0);
    out.push_back(std::move(b));
}

// A <box>: its place on the page and how it fits, its blocks set in its width.
model::block make_box(const elem& e, double width, scope& sc, vanthu::diagnostics& problems) {
    model::block b;
    b.what = model::block::kind::box;
    b.bx.x = length_or(e.len.x, width, 0);
    b.bx.y = length_or(e.len.y, width, 0);
    b.bx.width = length_or(e.len.width, width, 0);
    b.bx.height = length_or(e.len.height, width, 0);
    b.bx.vertical = e.vertical;
    b.bx.shrink = e.shrink;
    b.bx.min_scale = e.min_scale;
    build_blocks(e.children, b.bx.width, sc, problems, b.bx.blocks);
    return b;
}

}  // namespace

// The model blocks of body elements.
void build_blocks(const std::vector<elem>& elems, double width, scope& sc, vanthu::diagnostics& problems,
                  std::vector<model::block>& out) {
    expand(elems, sc, [&](const elem& e) {
        model::block b;
        switch (e.what) {
            case elem_kind::p: case elem_kind::item: out.push_back(make_paragraph(e, width, sc, problems)); return;
            case elem_kind::columns: out.push_back(make_columns(e, width, sc, problems)); return;
            case elem_kind::table: out.push_back(make_table(e, width, sc, problems)); return;
            case elem_kind::list: add_list(e, width, sc, problems, out); return;
            case elem_kind::signatures: add_signatures(e, width, sc, problems, out); return;
            case elem_kind::image: out.push_back(make_image(e, width)); return;
            case elem_kind::qr: add_qr(e, width, sc, problems, out); return;
            case elem_kind::box: out.push_back(make_box(e, width, sc, problems)); return;
            case elem_kind::rule:
                b.what = model::block::kind::rule;
                b.rl.length = length_or(e.len.width, width, 0);
                b.rl.alignment = e.alignment;
                b.rl.thickness = length_or(e.len.thickness, width, 0.5);
                b.rl.space_before = length_or(e.len.space_before, width, 0);
                b.rl.space_after = length_or(e.len.space_after, width, 0);
                break;
            case elem_kind::spacer:
                b.what = model::block::kind::spacer;
                b.sp.height = length_or(e.len.height, width, 0);
                break;
            case elem_kind::keep:
                b.what = model::block::kind::group;
                b.grp.keep_previous = e.with_previous;
                build_blocks(e.children, width, sc, problems, b.grp.blocks);
                break;
            case elem_kind::page_break:
                if (++sc.page_breaks > sc.max_page_breaks) {
                    sc.stopped = true;
                    problems.error({}, "the template makes more than " + std::to_string(sc.max_page_breaks) +
                                           " pages for this record (the page limit)",
                                   "look for a <page-break/> inside nested <for> loops");
                    return;
                }
                b.what = model::block::kind::page_break;
                break;
            default: return;  // inline content has no place among blocks; the loader refused it
        }
        out.push_back(std::move(b));
    });
}

}  // namespace bind
