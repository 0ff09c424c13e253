// Owns the loading of the body: its elements, where each may appear, and their attributes.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "text/normalize.hpp"
#include "tmpl/check_png.hpp"
#include "tmpl/loader.hpp"
#include "tmpl/units.hpp"

namespace tmpl {

namespace {

struct element_name {
    const char* name;
    elem_kind what;
};

// The body's element names.
const element_name element_names[] = {
    {"b", elem_kind::bold}, {"i", elem_kind::italic}, {"u", elem_kind::underline}, {"br", elem_kind::line_break},
    {"p", elem_kind::p}, {"columns", elem_kind::columns}, {"column", elem_kind::column}, {"table", elem_kind::table},
    {"header", elem_kind::header}, {"row", elem_kind::row}, {"cell", elem_kind::cell}, {"list", elem_kind::list},
    {"item", elem_kind::item}, {"rule", elem_kind::rule}, {"spacer", elem_kind::spacer}, {"image", elem_kind::image}, {"qr", elem_kind::qr},
    {"keep", elem_kind::keep}, {"page-break", elem_kind::page_break}, {"signatures", elem_kind::signatures},
    {"signature", elem_kind::signature}, {"for", elem_kind::for_each}, {"if", elem_kind::if_then},
    {"else", elem_kind::else_branch}, {"box", elem_kind::box}};

// Whether an element may appear in a context (for, if and else may appear everywhere).
bool allowed_in(elem_kind k, context ctx) {
    using ek = elem_kind;
    if (k == ek::for_each || k == ek::if_then || k == ek::else_branch) return true;
    switch (ctx) {
        case context::block:
            return k == ek::p || k == ek::columns || k == ek::table || k == ek::list || k == ek::rule ||
                   k == ek::spacer || k == ek::image || k == ek::qr || k == ek::keep || k == ek::page_break || k == ek::signatures ||
                   k == ek::box;
        case context::inline_text: return k == ek::bold || k == ek::italic || k == ek::underline || k == ek::line_break;
        case context::columns: return k == ek::column;
        case context::table: return k == ek::header || k == ek::row;
        case context::row: return k == ek::cell;
        case context::list: return k == ek::item;
        case context::signatures: return k == ek::signature;
    }
    return false;
}

// What a context is called in messages.
const char* context_word(context ctx) {
    switch (ctx) {
        case context::block: return "among blocks";
        case context::inline_text: return "inside a paragraph";
        case context::columns: return "inside <columns> (only <column>)";
        case context::table: return "inside <table> (only <header> and <row>)";
        case context::row: return "inside a row (only <cell>)";
        case context::list: return "inside <list> (only <item>)";
        case context::signatures: return "inside <signatures> (only <signature>)";
    }
    return "here";
}

// Whether a cell holds blocks (p, list ...) rather than plain inline text.
bool holds_blocks(const pugi::xml_node& n) {
    for (const pugi::xml_node& c : n.children()) {
        if (c.type() != pugi::node_element) continue;
        std::string name = c.name();
        if (name == "p" || name == "list" || name == "table" || name == "columns" || name == "rule" ||
            name == "spacer" || name == "image" || name == "qr" || name == "signatures" || name == "keep")
            return true;
        if ((name == "for" || name == "if" || name == "else") && holds_blocks(c)) return true;
    }
    return false;
}

// Whether the text holds anything but XML whitespace.
bool is_blank(const char* s) {
    for (; *s; ++s)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

}  // namespace

// The elements and text under parent, checked against what the context allows.
std::vector<elem> loader::load_children(const pugi::xml_node& parent, context ctx, const style& inherited) {
    std::vector<elem> out;
    for (const pugi::xml_node& n : parent.children()) {
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) load_text_node(n, ctx, out);
        else if (n.type() == pugi::node_element) load_element(n, ctx, inherited, out);
    }
    return out;
}

// Text in a paragraph: literals (whitespace collapsed, NFC) and checked {fields}.
void loader::load_text_node(const pugi::xml_node& n, context ctx, std::vector<elem>& out) {
    if (ctx != context::inline_text) {
        if (!is_blank(n.value())) error(where(n), std::string("text is not allowed ") + context_word(ctx) + "; put it in a <p>");
        return;
    }
    template_text t = parse_template_text(n.value(), [&](std::size_t offset, const std::string& m) { error(where_in_text(n, offset), m); });
    for (text_piece& piece : t) {
        elem e;
        e.where = where_in_text(n, piece.offset);
        if (piece.is_field) {
            e.what = elem_kind::field;
            e.field = std::move(piece.field);
            check_expr(e.field, e.where);
        } else {
            e.what = elem_kind::text;
            e.literal = text::collapse_whitespace(text::to_nfc(piece.literal));
        }
        out.push_back(std::move(e));
    }
}

// One element: its kind, whether it may stand here, its attributes and content.
bool loader::load_element(const pugi::xml_node& n, context ctx, const style& inherited, std::vector<elem>& out) {
    const element_name* known = std::find_if(std::begin(element_names), std::end(element_names),
                                             [&](const element_name& e) { return std::strcmp(e.name, n.name()) == 0; });
    if (known == std::end(element_names)) { error(where(n), "unknown element <" + std::string(n.name()) + ">"); return false; }
    if (!allowed_in(known->what, ctx)) { error(where(n), "<" + std::string(n.name()) + "> is not allowed " + context_word(ctx)); return false; }
    elem e;
    e.what = known->what;
    e.where = where(n);
    e.st = inherited;
    using ek = elem_kind;
    switch (e.what) {
        case ek::bold: case ek::italic: case ek::underline:
            check_attributes(n, {});
            e.children = load_children(n, context::inline_text, inherited);
            break;
        case ek::line_break: case ek::page_break:
            check_attributes(n, {});
            if (n.first_child()) error(e.where, "<" + std::string(n.name()) + "> takes no content");
            break;
        case ek::keep:
            check_attributes(n, {"with-previous"});
            if (pugi::xml_attribute a = n.attribute("with-previous"))
                if (read_status s = read_flag(a.value(), e.with_previous); !s) error(where_attr(n, "with-previous"), s.message);
            e.children = load_children(n, context::block, inherited);
            break;
        case ek::p: case ek::item: load_paragraph(n, e, inherited); break;
        case ek::columns:
            check_attributes(n, {"gap", "clear", "space-before", "space-after"});
            read_length_attr(n, "gap", false, e.len.gap);
            read_length_attr(n, "clear", false, e.len.clear);
            read_length_attr(n, "space-before", false, e.len.space_before);
            read_length_attr(n, "space-after", false, e.len.space_after);
            e.children = load_children(n, context::columns, inherited);
            break;
        case ek::column:
            check_attributes(n, {"width", "min-size"});
            read_length_attr(n, "width", true, e.len.width);
            read_length_attr(n, "min-size", false, e.len.min_size);
            e.children = load_children(n, context::block, inherited);
            break;
        case ek::table: load_table(n, e, inherited); break;
        case ek::header: case ek::row:
            check_attributes(n, {});
            e.children = load_children(n, context::row, inherited);
            break;
        case ek::cell: load_cell(n, e, inherited); break;
        case ek::list: load_list(n, e, inherited); break;
        case ek::rule: case ek::spacer: load_rule_or_spacer(n, e); break;
        case ek::image: load_image(n, e); break;
        case ek::qr: load_qr(n, e); break;
        case ek::signatures: case ek::signature: load_signatures(n, e, inherited); break;
        case ek::box: load_box(n, e, inherited); break;
        case ek::for_each: load_loop(n, ctx, e, inherited); break;
        case ek::if_then: load_if(n, ctx, e, inherited); break;
        case ek::else_branch: {
            check_attributes(n, {});
            while (!out.empty() && out.back().what == ek::text && is_blank(out.back().literal.c_str())) out.pop_back();
            bool attached = !out.empty() && out.back().what == ek::if_then && !out.back().has_else;
            if (!attached) { error(e.where, "<else> must follow an <if>"); return false; }
            out.back().has_else = true;
            out.back().otherwise = load_children(n, ctx, inherited);
            return true;
        }
        default: break;
    }
    out.push_back(std::move(e));
    return true;
}

// A <cell>: its style, and its content as blocks, or as one paragraph of inline text.
void loader::load_cell(const pugi::xml_node& n, elem& e, const style& inherited) {
    check_attributes(n, {"style"});
    e.st = resolve_style(n, inherited);
    if (holds_blocks(n)) {
        e.children = load_children(n, context::block, e.st);
        return;
    }
    elem p;
    p.what = elem_kind::p;
    p.where = e.where;
    p.st = e.st;
    p.children = load_children(n, context::inline_text, e.st);
    e.children.push_back(std::move(p));
}

// A <list>: numbered or with a bullet, and its items.
void loader::load_list(const pugi::xml_node& n, elem& e, const style& inherited) {
    check_attributes(n, {"style", "numbered", "bullet", "label-width", "item-end", "last-end"});
    e.st = resolve_style(n, inherited);
    e.item_end = n.attribute("item-end").value();
    e.last_end = n.attribute("last-end").value();
    for (const char* a : {"item-end", "last-end"}) {
        const std::string v = n.attribute(a).value();
        if (v.size() > 1 || v.find_first_not_of(".;,:") != std::string::npos)
            error(where_attr(n, a), std::string(a) + " is one of '.', ';', ',' or ':' (got '" + v + "')");
    }
    if (pugi::xml_attribute a = n.attribute("numbered"))
        if (read_status s = read_flag(a.value(), e.numbered); !s) error(where_attr(n, "numbered"), s.message);
    if (pugi::xml_attribute a = n.attribute("bullet")) e.bullet = text::to_nfc(a.value());
    read_length_attr(n, "label-width", false, e.len.label_width);
    e.children = load_children(n, context::list, e.st);
}

// A <rule> (width, alignment, thickness, spacing) or a <spacer> (height).
void loader::load_rule_or_spacer(const pugi::xml_node& n, elem& e) {
    if (n.first_child()) error(e.where, "<" + std::string(n.name()) + "> takes no content");
    if (e.what == elem_kind::spacer) {
        check_attributes(n, {"height"});
        if (require_attr(n, "height")) read_length_attr(n, "height", false, e.len.height);
        return;
    }
    check_attributes(n, {"width", "align", "thickness", "space-before", "space-after"});
    read_length_attr(n, "thickness", false, e.len.thickness);
    read_length_attr(n, "space-before", false, e.len.space_before);
    read_length_attr(n, "space-after", false, e.len.space_after);
    read_length_attr(n, "width", true, e.len.width);
    if (pugi::xml_attribute a = n.attribute("align"))
        if (read_status s = read_align(a.value(), e.alignment); !s) error(where_attr(n, "align"), s.message);
}

// A <qr>: the text it holds (fields allowed), its size with the quiet zone around it, its
// alignment. Error correction M; the modules are drawn as squares, so it scans at any zoom.
void loader::load_qr(const pugi::xml_node& n, elem& e) {
    if (n.first_child()) error(e.where, "<qr> takes no content");
    check_attributes(n, {"value", "size", "align", "space-before", "space-after"});
    if (require_attr(n, "value")) e.value = read_text_attr(n, "value");
    if (require_attr(n, "size")) read_length_attr(n, "size", false, e.len.width);
    read_length_attr(n, "space-before", false, e.len.space_before);
    read_length_attr(n, "space-after", false, e.len.space_after);
    if (pugi::xml_attribute a = n.attribute("align"))
        if (read_status s = read_align(a.value(), e.alignment); !s) error(where_attr(n, "align"), s.message);
}

// A <signatures> grid (style, per-row, blank, spacing) or one <signature> in it.
void loader::load_signatures(const pugi::xml_node& n, elem& e, const style& inherited) {
    if (e.what == elem_kind::signature) {
        check_attributes(n, {"unit", "authority", "title", "name", "blank"});
        e.unit = read_text_attr(n, "unit");
        e.authority = read_text_attr(n, "authority");
        e.title = read_text_attr(n, "title");
        e.name = read_text_attr(n, "name");
        read_length_attr(n, "blank", false, e.len.blank);
        if (n.first_child()) error(e.where, "<signature> takes no content (use its attributes)");
        return;
    }
    check_attributes(n, {"style", "per-row", "blank", "gap", "space-before", "space-after"});
    e.st = resolve_style(n, inherited);
    if (pugi::xml_attribute a = n.attribute("per-row"))
        if (read_status s = read_integer(a.value(), e.per_row); !s || e.per_row < 1 || e.per_row > 6)
            error(where_attr(n, "per-row"), s ? "per-row must be between 1 and 6" : s.message);
    read_length_attr(n, "blank", false, e.len.blank);
    read_length_attr(n, "gap", false, e.len.gap);
    read_length_attr(n, "space-before", false, e.len.space_before);
    read_length_attr(n, "space-after", false, e.len.space_after);
    e.children = load_children(n, context::signatures, e.st);
}

// A <p> or <item>: style, label, the rule under it, inline content.
void loader::load_paragraph(const pugi::xml_node& n, elem& e, const style& inherited) {
    check_attributes(n, {"style", "label", "label-width", "rule", "max-lines"});
    e.st = resolve_style(n, inherited);
    if (pugi::xml_attribute a = n.attribute("max-lines"))
        if (read_status s = read_integer(a.value(), e.max_lines); !s || e.max_lines < 1)
            error(where_attr(n, "max-lines"), s ? "max-lines must be 1 or more" : s.message);
    e.label = read_text_attr(n, "label");
    read_length_attr(n, "label-width", false, e.len.label_width);
    if (pugi::xml_attribute a = n.attribute("rule")) {
        std::string spec = a.value();
        length len;
        if (spec == "text") {
            e.rule.measure = model::rule_measure::text;
        } else if (spec.rfind("text ", 0) == 0) {
            e.rule.measure = model::rule_measure::text;
            read_status s = read_length(spec.substr(5), true, len);
            if (s && len.u != unit::percent) s = {false, "a rule under the text is a percentage, e.g. 'text 40%'"};
            if (!s) error(where_attr(n, "rule"), s.message);
            e.rule.fraction = len.value / 100.0;
        } else if (read_status s = read_length(spec, false, len)) {
            e.rule.measure = model::rule_measure::absolute;
            e.rule.length = len.points(0);
        } else {
            error(where_attr(n, "rule"), s.message + " (write 'text', 'text 40%' or a length such as '30mm')");
        }
    }
    e.children = load_children(n, context::inline_text, e.st);
}

// A <table>: widths, styles of cells and header, rows checked against the widths.
void loader::load_table(const pugi::xml_node& n, elem& e, const style& inherited) {
    check_attributes(n, {"widths", "style", "header-style", "border", "padding", "space-before", "space-after"});
    e.st = resolve_style(n, inherited);
    e.header_st = e.st;
    e.header_st.bold = true;
    if (pugi::xml_attribute h = n.attribute("header-style")) {
        auto found = def.styles.find(h.value());
        if (found == def.styles.end()) error(where_attr(n, "header-style"), "unknown style '" + std::string(h.value()) + "'");
        else e.header_st = found->second;
    }
    if (require_attr(n, "widths")) {
        std::istringstream words(n.attribute("widths").value());
        for (std::string w; words >> w;) {
            width_spec spec;
            spec.star = w == "*";
            if (!spec.star)
                if (read_status s = read_length(w, true, spec.len); !s) error(where_attr(n, "widths"), s.message);
            e.widths.push_back(spec);
        }
        if (e.widths.empty()) error(where_attr(n, "widths"), "a table needs at least one column width");
    }
    e.border = read_points_attr(n, "border", e.border);
    e.padding = read_points_attr(n, "padding", e.padding);
    read_length_attr(n, "space-before", false, e.len.space_before);
    read_length_attr(n, "space-after", false, e.len.space_after);
    e.children.clear();
    for (const pugi::xml_node& c : n.children()) {
        std::vector<elem> one;
        if (c.type() == pugi::node_element && std::strcmp(c.name(), "header") == 0) {
            load_element(c, context::table, e.header_st, one);
        } else if (c.type() == pugi::node_element && std::strcmp(c.name(), "else") == 0) {
            load_element(c, context::table, e.st, e.children);
            continue;
        } else if (c.type() == pugi::node_element) {
            load_element(c, context::table, e.st, one);
        } else if (!is_blank(c.value())) {
            error(where(c), std::string("text is not allowed ") + context_word(context::table));
        }
        for (elem& x : one) e.children.push_back(std::move(x));
    }
    check_row_cells(e);
}

// Rows written cell by cell must have one cell per column.
void loader::check_row_cells(const elem& table) {
    for (const elem& r : table.children) {
        if (r.what != elem_kind::header && r.what != elem_kind::row) continue;
        bool plain = std::all_of(r.children.begin(), r.children.end(), [](const elem& c) { return c.what == elem_kind::cell; });
        if (plain && !table.widths.empty() && r.children.size() != table.widths.size())
            error(r.where, (r.what == elem_kind::header ? "header has " : "row has ") + std::to_string(r.children.size()) +
                               " cells, the table has " + std::to_string(table.widths.size()) + " columns");
    }
}

// An <image>: a PNG inside the template folder, its pixel size read from its header.
void loader::load_image(const pugi::xml_node& n, elem& e) {
    namespace fs = std::filesystem;
    check_attributes(n, {"src", "width", "height", "align", "space-before", "space-after"});
    read_length_attr(n, "space-before", false, e.len.space_before);
    read_length_attr(n, "space-after", false, e.len.space_after);
    read_length_attr(n, "height", false, e.len.height);
    read_length_attr(n, "width", true, e.len.width);
    if (pugi::xml_attribute a = n.attribute("align"))
        if (read_status s = read_align(a.value(), e.alignment); !s) error(where_attr(n, "align"), s.message);
    if (!e.len.width && !e.len.height) error(where(n), "<image> needs a width or a height");
    if (!require_attr(n, "src")) return;
    std::string src = n.attribute("src").value();
    vanthu::location at = where_attr(n, "src");
    fs::path rel(src);
    bool escapes = rel.is_absolute() || src.empty() || std::any_of(rel.begin(), rel.end(), [](const fs::path& p) { return p == ".."; });
    std::error_code ec;
    fs::path base = fs::weakly_canonical(fs::path(dir), ec);
    fs::path full = fs::weakly_canonical(base / rel, ec);
    std::string inside = full.string(), root = base.string() + "/";
    if (escapes || inside.compare(0, root.size(), root) != 0) { error(at, "image '" + src + "' is outside the template folder"); return; }
    png_info png;
    std::string why;
    if (!fs::exists(full, ec)) { error(at, "cannot read image '" + src + "': there is no such file in the template folder " + dir); return; }
    if (!fs::is_regular_file(full, ec)) { error(at, "cannot read image '" + src + "': it is not a file"); return; }
    if (!check_png(full.string(), png, why)) { error(at, "image '" + src + "' " + why); return; }
    e.pixel_width = png.width;
    e.pixel_height = png.height;
    e.file = full.string();
    def.inputs.push_back(e.file);
}

// A <box>: a fixed place on the page (x, y, width, height), how its content sits and fits.
void loader::load_box(const pugi::xml_node& n, elem& e, const style& inherited) {
    check_attributes(n, {"x", "y", "width", "height", "valign", "fit", "min-size", "preprinted", "style"});
    if (require_attr(n, "x")) read_length_attr(n, "x", false, e.len.x);
    if (require_attr(n, "y")) read_length_attr(n, "y", false, e.len.y);
    if (require_attr(n, "width")) read_length_attr(n, "width", false, e.len.width);
    if (require_attr(n, "height")) read_length_attr(n, "height", false, e.len.height);
    if (pugi::xml_attribute a = n.attribute("valign")) {
        const std::string v = a.value();
        if (v == "top") e.vertical = model::v_align::top;
        else if (v == "middle") e.vertical = model::v_align::middle;
        else if (v == "bottom") e.vertical = model::v_align::bottom;
        else error(where_attr(n, "valign"), "bad valign '" + v + "' (use top, middle or bottom)");
    }
    if (pugi::xml_attribute a = n.attribute("fit")) {
        const std::string v = a.value();
        if (v == "shrink") e.shrink = true;
        else if (v != "none") error(where_attr(n, "fit"), "bad fit '" + v + "' (use shrink or none)");
    }
    if (pugi::xml_attribute a = n.attribute("min-size")) {
        length len;
        read_status s = read_length(a.value(), true, len);
        if (s && (len.u != unit::percent || len.value <= 0 || len.value > 100))
            s = {false, "min-size is a percentage of the full size, e.g. '60%'"};
        if (!s) error(where_attr(n, "min-size"), s.message);
        else e.min_scale = len.value / 100.0;
    }
    if (pugi::xml_attribute a = n.attribute("preprinted"))
        if (read_status s = read_flag(a.value(), e.preprinted); !s) error(where_attr(n, "preprinted"), s.message);
    e.st = resolve_style(n, inherited);
    e.children = load_children(n, context::block, e.st);
}

// A <for>: the path it walks, checked; its variable is known inside it.
void loader::load_loop(const pugi::xml_node& n, context ctx, elem& e, const style& inherited) {
    check_attributes(n, {"each", "as", "order"});
    const bool has_each = require_attr(n, "each");  // both checked, so that both are reported
    const bool has_as = require_attr(n, "as");
    bool ok = has_each && has_as;
    if (pugi::xml_attribute o = n.attribute("order")) {
        if (std::strcmp(o.value(), "name") == 0) e.order_by_name = true;
        else if (std::strcmp(o.value(), "record") != 0) error(where_attr(n, "order"), "bad order '" + std::string(o.value()) + "' (use name or record)");
    }
    std::vector<std::string> steps;
    if (ok && !parse_field_path(n.attribute("each").value(), e.each)) {
        error(where_attr(n, "each"), "bad path '" + std::string(n.attribute("each").value()) + "'");
        ok = false;
    }
    if (ok) ok = check_each(e.each, where_attr(n, "each"), steps);
    e.var = n.attribute("as").value();
    field_path var_check;
    if (!e.var.empty() && (!parse_field_path(e.var, var_check) || var_check.steps.size() != 1 || e.var[0] == '@' || e.var == "*"))
        error(where_attr(n, "as"), "bad loop variable '" + e.var + "'");
    push_scope(e.var, steps);
    e.children = load_children(n, ctx, inherited);
    pop_scope();
}

// An <if>: its test, checked; 'c is tag' narrows c inside the branch.
void loader::load_if(const pugi::xml_node& n, context ctx, elem& e, const style& inherited) {
    check_attributes(n, {"test"});
    if (!require_attr(n, "test")) return;
    vanthu::location at = where_attr(n, "test");
    bool parsed = parse_condition(n.attribute("test").value(), e.test, [&](std::size_t, const std::string& m) { error(at, m); });
    if (parsed) check_condition(e.test, at);
    std::vector<std::string> narrowed = parsed ? narrow_scope(e.test) : std::vector<std::string>{};
    if (!narrowed.empty()) push_scope(e.test.path.steps.front(), narrowed);
    e.children = load_children(n, ctx, inherited);
    if (!narrowed.empty()) pop_scope();
}

}  // namespace tmpl
