// Owns the fake font metrics and document builders the layout tests share.
#include "fixtures.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "text/utf8.hpp"

namespace fixtures {

// 0.5 em per code point (0.55 bold), 0 for combining marks.
double fake_metrics::text_width(const model::font_key& font, std::string_view utf8, double size) const {
    double w = 0;
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        const char32_t cp = text::next_code_point(utf8, pos);
        if (cp >= 0x300 && cp <= 0x36F) continue;
        w += (font.bold ? 0.55 : 0.5) * size;
    }
    return w;
}

// A run in the serif family.
static model::run make_run(const std::string& text, double size, bool b, bool i) {
    model::run r;
    r.text = text;
    r.font = model::font_key{"serif", b, i};
    r.size = size;
    return r;
}

model::run plain(const std::string& text, double size) { return make_run(text, size, false, false); }
model::run bold(const std::string& text, double size) { return make_run(text, size, true, false); }
model::run italic(const std::string& text, double size) { return make_run(text, size, false, true); }

// A forced line break run.
model::run line_break() {
    model::run r = plain("");
    r.line_break = true;
    return r;
}

// A paragraph block.
model::block paragraph(std::vector<model::run> runs, model::align a) {
    model::block b;
    b.what = model::block::kind::paragraph;
    b.p.runs = std::move(runs);
    b.p.alignment = a;
    b.p.line_height = 1.2;
    return b;
}

// A small page whose numbers are easy to check by hand.
model::document small_document(std::vector<model::block> blocks) {
    model::document d;
    d.page.width = 300;
    d.page.height = 400;
    d.page.margin_top = d.page.margin_bottom = d.page.margin_left = d.page.margin_right = 20;
    d.page.numbers.enabled = false;
    d.blocks = std::move(blocks);
    return d;
}

double left_edge(const model::document& d) { return d.page.margin_left; }
double right_edge(const model::document& d) { return d.page.width - d.page.margin_right; }

// Groups text boxes by baseline (to 0.001 pt), each line sorted left to right.
std::vector<std::vector<layout::text_box>> lines_of(const layout::page& p) {
    std::map<long long, std::vector<layout::text_box>> by_y;
    for (const layout::text_box& t : p.texts) by_y[std::llround(t.y * 1000)].push_back(t);
    std::vector<std::vector<layout::text_box>> out;
    for (auto& [y, boxes] : by_y) {
        std::sort(boxes.begin(), boxes.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
        out.push_back(boxes);
    }
    return out;
}

// Joins the texts of a page in reading order.
std::string text_of(const layout::page& p) {
    std::string s;
    for (const layout::text_box& t : p.texts) s += (s.empty() ? "" : " ") + t.text;
    return s;
}

// Finds the page of a text box.
int page_with(const std::vector<layout::page>& pages, const std::string& text) {
    for (std::size_t i = 0; i < pages.size(); ++i) {
        for (const layout::text_box& t : pages[i].texts) {
            if (t.text == text) return static_cast<int>(i);
        }
    }
    return -1;
}

// Numbered one-line paragraphs.
std::vector<model::block> filler(int n, const std::string& prefix) {
    std::vector<model::block> out;
    for (int k = 1; k <= n; ++k) out.push_back(paragraph({plain(prefix + std::to_string(k))}));
    return out;
}

}  // namespace fixtures
