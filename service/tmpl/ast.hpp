// The inside of a loaded template: what load_template checks and bind_document evaluates.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "model/document.hpp"
#include "record/record.hpp"
#include "tmpl/template.hpp"

namespace tmpl {

enum class unit {
    pt,      // points, 1/72 inch
    mm,      // millimetres
    cm,      // centimetres
    percent  // a share of the width the element sits in
};

// A length as written in the template.
struct length {
    double value = 0;
    unit u = unit::pt;
    // Points, with a percentage taken of `whole` (points).
    double points(double whole) const;
};

// The lengths an element may be given, each absent unless the template wrote it; an element
// reads only the ones its attributes allow.
struct lengths {
    std::optional<length> x, y;                      // box: its place on the page
    std::optional<length> width, height;             // column, rule, image, box, spacer (height)
    std::optional<length> gap;                       // columns, signatures: between columns
    std::optional<length> clear;                     // columns: kept free between what columns print
    std::optional<length> min_size;                  // column: the size its type may shrink to, to keep it
    std::optional<length> space_before, space_after;  // columns, table, rule, image, signatures
    std::optional<length> blank;                     // signatures, signature: the space to sign in
    std::optional<length> label_width;               // p, item, list: the width kept for the label
    std::optional<length> thickness;                 // rule
};

// A path into the record as written: "attendees/person", "p/rank", "g/@count", "#".
struct field_path {
    std::vector<std::string> steps;  // the first step may be a loop variable
    bool index = false;              // "#": the 1-based position in the innermost loop
    std::string written;             // the path as the template wrote it
};

// One part of a formatter argument: a quoted literal or a field.
struct term {
    bool literal = true;
    std::string text;  // literal
    field_path path;   // field
};

// "|name" or "|name(arg)": a formatter applied to a value.
struct formatter {
    std::string name;
    std::vector<term> arg;  // the argument: terms joined by '+'; empty when there is none
};

// "{path|f1|f2(arg)}".
struct expr {
    field_path path;
    std::vector<formatter> filters;
};

// Template text: literals and {fields} in order, as in attributes and element text.
struct text_piece {
    bool is_field = false;
    std::string literal;  // !is_field
    expr field;           // is_field
    std::size_t offset = 0;  // byte offset of the piece in the text it was read from
};
using template_text = std::vector<text_piece>;

enum class test_kind {
    present,    // "path": the element or attribute exists
    is_tag,     // "c is speech": the loop variable's element has this tag
    equals,      // "path = 'text'"
    not_equals,  // "path != 'text'"
    starts_with, // "path starts-with 'text'"
    same_day     // "ended same-day started": both dates are the same day
};

// The test of an <if>. Comparisons hold when any element the path names matches.
struct condition {
    test_kind what = test_kind::present;
    bool negate = false;  // "not ..."
    field_path path;
    std::string literal;  // is_tag: the tag; equals/not_equals: the text
    field_path other;     // same_day: the second date
};

// A paragraph style with every property decided.
struct style {
    std::string font = "serif";
    double size = 13;  // points
    bool bold = false;
    bool italic = false;
    bool underline = false;
    model::color color;
    model::align alignment = model::align::left;
    double first_indent = 0;  // points
    double left_indent = 0;
    double right_indent = 0;
    double space_before = 0;
    double space_after = 0;
    double line_height = 1.15;
    bool keep_with_next = false;
};

enum class elem_kind {
    text,        // literal text inside a paragraph
    field,       // {expr} inside a paragraph
    bold,        // <b>
    italic,      // <i>
    underline,   // <u>
    line_break,  // <br/>
    p,           // a paragraph
    columns,     // columns side by side
    column,      // one of them
    table,       // a table
    header,      // its header row (repeated on every page)
    row,         // a body row
    cell,        // a cell of a header or body row
    list,        // a numbered or dashed list
    item,        // a list item
    rule,        // a horizontal line
    spacer,      // vertical space
    image,       // a PNG from the template folder
    qr,          // a QR code of a text, drawn as vector squares
    keep,        // blocks kept on one page
    page_break,  // a new page
    signatures,  // a grid of signature blocks
    signature,   // one signature block
    box,         // blocks at a fixed place of the page, outside the flow
    for_each,    // <for each as>
    if_then,     // <if test> (with its <else>)
    else_branch  // <else>, attached to the <if> before it while loading
};

// A width in a table's widths list: a length, or "*" for a share of what is left.
struct width_spec {
    bool star = false;
    length len;
};

// One element of the body, checked. Fields are used according to `what`.
struct elem {
    elem_kind what = elem_kind::p;
    vanthu::location where;
    std::vector<elem> children;   // content; for if_then: the branch taken when the test holds
    std::vector<elem> otherwise;  // if_then: the <else> branch
    bool has_else = false;        // if_then: an <else> follows it

    std::string literal;  // text
    expr field;           // field

    style st;                  // p, item, cell, list, signatures, table: the resolved style
    style header_st;           // table: the style of header cells
    template_text label;       // p: a list label such as "-"
    lengths len;               // the lengths the template gave it
    model::rule_below rule;    // p: the rule under it
    model::align alignment = model::align::center;  // rule, image

    condition test;            // if_then
    field_path each;           // for_each
    std::string var;           // for_each
    bool order_by_name = false;  // for_each: Vietnamese name order

    std::vector<width_spec> widths;  // table
    double border = 0.5;             // table
    double padding = 3;              // table

    bool numbered = false;     // list
    std::string bullet = "-";  // list, not numbered
    std::string item_end, last_end;  // list: the mark each item but the last ends with, and the last's
    int per_row = 2;           // signatures

    template_text unit, authority, title, name;  // signature: the lines from top to bottom
    template_text value;       // qr: what the code holds

    int max_lines = 0;         // p: lines allowed before a shrinking box shrinks (0 = any)
    bool preprinted = false;   // box: printed on the pre-printed blank, left out of a blank-of template
    bool with_previous = false;  // keep: the last lines of the block before come along
    model::v_align vertical = model::v_align::top;  // box
    bool shrink = false;       // box: fit="shrink"
    double min_scale = 0.6;    // box: min-size, the floor of the scale

    std::string file;          // image: absolute path of the checked PNG
    double pixel_width = 0, pixel_height = 0;  // image: from the PNG header
};

// Metadata as template text, evaluated at bind time.
struct metadata_def {
    template_text title, author, subject, keywords;
    bool has_date = false;
    field_path date;  // a date or datetime field
};

struct template_def {
    std::string name;  // e.g. "minutes"
    std::string file;  // the file as loaded, used in diagnostics
    std::string dir;   // the template folder
    record::kind kind = record::kind::meeting;
    model::page_setup page;
    std::vector<model::document::font_family> fonts;  // file names relative to the fonts folder
    std::map<std::string, style> styles;
    metadata_def meta;
    std::vector<model::decoration> decorations;
    std::vector<elem> body;
    bool per_recipient = false;  // pages="per-recipient": the body is made for one recipient at a time
    std::string blank_of;        // blank-of="name": the variable text of that template only
    // <set name="chair-title" value="Chủ trì"/>: words and choices the template names once and
    // uses as {$chair-title} or in tests ($conclusions = 'separate').
    std::map<std::string, std::string> settings;
    // Every file the template was made from (its own, the one it is the blank of, its images):
    // what a worker hashes to know that a record must be rendered anew.
    std::vector<std::string> inputs;
};

// The value of a setting, or `fallback` when the template does not set it.
std::string setting_or(const template_def& t, const std::string& name, const std::string& fallback);

// The formatters the language knows, and whether each needs an argument.
bool is_known_formatter(const std::string& name, bool& needs_arg);

}  // namespace tmpl
