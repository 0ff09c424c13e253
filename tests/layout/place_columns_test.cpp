// Tests of columns side by side: the clear space kept between what neighbouring columns print.
#include <catch2/catch.hpp>

#include <algorithm>

#include "fixtures.hpp"
#include "layout/page.hpp"

using namespace fixtures;

namespace {

const fake_metrics metrics;

// A centred paragraph of bold runs (5.5 pt a character at size 10).
model::block centred(const std::string& text, double size) {
    return paragraph({bold(text, size)}, model::align::center);
}

// An NĐ30-like header: a left column 120 pt wide with its type allowed down to 12 pt, a
// right column of 140 pt printing 100 pt of text centred (from x 140 of the flow).
model::block header(std::vector<model::block> left, double clear) {
    model::block b;
    b.what = model::block::kind::columns;
    b.cols.clear = clear;
    model::column l;
    l.width = 120;
    l.min_size = 12;
    l.blocks = std::move(left);
    model::column r;
    r.width = 140;
    r.blocks.push_back(paragraph({plain(std::string(20, 'M'))}, model::align::center));
    b.cols.cols = {l, r};
    return b;
}

// The text boxes of the left column (x left of the flow's middle), and of the right one.
std::vector<layout::text_box> left_boxes(const layout::page& p, const model::document& d) {
    std::vector<layout::text_box> out;
    for (const layout::text_box& t : p.texts)
        if (t.x < left_edge(d) + 120) out.push_back(t);
    return out;
}

// The space between the right end of what the left column prints and the right column's text.
double clear_space(const layout::page& p, const model::document& d) {
    double left_end = 0, right_start = 1e9;
    for (const layout::text_box& t : p.texts) {
        if (t.x < left_edge(d) + 120) left_end = std::max(left_end, t.x + t.width);
        else right_start = std::min(right_start, t.x);
    }
    for (const layout::image_box& i : p.images) left_end = std::max(left_end, i.x + i.width);
    return right_start - left_end;
}

}  // namespace

TEST_CASE("columns_keep_their_clear_space_by_shrinking_the_left_type_before_anything_else") {
    // 16 bold characters at 13 pt are 114.4 pt wide: centred in 120 pt they end at 117.2, 22.8 pt
    // from the right column's text (at 140); 25 pt asked: at 12.35 pt (two steps) they end at 114.34.
    const model::document d = small_document({header({centred(std::string(16, 'P'), 13)}, 25)});
    const auto result = layout::lay_out(d, metrics);
    REQUIRE(result.pages.size() == 1);
    CHECK(result.problems.empty());
    const auto left = left_boxes(result.pages[0], d);
    REQUIRE(left.size() == 1);  // still one line
    CHECK(left[0].size == Approx(13 * 0.95));
    CHECK(left[0].x + left[0].width / 2 == Approx(left_edge(d) + 60));  // still centred in its column
    CHECK(clear_space(result.pages[0], d) == Approx(25.66));
    const auto right = lines_of(result.pages[0]).at(0).back();
    CHECK(right.x == Approx(left_edge(d) + 140));  // the right column does not move
    CHECK(right.size == 10);
}

TEST_CASE("columns_keep_their_clear_space_by_narrower_lines_once_the_type_is_at_its_floor") {
    // "AAAAAAA BBBBBBB" at 13 pt is 107.25 pt wide and ends at 113.6; at the 12 pt floor, 99 pt
    // wide, it ends at 109.5. For 35 pt of clear space (up to 105) a measure of 111 pt keeps it
    // on one line, centred 5.5 pt further left; for 45 pt (up to 95) it has to wrap.
    for (const double clear : {35.0, 45.0}) {
        INFO("clear space " << clear);
        const model::document d = small_document({header({centred("AAAAAAA BBBBBBB CCCCCCC", 13)}, clear)});
        const auto result = layout::lay_out(d, metrics);
        CHECK(result.problems.empty());
        const auto left = left_boxes(result.pages[0], d);
        REQUIRE(left.size() == (clear == 35 ? 2 : 3));
        for (const auto& t : left) CHECK(t.size == Approx(12));  // the floor, not below
        std::string words;  // which of two equally even cuts a centred heading takes is balancing's choice
        for (const auto& t : left) words += (words.empty() ? "" : " ") + t.text;
        CHECK(words == "AAAAAAA BBBBBBB CCCCCCC");
        CHECK(clear_space(result.pages[0], d) >= clear);
        if (clear == 35) CHECK(clear_space(result.pages[0], d) < clear + 0.1);  // moved no further than needed
    }
}

TEST_CASE("columns_keep_their_clear_space_with_a_logo_in_the_left_column") {
    model::block logo;
    logo.what = model::block::kind::image;
    logo.img.path = "/logo.png";
    logo.img.width = 40;
    logo.img.height = 20;
    // Above the names, and beside them (a column of its own inside the left column).
    model::block beside;
    beside.what = model::block::kind::columns;
    model::column picture;
    picture.width = 30;
    picture.blocks.push_back(logo);
    picture.blocks.back().img.width = 30;
    model::column names;
    names.blocks.push_back(centred("CÔNG AN TỈNH BÌNH DƯƠNG", 12));
    beside.cols.cols = {picture, names};
    for (const model::block& left : {logo, beside}) {
        const bool above = left.what == model::block::kind::image;
        INFO((above ? "logo above" : "logo beside"));
        // "PHÒNG CẢNH SÁT" (92.4 pt at 12 pt) ends at 106.2, 33.8 pt from the right column.
        const model::document d = small_document({header({left, centred("PHÒNG CẢNH SÁT PCCC VÀ CNCH", 12)}, 40)});
        const auto result = layout::lay_out(d, metrics);
        CHECK(result.problems.empty());  // no image scaled down, no word cut
        REQUIRE(result.pages[0].images.size() == 1);
        CHECK(result.pages[0].images[0].width == (above ? 40 : 30));
        CHECK(clear_space(result.pages[0], d) >= 40);
        std::string words;
        for (const auto& t : left_boxes(result.pages[0], d)) words += t.text + " ";
        for (const char* w : {"PHÒNG", "CẢNH", "SÁT", "PCCC", "VÀ", "CNCH"}) CHECK(words.find(w) != std::string::npos);
        for (const auto& t : left_boxes(result.pages[0], d)) CHECK(t.size == 12);
    }
}
