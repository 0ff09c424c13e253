// Layout's inner vocabulary: shaped words, broken lines and slabs of the flow.
// Private to service/layout/: the steps of the stage talk through it.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "layout/font_metrics.hpp"
#include "layout/page.hpp"
#include "model/document.hpp"

namespace layout {

// A stretch of one word in one style (a run boundary inside a word makes two).
struct fragment {
    std::string text;
    const model::run* style = nullptr;  // the run it came from
    double width = 0;                   // measured advance
    bool glue = false;                  // a no-break space inside a name (text " "): where the word
                                        // is cut first when it is wider than a whole line
};

// What stands between two break opportunities: one or more fragments.
struct word {
    std::vector<fragment> parts;
    double width = 0;               // sum of the parts
    double space_after = 0;         // advance of the space that follows; 0 at the end
    const model::run* space_style = nullptr;  // the run of the following space, if any
    int space_count = 0;            // how many spaces follow (a deliberate blank keeps them all)
    bool break_after = false;       // a forced line break follows
    const model::run* break_style = nullptr;  // the run of that forced break (sets an empty line's size)
};

// One line of a paragraph, as the line breaker chose it.
struct line {
    std::vector<word> words;
    double natural = 0;    // width of the words and the spaces between them
    double start = 0;      // x of the line's left edge inside the paragraph's box
    double available = 0;  // width the line may fill
    bool last = false;     // the paragraph's last line
    bool forced = false;   // ends in a forced line break
};

// The width each line of a paragraph may use, from its left edge.
struct line_frame {
    double first_start = 0, first_available = 0;  // the first line
    double rest_start = 0, rest_available = 0;    // every other line
};

// A vertical extent inside a slab that a page break must not cut (a line of text, an image).
using keep_range = std::pair<double, double>;

// An unbreakable piece of the flow: boxes with x from the flow's left edge and
// y from the slab's top. Pagination stacks slabs on pages.
struct slab {
    page content;                  // boxes; width and height unused
    double height = 0;             // content height, spacing excluded
    double space_before = 0;       // dropped when the slab opens a page after an automatic break
    double space_after = 0;        // not needed at the bottom of a page
    bool keep_with_next = false;   // must share a page with the next slab
    bool page_break = false;       // an empty slab that forces a new page
    bool positioned = false;       // boxes already in page coordinates, placed outside the flow (height 0)
    std::shared_ptr<const slab> repeat_header;  // table header to repeat when this slab opens a page
    std::vector<keep_range> keeps; // where a forced split of a too-tall slab must not cut
    std::string what;              // for diagnostics, e.g. "table row 12 (blocks[3])"
};

// Answers of font_metrics::has_glyph remembered per face, for the code points text uses
// most (below U+2100: Latin, Vietnamese, general punctuation); shaping asks for every
// character, and finds the face once per run.
class glyph_cache {
public:
    // One face's answers.
    class face_glyphs {
    public:
        face_glyphs(const font_metrics& metrics, const model::font_key& font)
            : metrics_(&metrics), font_(font), blocks_(cached_below / block_size) {}
        // Whether the face has the code point, asked of the metrics once.
        bool has(char32_t cp) {
            if (cp >= cached_below) return metrics_->has_glyph(font_, cp);
            std::vector<unsigned char>& block = blocks_[cp / block_size];
            if (block.empty()) block.assign(block_size, 0);  // the few blocks a text uses
            unsigned char& known = block[cp % block_size];
            if (known == 0) known = metrics_->has_glyph(font_, cp) ? 1 : 2;
            return known == 1;
        }
        const model::font_key& font() const { return font_; }
        const font_metrics* metrics() const { return metrics_; }

    private:
        const font_metrics* metrics_;
        model::font_key font_;
        static constexpr char32_t block_size = 256;
        std::vector<std::vector<unsigned char>> blocks_;  // per 256 code points: 0 not asked yet, 1 has it, 2 has not
    };

    // The answers for a face of these metrics, made on first use; the reference stays valid.
    face_glyphs& face(const font_metrics& metrics, const model::font_key& font);

private:
    static constexpr char32_t cached_below = 0x2100;  // a multiple of face_glyphs' block size
    std::vector<std::unique_ptr<face_glyphs>> faces_;
};

// remember_boxes.cpp: the boxes of layout_memo, each with the slab it gave.
struct layout_memo::impl {
    struct entry {
        model::box box;
        slab laid;
        int changes = 0;  // how often a box at its place came with other content
    };
    std::vector<entry> entries;             // one per place on the page, oldest first
    const font_metrics* measured_with = nullptr;

    // The slab laid out for a box with the same content and the same metrics, or null
    // (counting a change of content at the box's place).
    const slab* find(const model::box& b, const font_metrics& metrics);
    // Remembers the slab of a box at its place, unless that place keeps changing (the
    // oldest place is forgotten past a few dozen).
    void keep(const model::box& b, const font_metrics& metrics, const slab& laid);
};

// What every step needs: the measures, the problems found, the page's text height.
struct flow_context {
    const font_metrics& metrics;
    vanthu::diagnostics& problems;
    double page_height = 0;  // height of the text area of a page
    std::size_t max_pages = 0;  // pagination stops with an error beyond this (0 = no limit)
    // Faces and characters already warned about as missing (once per document); may be null.
    std::set<std::pair<std::string, char32_t>>* reported_glyphs = nullptr;
    // Glyph answers shared by the document's paragraphs; may be null (asked each time).
    glyph_cache* glyphs = nullptr;
    // The render's time limit: flowing and paginating stop once it has passed; may be null.
    const vanthu::deadline* deadline = nullptr;
    // Boxes laid out earlier in the batch; may be null (every box laid out).
    layout_memo::impl* memo = nullptr;
    // Whether the time limit has passed (the caller reports it).
    bool out_of_time() const { return deadline && deadline->passed(); }
};

// A tiny epsilon for comparisons of points.
constexpr double tolerance = 1e-6;

// shape_runs.cpp: splits runs into words at spaces and measures them.
std::vector<word> shape_runs(const std::vector<model::run>& runs, const flow_context& ctx);

// break_lines.cpp: greedy first-fit lines, only at spaces; a word wider than a line is cut
// (split_word), starting on the line before it when a cut after '/', '-' ... lets it.
std::vector<line> break_lines(std::vector<word> words, const line_frame& frame, const font_metrics& metrics);

// How split_word may cut a word.
enum class cut_kind {
    soft,  // only at a no-break space of a name or after '/', '-', '.', '_', '?' (an empty head if none fits)
    any    // there first, else between characters (the head has at least one character)
};

// split_word.cpp: the longest head of a word that fits a width and the rest: cut at a name's
// no-break space (dropped) if one fits, else after '/', '-', '.', '_' or '?' (URLs, paths,
// codes), else between characters when `how` allows it.
std::pair<word, word> split_word(const word& w, double width, const font_metrics& metrics,
                                 cut_kind how = cut_kind::any);

// balance_lines.cpp: the lines of a centred paragraph, each stretch between forced breaks of two
// to four lines set as evenly as it can be, cut where a reader cuts the name of a body or place.
std::vector<line> balance_lines(const std::vector<word>& words, const line_frame& frame, const font_metrics& metrics);

// place_paragraph.cpp: one slab per line of a paragraph set in a width.
std::vector<slab> place_paragraph(const model::paragraph& p, double width, const flow_context& ctx);

// place_table.cpp: a header slab (if any) and one slab per row.
std::vector<slab> place_table(const model::table& t, double width, const flow_context& ctx,
                              const std::string& where);

// place_columns.cpp: columns side by side as one slab.
slab place_columns(const model::columns& c, double width, const flow_context& ctx, const std::string& where);

// place_simple.cpp: rules, spacers and images as slabs.
slab place_rule(const model::rule& r, double width);
slab place_spacer(const model::spacer& s, double width);
slab place_image(const model::image& img, double width, const flow_context& ctx, const std::string& where);
// A QR code: its dark modules as filled squares (row runs merged), quiet zone included in its size.
slab place_qr(const model::qr_code& code, double width, const flow_context& ctx, const std::string& where);

// place_box.cpp: a box at a fixed place of the page, its text shrunk to fit when it asks so.
slab place_box(const model::box& b, const flow_context& ctx, const std::string& where);

// flow_blocks.cpp: the slabs of the document's blocks in the text width; stops early once they
// surely need more pages than the page limit (the paginator then reports it), so that a
// runaway template is never laid out whole.
std::vector<slab> flow_document(const std::vector<model::block>& blocks, double width, const flow_context& ctx);

// flow_blocks.cpp: the slabs of a list of blocks set in a width (groups kept whole when they can be).
std::vector<slab> flow_blocks(const std::vector<model::block>& blocks, double width, const flow_context& ctx,
                              const std::string& where);

// merge_slabs.cpp: stacks slabs into one, inner spacing kept; the outer spacing is kept inside
// (cells, columns) or carried by the merged slab (groups).
// Taken by value: callers that are done with the slabs move them in, and their boxes move.
slab merge_slabs(std::vector<slab> slabs, bool outer_spacing_inside);

// merge_slabs.cpp: puts the boxes of one slab into another, moved by (dx, dy); taken by value
// so that a caller done with them moves them in rather than copying their texts.
void append_boxes(page& into, page from, double dx, double dy);

// paginate.cpp: slabs on pages of the given setup; boxes move to page coordinates.
std::vector<page> paginate(std::vector<slab> slabs, const model::page_setup& setup, const flow_context& ctx);

// split_slab.cpp: cuts a slab at or above limit where no text line is cut: the head and the rest.
std::pair<slab, slab> split_slab(const slab& s, double limit);

// number_pages.cpp: page numbers as NĐ30 wants them.
void number_pages(std::vector<page>& pages, const model::page_setup& setup, const font_metrics& metrics);

// decorate_pages.cpp: the document's decorations behind the flow of every page.
void decorate_pages(std::vector<page>& pages, const std::vector<model::decoration>& decorations,
                    const font_metrics& metrics);

}  // namespace layout
