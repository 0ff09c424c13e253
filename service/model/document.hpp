// The document model: what a bound template asks layout to place. Units are PDF points.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace model {

// A font face: a family declared by the template, and its style.
struct font_key {
    std::string family;  // e.g. "serif"
    bool bold = false;
    bool italic = false;
    bool operator==(const font_key& o) const {
        return family == o.family && bold == o.bold && italic == o.italic;
    }
};

struct color {
    double r = 0, g = 0, b = 0;  // 0-1
    bool operator==(const color& o) const { return r == o.r && g == o.g && b == o.b; }
};

// A stretch of text with one style.
struct run {
    std::string text;          // NFC UTF-8; may hold spaces; never '\n'
    font_key font;
    double size = 13;          // points
    color fill;
    bool underline = false;
    bool line_break = false;   // a forced line break; text is empty
    bool keep_together = false;  // its spaces are no break opportunities unless the text is wider
                                 // than a line (a person's name after the rank)
    // Added for issue 5: where the text came from in the record (a field's element), so that
    // layout's warnings (a character no font has) can say where it is; 0 / empty = unknown.
    int source_line = 0;
    int source_column = 0;
    std::string source_path{};  // e.g. /meeting/attendees/person[3]/name
};

enum class align {
    left,     // ragged right
    center,   // centred
    right,    // ragged left
    justify   // both edges straight, last line left
};

// How a rule under a paragraph is measured (NĐ30 draws them under the motto,
// the issuing body and the subject).
enum class rule_measure {
    none,       // no rule
    text,       // a fraction of the paragraph's widest line
    absolute    // a fixed length
};

struct rule_below {
    rule_measure measure = rule_measure::none;
    double fraction = 1.0;   // measure text: share of the widest line
    double length = 0;       // measure absolute: points
    double thickness = 0.5;  // points
    double gap = 3.5;        // points between the descender and the rule
};

struct paragraph {
    std::vector<run> runs;
    align alignment = align::left;
    double first_indent = 0;   // added to left_indent on the first line
    double left_indent = 0;
    double right_indent = 0;
    double space_before = 0;
    double space_after = 0;
    double line_height = 1.15; // multiple of the largest font size on the line
    bool keep_with_next = false;  // never the last thing on a page
    std::vector<run> label;    // list label ("1.", "-") set in the hanging indent, may be empty
    double label_width = 0;    // width of the hanging indent for the label
    rule_below rule;
    int max_lines = 0;         // inside a box that shrinks to fit: lines allowed before shrinking (0 = any)
};

struct block;

// A vertical stack of blocks inside a fixed width.
struct column {
    double width = 0;  // points; 0 = share what is left equally
    std::vector<block> blocks;
    // Keeping the columns' clear: the size (points) its type may shrink to before its lines are
    // set narrower; 0 = its type never shrinks.
    double min_size = 0;
};

// Columns side by side (NĐ30 header, signature blocks). Never split across pages.
struct columns {
    std::vector<column> cols;
    double gap = 0;  // points between columns
    double space_before = 0;
    double space_after = 0;
    bool align_last = false;  // the last block of every column starts at one height (signatures: the names on one line)
    // Points kept free between what neighbouring columns print (NĐ30 header: the issuing body
    // and the motto never touch); the left column of a pair gives way. 0 = not checked.
    double clear = 0;
};

struct table_cell {
    std::vector<block> blocks;
};

struct table_row {
    std::vector<table_cell> cells;
};

// A table: header rows repeat on every page; a row is never split.
struct table {
    std::vector<double> widths;  // one per column, points; they fill the text width
    std::vector<table_row> header;
    std::vector<table_row> rows;
    double border = 0.5;       // points; 0 = no borders
    double padding = 3;        // points inside each cell
    double space_before = 0;
    double space_after = 0;
};

// A straight horizontal line across part of the text width.
struct rule {
    double length = 0;     // points; 0 = the full width
    align alignment = align::center;
    double thickness = 0.5;
    double space_before = 0;
    double space_after = 0;
};

struct spacer {
    double height = 0;
    // The blank of a signature block, left to sign in by hand: the PDF marks its place so that
    // a digital signature's picture goes there (pdf/paint.cpp, /VanthuSignPlaces).
    bool sign_place = false;
};

struct image {
    std::string path;  // absolute path of a checked PNG
    double width = 0;  // points
    double height = 0;
    align alignment = align::center;
    double space_before = 0;
    double space_after = 0;
};

// A QR code: its modules (row by row, true for dark) and its size, quiet zone included.
struct qr_code {
    int modules = 0;          // modules on a side
    std::vector<bool> dark;   // modules * modules
    double size = 0;          // points, with 4 light modules around the symbol
    align alignment = align::center;
    double space_before = 0;
    double space_after = 0;
};

// Blocks that stay on one page together (closing sentence + signatures).
struct group {
    std::vector<block> blocks;
    bool keep_together = true;
    // The last lines of the block before come with the group (keep-with-next on them): the
    // group never opens a page alone (minutes: the last body paragraph with the signatures).
    bool keep_previous = false;
};

struct page_break {};

// Where a box's content sits inside its height.
enum class v_align {
    top,     // against the top edge
    middle,  // centred
    bottom   // against the bottom edge
};

// Blocks placed at a fixed place of the current page, outside the flow (certificates:
// every field at the same place, on a full page or on a pre-printed blank).
struct box {
    double x = 0, y = 0;            // top-left corner, points from the page's top-left corner
    double width = 0, height = 0;   // points
    v_align vertical = v_align::top;
    bool shrink = false;            // scale the text down (to min_scale) until it fits
    double min_scale = 0.6;         // floor of the scale when shrinking, 0-1
    std::vector<block> blocks;
};

// Any of the above.
struct block {
    enum class kind {
        paragraph,   // p
        columns,     // cols
        table,       // tbl
        rule,        // rl
        spacer,      // sp
        image,       // img
        qr,          // code
        group,       // grp
        page_break,  // a forced new page
        box          // bx: placed at a fixed place of the page, outside the flow
    };
    kind what = kind::paragraph;
    paragraph p;
    columns cols;
    table tbl;
    struct rule rl;
    spacer sp;
    struct image img;
    qr_code code;
    group grp;
    struct box bx;
};

// Drawn at a fixed place on every page, behind the flow (frames, borders).
struct decoration {
    enum class kind {
        line,  // from (x, y) to (x2, y2)
        rect,  // x, y, width, height
        text   // a run at (x, y) baseline, with alignment around x
    };
    kind what = kind::rect;
    double x = 0, y = 0;       // from the top-left corner of the page
    double x2 = 0, y2 = 0;     // line end
    double width = 0, height = 0;
    double thickness = 0.5;
    color stroke;
    bool fill = false;
    color fill_color;
    run text;
    align alignment = align::left;
};

struct page_numbers {
    bool enabled = true;
    int from_page = 2;        // NĐ30: none on page 1
    font_key font{"serif", false, false};
    double size = 13;
    double baseline = 12 * 72 / 25.4;  // points from the top edge of the page to the number's baseline
};

struct page_setup {
    double width = 595.276;    // A4 portrait
    double height = 841.89;
    double margin_top = 20 * 72 / 25.4;
    double margin_bottom = 20 * 72 / 25.4;
    double margin_left = 30 * 72 / 25.4;
    double margin_right = 15 * 72 / 25.4;
    page_numbers numbers;
};

// PDF metadata. The creation date comes from the record, so output is reproducible.
struct metadata {
    std::string title;
    std::string author;    // the issuing body
    std::string subject;
    std::string keywords;  // the record id
    int year = 2000, month = 1, day = 1, hour = 0, minute = 0;
};

struct document {
    page_setup page;
    std::vector<block> blocks;
    std::vector<decoration> decorations;
    metadata meta;
    // Fonts the template declares: family -> files (resolved, absolute paths).
    struct font_family {
        std::string family;
        std::string regular, bold, italic, bold_italic;
    };
    std::vector<font_family> fonts;
    // Added for issue 5 (hardening): layout stops with an error rather than lay out more pages
    // than this (a runaway template or record); 0 = no limit. bind sets it from its options.
    std::size_t max_pages = 0;
};

}  // namespace model
