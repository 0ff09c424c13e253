// Tests of pagination: tables across pages, columns, groups, headings, numbers, margins.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "layout/page.hpp"

using namespace fixtures;

namespace {

const fake_metrics metrics;

// A table cell holding one paragraph.
model::table_cell cell(const std::string& text) {
    model::table_cell c;
    c.blocks.push_back(paragraph({plain(text)}));
    return c;
}

// A table of n rows; each row's second cell takes two lines.
model::block table_of(int n) {
    model::block b;
    b.what = model::block::kind::table;
    b.tbl.widths = {40, 220};
    b.tbl.header.push_back(model::table_row{{cell("STT"), cell("Họ và tên")}});
    for (int i = 1; i <= n; ++i) {
        const std::string k = std::to_string(i);
        b.tbl.rows.push_back(model::table_row{{cell("r" + k), cell("row" + k + "a " + std::string(40, 'x') + " row" + k + "b")}});
    }
    return b;
}

// A group of blocks.
model::block group_of(std::vector<model::block> blocks, bool keep = true) {
    model::block b;
    b.what = model::block::kind::group;
    b.grp.blocks = std::move(blocks);
    b.grp.keep_together = keep;
    return b;
}

}  // namespace

TEST_CASE("table_header_is_repeated_on_page_2_and_rows_are_never_split") {
    const model::document d = small_document({table_of(30)});
    const auto result = layout::lay_out(d, metrics);
    REQUIRE(result.pages.size() >= 2);
    CHECK(result.problems.empty());
    for (int i = 1; i <= 30; ++i) {
        const std::string k = std::to_string(i);
        INFO("row " << k);
        const int p = page_with(result.pages, "r" + k);
        REQUIRE(p >= 0);
        CHECK(page_with(result.pages, "row" + k + "a") == p);
        CHECK(page_with(result.pages, "row" + k + "b") == p);
    }
    for (const auto& page : result.pages) {
        const auto lines = lines_of(page);
        REQUIRE(!lines.empty());
        CHECK(lines[0][0].text == "STT");  // the header opens every page
        CHECK(lines[0][0].y < d.page.margin_top + 20);
    }
}

TEST_CASE("table_borders_are_lines_around_each_cell_and_widths_scale_to_fit") {
    model::block t = table_of(1);
    t.tbl.widths = {100, 420};  // twice the text width
    const model::document d = small_document({t});
    const auto result = layout::lay_out(d, metrics);
    const auto& page = result.pages[0];
    double max_x = 0;
    bool middle = false;
    for (const auto& l : page.lines) {
        max_x = std::max({max_x, l.x1, l.x2});
        if (l.x1 == l.x2 && l.x1 == Approx(left_edge(d) + 50)) middle = true;
    }
    CHECK(max_x == Approx(right_edge(d)));
    CHECK(middle);  // the column boundary scaled by a half
    CHECK(page.lines.size() == 1 + 3 + 1 + 3 + 1);  // header top, 3 verticals, shared line, 3 verticals, bottom
    CHECK(page_with(result.pages, "r1") == 0);
    const auto lines = lines_of(page);
    CHECK(lines[0][0].x == Approx(left_edge(d) + 3));  // cell padding
}

TEST_CASE("a_row_taller_than_a_page_is_split_with_a_warning") {
    model::block t = table_of(0);
    std::string tall;
    for (int i = 0; i < 50; ++i) tall += "line" + std::to_string(i) + " " + std::string(45, 'y') + " ";
    t.tbl.rows.push_back(model::table_row{{cell("1"), cell(tall)}});
    const auto result = layout::lay_out(small_document({t}), metrics);
    CHECK(result.pages.size() >= 2);
    REQUIRE(result.problems.items.size() == 1);
    CHECK(result.problems.items[0].level == vanthu::severity::warning);
    CHECK(result.problems.items[0].message.find("taller than a page") != std::string::npos);
    for (const auto& page : result.pages) {
        CHECK(lines_of(page)[0][0].text == "STT");  // the header repeats on the pages the row continues on
        for (const auto& l : page.lines) CHECK((l.y1 >= 20 && l.y2 <= 380));  // borders cut at the page edge
        for (const auto& box : page.texts) CHECK(box.y + 2 <= 380);
    }
    CHECK(text_of(result.pages.back()).find("line49 ") != std::string::npos);  // nothing lost
}

TEST_CASE("columns_are_set_side_by_side") {
    model::block c;
    c.what = model::block::kind::columns;
    c.cols.gap = 20;
    c.cols.cols.resize(2);
    c.cols.cols[0].blocks = {paragraph({bold("CÔNG AN THÀNH PHỐ")}, model::align::center), paragraph({plain("Số: 15/BB-PC07")}, model::align::center)};
    c.cols.cols[1].blocks = {paragraph({bold("CỘNG HÒA")}, model::align::center)};
    const model::document d = small_document({c, paragraph({plain("Sau")})});
    const auto result = layout::lay_out(d, metrics);
    const auto lines = lines_of(result.pages[0]);
    REQUIRE(lines.size() == 3);
    REQUIRE(lines[0].size() == 2);
    const double column = (260 - 20) / 2.0;
    const auto& left = lines[0][0];
    const auto& right = lines[0][1];
    CHECK(left.text == "CÔNG AN THÀNH PHỐ");
    CHECK(left.x + left.width / 2 == Approx(left_edge(d) + column / 2));
    CHECK(right.text == "CỘNG HÒA");
    CHECK(right.x + right.width / 2 == Approx(left_edge(d) + column + 20 + column / 2));
    CHECK(lines[1][0].text == "Số: 15/BB-PC07");
    CHECK(lines[2][0].text == "Sau");  // the flow goes on under the tallest column
}

TEST_CASE("columns_that_do_not_fit_move_whole_to_the_next_page") {
    model::block c;
    c.what = model::block::kind::columns;
    c.cols.cols.resize(2);
    c.cols.cols[0].blocks = filler(4, "left");
    c.cols.cols[1].blocks = filler(4, "right");
    std::vector<model::block> blocks = filler(28);  // 30 lines a page
    blocks.push_back(c);
    const auto result = layout::lay_out(small_document(blocks), metrics);
    REQUIRE(result.pages.size() == 2);
    for (int k = 1; k <= 4; ++k) {
        CHECK(page_with(result.pages, "left" + std::to_string(k)) == 1);
        CHECK(page_with(result.pages, "right" + std::to_string(k)) == 1);
    }
}

TEST_CASE("a_group_kept_together_moves_whole_to_the_next_page") {
    std::vector<model::block> blocks = filler(27);
    blocks.push_back(group_of(filler(5, "sign")));
    const auto result = layout::lay_out(small_document(blocks), metrics);
    REQUIRE(result.pages.size() == 2);
    CHECK(page_with(result.pages, "filler27") == 0);
    for (int k = 1; k <= 5; ++k) CHECK(page_with(result.pages, "sign" + std::to_string(k)) == 1);

    blocks.back().grp.keep_together = false;  // the same blocks, free to break
    const auto loose = layout::lay_out(small_document(blocks), metrics);
    CHECK(page_with(loose.pages, "sign3") == 0);
    CHECK(page_with(loose.pages, "sign4") == 1);
}

TEST_CASE("a_group_keeping_the_previous_block_brings_its_last_lines_to_the_next_page") {
    // 24 lines of filler and five lines of the last paragraph fill 348 of 360 pt: the group
    // (closing sentence and signatures, 60 pt) goes to page 2.
    std::vector<model::block> blocks = filler(24);
    blocks.push_back(paragraph({plain("last1"), line_break(), plain("last2"), line_break(), plain("last3"),
                                line_break(), plain("last4"), line_break(), plain("last5")}));
    blocks.push_back(group_of(filler(5, "sign")));
    blocks.back().grp.keep_previous = true;
    const auto result = layout::lay_out(small_document(blocks), metrics);
    REQUIRE(result.pages.size() == 2);
    CHECK(page_with(result.pages, "last3") == 0);
    CHECK(page_with(result.pages, "last4") == 1);  // two lines, as widow control keeps them
    CHECK(page_with(result.pages, "last5") == 1);
    for (int k = 1; k <= 5; ++k) CHECK(page_with(result.pages, "sign" + std::to_string(k)) == 1);
    CHECK(lines_of(result.pages[1]).front().front().text == "last4");

    blocks.back().grp.keep_previous = false;  // the same blocks: the group alone on page 2
    const auto alone = layout::lay_out(small_document(blocks), metrics);
    CHECK(page_with(alone.pages, "last5") == 0);
    CHECK(lines_of(alone.pages[1]).front().front().text == "sign1");
}

TEST_CASE("a_group_taller_than_a_page_is_laid_out_normally_with_a_warning") {
    const auto result = layout::lay_out(small_document({group_of(filler(45, "g"))}), metrics);
    REQUIRE(result.pages.size() == 2);
    CHECK(page_with(result.pages, "g30") == 0);
    CHECK(page_with(result.pages, "g31") == 1);
    REQUIRE(result.problems.items.size() == 1);
    CHECK(result.problems.items[0].level == vanthu::severity::warning);
}

TEST_CASE("a_heading_never_ends_a_page") {
    std::vector<model::block> blocks = filler(29);
    model::block heading = paragraph({bold("II. NỘI DUNG")});
    heading.p.keep_with_next = true;
    blocks.push_back(heading);
    blocks.push_back(paragraph({plain("Nội dung cuộc họp")}));
    const auto result = layout::lay_out(small_document(blocks), metrics);
    REQUIRE(result.pages.size() == 2);
    CHECK(page_with(result.pages, "filler29") == 0);
    CHECK(page_with(result.pages, "II. NỘI DUNG") == 1);
    CHECK(page_with(result.pages, "Nội dung cuộc họp") == 1);

    blocks[29].p.keep_with_next = false;  // without it, the heading would end page 1
    CHECK(page_with(layout::lay_out(small_document(blocks), metrics).pages, "II. NỘI DUNG") == 0);
}

TEST_CASE("a_page_break_starts_a_new_page") {
    std::vector<model::block> blocks = filler(2);
    model::block br;
    br.what = model::block::kind::page_break;
    blocks.insert(blocks.begin() + 1, br);
    const auto result = layout::lay_out(small_document(blocks), metrics);
    REQUIRE(result.pages.size() == 2);
    CHECK(page_with(result.pages, "filler2") == 1);
}

TEST_CASE("page_number_on_page_2_is_centred_and_page_1_has_none") {
    model::document d = small_document(filler(40));
    d.page.numbers.enabled = true;
    d.page.numbers.baseline = 14;
    d.page.numbers.size = 13;
    const auto result = layout::lay_out(d, metrics);
    REQUIRE(result.pages.size() == 2);
    CHECK(page_with({result.pages[0]}, "1") == -1);
    for (const auto& t : result.pages[0].texts) CHECK(t.y > d.page.margin_top);
    const auto& numbered = result.pages[1].texts;
    const auto it = std::find_if(numbered.begin(), numbered.end(), [](const auto& t) { return t.text == "2"; });
    REQUIRE(it != numbered.end());
    CHECK(it->y == Approx(14));
    CHECK(it->size == Approx(13));
    CHECK(it->x + it->width / 2 == Approx((left_edge(d) + right_edge(d)) / 2));
}

TEST_CASE("decorations_are_on_every_page_behind_the_flow") {
    model::document d = small_document(filler(40));
    model::decoration frame;
    frame.what = model::decoration::kind::rect;
    frame.x = frame.y = 5;
    frame.width = 290;
    frame.height = 390;
    d.decorations.push_back(frame);
    const auto result = layout::lay_out(d, metrics);
    REQUIRE(result.pages.size() == 2);
    for (const auto& page : result.pages) {
        REQUIRE(page.rects.size() == 1);
        CHECK(page.rects[0].x == 5);
        CHECK(page.rects[0].height == 390);
    }
}

TEST_CASE("nothing_falls_outside_the_margins_in_a_long_document") {
    std::vector<model::block> blocks;
    const std::string long_text =
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư, "
        "Phòng Cảnh sát PCCC và CNCH tổ chức kiểm tra " + std::string(80, 'W') + " và lập biên bản như sau: ";
    for (int i = 0; i < 12; ++i) {
        model::block p = paragraph({bold("Điều " + std::to_string(i) + ". "), plain(long_text), italic(long_text)},
                                   i % 3 == 0 ? model::align::center : model::align::justify);
        p.p.first_indent = 28;
        p.p.space_after = 6;
        if (i % 4 == 1) {
            p.p.label = {plain("-")};
            p.p.label_width = 15;
            p.p.right_indent = 10;
        }
        p.p.rule.measure = i % 5 == 0 ? model::rule_measure::absolute : model::rule_measure::none;
        p.p.rule.length = 1000;
        blocks.push_back(p);
        if (i % 4 == 2) blocks.push_back(table_of(6));
        if (i % 4 == 3) {
            model::block img;
            img.what = model::block::kind::image;
            img.img.width = 400;
            img.img.height = 100;
            img.img.alignment = model::align::right;
            blocks.push_back(img);
        }
    }
    model::block c;
    c.what = model::block::kind::columns;
    c.cols.cols = {model::column{100, {paragraph({plain(long_text)}, model::align::justify)}},
                   model::column{300, {paragraph({plain(long_text)}, model::align::right)}}};
    blocks.push_back(c);
    model::document d = small_document(blocks);
    d.page.numbers.enabled = true;
    const auto result = layout::lay_out(d, metrics);
    REQUIRE(result.pages.size() > 5);
    const double left = d.page.margin_left, right = d.page.width - d.page.margin_right;
    const double top = d.page.margin_top, bottom = d.page.height - d.page.margin_bottom;
    for (std::size_t n = 0; n < result.pages.size(); ++n) {
        INFO("page " << n + 1);
        const auto& page = result.pages[n];
        for (const auto& t : page.texts) {
            if (t.y == Approx(d.page.numbers.baseline)) continue;  // the page number lives in the margin
            INFO(t.text);
            CHECK(t.x >= left - 0.01);
            CHECK(t.x + t.width <= right + 0.01);
            CHECK(t.y - 0.8 * t.size >= top - 0.01);
            CHECK(t.y + 0.2 * t.size <= bottom + 0.01);
        }
        for (const auto& l : page.lines) {
            for (double x : {l.x1, l.x2}) CHECK((x >= left - 0.01 && x <= right + 0.01));
            for (double y : {l.y1, l.y2}) CHECK((y >= top - 0.01 && y <= bottom + 0.01));
        }
        for (const auto& i : page.images) {
            CHECK(i.x >= left - 0.01);
            CHECK(i.x + i.width <= right + 0.01);
            CHECK(i.y >= top - 0.01);
            CHECK(i.y + i.height <= bottom + 0.01);
        }
    }
}

TEST_CASE("space_before_is_dropped_at_the_top_of_a_page_after_an_automatic_break_only") {
    std::vector<model::block> blocks = filler(31);
    for (auto& b : blocks) b.p.space_before = 6;
    const model::document d = small_document(blocks);
    const auto result = layout::lay_out(d, metrics);
    REQUIRE(result.pages.size() == 2);
    const double first_baseline = d.page.margin_top + 9;  // (12 - 10) / 2 + 8
    CHECK(lines_of(result.pages[0])[0][0].y == Approx(first_baseline + 6));  // kept on page 1
    CHECK(lines_of(result.pages[1])[0][0].y == Approx(first_baseline));      // dropped after the break
}

TEST_CASE("a_paragraph_never_leaves_one_line_alone_at_a_page_edge") {
    std::vector<model::block> blocks = filler(29);  // one line left on page 1
    std::string text;
    for (int i = 1; i <= 4; ++i) text += "line" + std::to_string(i) + " " + std::string(45, 'z') + " ";
    blocks.push_back(paragraph({plain(text)}));
    const auto result = layout::lay_out(small_document(blocks), metrics);
    REQUIRE(result.pages.size() == 2);
    CHECK(page_with(result.pages, "line1 " + std::string(45, 'z')) == 1);  // no orphan on page 1
}

namespace {

// The fake metrics without a glyph for U+20AB (the đồng sign).
class no_dong_sign : public fake_metrics {
public:
    bool has_glyph(const model::font_key&, char32_t cp) const override { return cp != 0x20AB; }
};

}  // namespace

TEST_CASE("a_missing_glyph_is_reported_once_per_face") {
    const no_dong_sign lacking;
    const auto result = layout::lay_out(small_document({paragraph({plain("500.000 ₫ và 200.000 ₫")})}), lacking);
    REQUIRE(result.problems.items.size() == 1);
    CHECK(result.problems.items[0].message.find("U+20AB") != std::string::npos);
    CHECK(page_with(result.pages, "500.000 \uFFFD và 200.000 \uFFFD") == 0);  // laid out, visibly replaced
}
