// Test fixtures of the layout tests: a fake font_metrics with exact widths and small document builders.
#pragma once

#include <string>
#include <vector>

#include "layout/font_metrics.hpp"
#include "layout/page.hpp"
#include "model/document.hpp"

namespace fixtures {

// Every code point 0.5 em wide (bold 0.55 em), combining marks 0; ascent 0.8 em, descent 0.2 em.
class fake_metrics : public layout::font_metrics {
public:
    double text_width(const model::font_key& font, std::string_view utf8, double size) const override;
    double ascent(const model::font_key&, double size) const override { return 0.8 * size; }
    double descent(const model::font_key&, double size) const override { return 0.2 * size; }
    bool has_glyph(const model::font_key&, char32_t) const override { return true; }
};

// A regular, bold or italic run of size 10 (5 pt a character, 5.5 bold).
model::run plain(const std::string& text, double size = 10);
model::run bold(const std::string& text, double size = 10);
model::run italic(const std::string& text, double size = 10);
model::run line_break();

// A paragraph of runs with an alignment.
model::block paragraph(std::vector<model::run> runs, model::align a = model::align::left);

// A document on a 300 x 400 page with 20 pt margins (text area 260 x 360), no page numbers.
model::document small_document(std::vector<model::block> blocks = {});

// The text area's edges of a document.
double left_edge(const model::document& d);
double right_edge(const model::document& d);

// The flow's text boxes of a page grouped into lines by baseline, top to bottom.
std::vector<std::vector<layout::text_box>> lines_of(const layout::page& p);

// All text of a page's boxes, joined by single spaces.
std::string text_of(const layout::page& p);

// The index of the first page holding a text box with exactly this text, or -1.
int page_with(const std::vector<layout::page>& pages, const std::string& text);

// A block of n paragraphs "filler k" of one line each.
std::vector<model::block> filler(int n, const std::string& prefix = "filler");

}  // namespace fixtures
