// Tests of line breaking: only at spaces, punctuation kept, faces mixed, overlong words cut.
#include <catch2/catch.hpp>

#include <sstream>

#include "fixtures.hpp"
#include "layout/page.hpp"

using namespace fixtures;

namespace {

const std::string minutes_text =
    "Hôm nay, vào lúc 08 giờ 00 phút ngày 01 tháng 8 năm 2022, tại trụ sở Phòng Cảnh sát "
    "phòng cháy, chữa cháy và cứu nạn, cứu hộ, Công an thành phố Hải Phòng đã tiến hành "
    "cuộc họp kiểm điểm công tác quý III và triển khai nhiệm vụ trọng tâm quý IV./.";

// The words of a text split at spaces.
std::vector<std::string> words_of(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

// Lays out one paragraph on the small page.
layout::layout_result lay_out_paragraph(model::block b) {
    static const fake_metrics metrics;
    return layout::lay_out(small_document({std::move(b)}), metrics);
}

}  // namespace

TEST_CASE("break_lines_never_splits_a_syllable") {
    for (model::align a : {model::align::left, model::align::justify, model::align::center}) {
        const auto result = lay_out_paragraph(paragraph({plain(minutes_text)}, a));
        REQUIRE(result.pages.size() == 1);
        const auto lines = lines_of(result.pages[0]);
        REQUIRE(lines.size() > 3);
        std::vector<std::string> seen;
        for (const auto& l : lines) {
            for (const auto& box : l) {
                for (const std::string& w : words_of(box.text)) seen.push_back(w);
            }
        }
        CHECK(seen == words_of(minutes_text));
    }
}

TEST_CASE("justified_lines_fill_the_width_exactly_and_the_last_line_does_not") {
    const model::document d = small_document();
    const auto result = lay_out_paragraph(paragraph({plain(minutes_text)}, model::align::justify));
    const auto lines = lines_of(result.pages[0]);
    REQUIRE(lines.size() > 3);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        INFO("line " << i);
        CHECK(lines[i].front().x == Approx(left_edge(d)).margin(0.01));
        CHECK(lines[i].back().x + lines[i].back().width == Approx(right_edge(d)).margin(0.01));
        CHECK(lines[i].size() > 1);  // justified lines place words one by one
    }
    const auto& last = lines.back();
    CHECK(last.front().x == Approx(left_edge(d)).margin(0.01));
    CHECK(last.back().x + last.back().width < right_edge(d) - 1);
}

TEST_CASE("a_line_ending_in_a_forced_break_is_not_justified") {
    const model::document d = small_document();
    const auto result = lay_out_paragraph(
        paragraph({plain("Thành phần tham dự:"), line_break(), plain(minutes_text)}, model::align::justify));
    const auto lines = lines_of(result.pages[0]);
    REQUIRE(lines.size() > 2);
    REQUIRE(lines[0].size() == 1);  // not justified: one box for the line
    CHECK(lines[0].back().text == "Thành phần tham dự:");
    CHECK(lines[0].back().x + lines[0].back().width == Approx(left_edge(d) + 19 * 5));
    CHECK(lines[1].front().text == "Hôm");
    CHECK(lines[1].back().x + lines[1].back().width == Approx(right_edge(d)).margin(0.01));
}

TEST_CASE("punctuation_stays_with_its_word") {
    // 52 characters fit a line; the line would end just before " :" or "," if they were
    // break opportunities.
    const std::string first = std::string(45, 'a') + " bbbbb";  // 51 characters
    const auto result = lay_out_paragraph(paragraph({plain(first + " : cc dd"), plain(", ee")}));
    const auto lines = lines_of(result.pages[0]);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].back().text == std::string(45, 'a'));
    CHECK(lines[1].front().text.rfind("bbbbb :", 0) == 0);
    for (const auto& l : lines) {
        CHECK(l.front().text.front() != ',');
        CHECK(l.front().text.front() != ':');
    }
    const auto result2 = lay_out_paragraph(paragraph({plain(std::string(47, 'a') + " bbbb"), plain(", cc")}));
    const auto lines2 = lines_of(result2.pages[0]);
    REQUIRE(lines2.size() == 2);
    CHECK(lines2[1].front().text == "bbbb, cc");
}

TEST_CASE("a_run_boundary_inside_a_word_is_not_a_break_opportunity") {
    // "Chủ" fits at the end of the first line, "Chủtrì" does not.
    const auto result = lay_out_paragraph(
        paragraph({plain(std::string(46, 'a') + " "), bold("Chủ"), plain("trì cuộc họp")}));
    const auto lines = lines_of(result.pages[0]);
    REQUIRE(lines.size() == 2);
    REQUIRE(lines[1].size() >= 2);
    CHECK(lines[1][0].text == "Chủ");
    CHECK(lines[1][0].font.bold);
    CHECK(lines[1][1].text.rfind("trì", 0) == 0);
    CHECK(lines[1][1].x == Approx(lines[1][0].x + lines[1][0].width));
}

TEST_CASE("faces_mix_inside_one_line") {
    const model::document d = small_document();
    const auto result = lay_out_paragraph(
        paragraph({bold("Chủ trì:"), plain(" Đại tá Nguyễn Văn A "), italic("(vắng)")}));
    const auto lines = lines_of(result.pages[0]);
    REQUIRE(lines.size() == 1);
    const auto& l = lines[0];
    REQUIRE(l.size() == 3);
    CHECK(l[0].text == "Chủ trì:");
    CHECK(l[0].font.bold);
    CHECK(l[0].width == Approx(8 * 5.5));
    CHECK(l[1].text == "Đại tá Nguyễn Văn A");
    CHECK_FALSE(l[1].font.bold);
    CHECK(l[1].x == Approx(left_edge(d) + 44 + 5));  // after the bold label and a regular space
    CHECK(l[2].text == "(vắng)");
    CHECK(l[2].font.italic);
    CHECK(l[2].x == Approx(l[1].x + l[1].width + 5));
}

TEST_CASE("an_overlong_word_is_broken_between_characters_inside_the_margin") {
    const model::document d = small_document();
    std::string nfc, nfd;
    for (int i = 0; i < 70; ++i) {
        nfc += "ệ";
        nfd += "e\xCC\xA3\xCC\x82";  // e + dot below + circumflex
    }
    for (const std::string& word : {nfc, nfd}) {
        const auto result = lay_out_paragraph(paragraph({plain("Số " + word + " cuối")}, model::align::justify));
        std::string joined;
        for (const auto& l : lines_of(result.pages[0])) {
            for (const auto& box : l) {
                CHECK(box.x >= left_edge(d) - 0.01);
                CHECK(box.x + box.width <= right_edge(d) + 0.01);
                CHECK(static_cast<unsigned char>(box.text[0]) != 0xCC);  // never starts with a combining mark
                joined += box.text + " ";
            }
        }
        CHECK(joined == "Số " + word.substr(0, word.size() / 70 * 52) + " " + word.substr(word.size() / 70 * 52) +
                            " cuối ");
    }
}

TEST_CASE("first_line_indent_applies_to_the_first_line_only") {
    const model::document d = small_document();
    model::block b = paragraph({plain(minutes_text)}, model::align::justify);
    b.p.first_indent = 28;
    const auto lines = lines_of(lay_out_paragraph(b).pages[0]);
    REQUIRE(lines.size() > 2);
    CHECK(lines[0].front().x == Approx(left_edge(d) + 28));
    CHECK(lines[0].back().x + lines[0].back().width == Approx(right_edge(d)).margin(0.01));
    CHECK(lines[1].front().x == Approx(left_edge(d)));
}

TEST_CASE("label_sits_in_the_hanging_indent") {
    const model::document d = small_document();
    model::block b = paragraph({plain(minutes_text)}, model::align::justify);
    b.p.label = {plain("1.")};
    b.p.label_width = 20;
    b.p.left_indent = 10;
    const auto lines = lines_of(lay_out_paragraph(b).pages[0]);
    REQUIRE(lines.size() > 2);
    CHECK(lines[0][0].text == "1.");
    CHECK(lines[0][0].x == Approx(left_edge(d) + 10));
    CHECK(lines[0][1].text == "Hôm");
    CHECK(lines[0][1].x == Approx(left_edge(d) + 30));
    CHECK(lines[1].front().x == Approx(left_edge(d) + 30));
    CHECK(lines[0].back().x + lines[0].back().width == Approx(right_edge(d)).margin(0.01));
}

TEST_CASE("centre_and_right_alignment_place_the_line_in_the_width") {
    const model::document d = small_document();
    const auto centred = lines_of(lay_out_paragraph(paragraph({bold("BIÊN BẢN")}, model::align::center)).pages[0]);
    REQUIRE(centred.size() == 1);
    const auto& c = centred[0].front();
    CHECK(c.x - left_edge(d) == Approx(right_edge(d) - (c.x + c.width)));
    const auto right = lines_of(lay_out_paragraph(paragraph({italic("Hải Phòng, ngày 01 tháng 8 năm 2022")},
                                                            model::align::right)).pages[0]);
    CHECK(right[0].back().x + right[0].back().width == Approx(right_edge(d)));
}

TEST_CASE("underlined_words_get_one_line_under_them_spaces_included") {
    const model::document d = small_document();
    model::run u = plain("ký tên");
    u.underline = true;
    const auto result = lay_out_paragraph(paragraph({plain("Đã "), u, plain(" xong")}));
    const auto& page = result.pages[0];
    REQUIRE(page.lines.size() == 1);
    CHECK(page.lines[0].x1 == Approx(left_edge(d) + 3 * 5));
    CHECK(page.lines[0].x2 == Approx(left_edge(d) + 9 * 5));
    CHECK(page.lines[0].y1 > page.texts[0].y);
    CHECK(page.lines[0].y1 < page.texts[0].y + 2);  // within the descent
}

TEST_CASE("rule_below_a_centred_paragraph_is_centred_under_its_text") {
    model::block b = paragraph({bold("Độc lập - Tự do - Hạnh phúc")}, model::align::center);
    b.p.rule.measure = model::rule_measure::text;
    b.p.rule.fraction = 0.5;
    const auto result = lay_out_paragraph(b);
    const auto& page = result.pages[0];
    REQUIRE(page.lines.size() == 1);
    const auto& t = page.texts[0];
    const auto& r = page.lines[0];
    CHECK(r.x2 - r.x1 == Approx(t.width / 2));
    CHECK((r.x1 + r.x2) / 2 == Approx(t.x + t.width / 2));
    CHECK(r.y1 > t.y + 2);  // below the descender
}

TEST_CASE("a_spaced_dash_never_starts_a_line") {
    // 52 characters fit a line: "aaa…a Rịa" is 51, so a break before " -" would be the
    // natural one; the dash must stay with "Rịa" and the line break after it.
    const std::string first = std::string(47, 'a') + " Rịa";  // 51 characters
    const auto result = lay_out_paragraph(paragraph({plain(first + " - Vũng Tàu")}));
    const auto lines = lines_of(result.pages[0]);
    REQUIRE(lines.size() == 2);
    for (const auto& l : lines) CHECK(l.front().text.rfind("-", 0) != 0);
    CHECK(lines[1].front().text.rfind("Rịa -", 0) == 0);
}

TEST_CASE("a_justified_line_whose_gaps_would_open_beyond_one_and_a_half_ems_is_set_ragged") {
    // 52 characters fit a line. The code (47 characters, nothing to cut it at) does not fit
    // after "Mã số:", so that line holds two words and 46 characters of slack: justified,
    // its one gap would be 235 pt wide at 10 pt type.
    const model::document d = small_document();
    const std::string code = "PC07" + std::string(43, 'X');
    const auto result = lay_out_paragraph(paragraph({plain("Mã số: " + code + " " + minutes_text)}, model::align::justify));
    const auto lines = lines_of(result.pages[0]);
    REQUIRE(lines.size() > 3);
    REQUIRE(lines[0].size() == 1);  // ragged: one box for the line
    CHECK(lines[0][0].text == "Mã số:");
    CHECK(lines[0][0].x == Approx(left_edge(d)));
    CHECK(lines[0][0].x + lines[0][0].width == Approx(left_edge(d) + 6 * 5));
    CHECK(lines[1].front().text == code);
    // The other lines stay justified, and no gap anywhere is wider than 15 pt.
    CHECK(lines[1].back().x + lines[1].back().width == Approx(right_edge(d)).margin(0.01));
    for (const auto& l : lines) {
        for (std::size_t i = 1; i < l.size(); ++i) CHECK(l[i].x - (l[i - 1].x + l[i - 1].width) <= 15 + 0.01);
    }
}

TEST_CASE("a_url_longer_than_the_line_breaks_after_its_punctuation_never_between_letters") {
    const model::document d = small_document();
    const std::string url = "https://dichvucong.bocongan.gov.vn/bocongan/bothutuc/tthc?matt=26337&tinh=hai-phong_2022";
    for (model::align a : {model::align::justify, model::align::left}) {
        const auto result = lay_out_paragraph(paragraph({plain("Đường dẫn: " + url + " để tra cứu.")}, a));
        const auto lines = lines_of(result.pages[0]);
        REQUIRE(lines.size() >= 3);
        // The URL starts on the label's line, after "Đường dẫn:".
        std::string first;
        for (const auto& box : lines[0]) first += (first.empty() ? "" : " ") + box.text;
        CHECK(first.rfind("Đường dẫn: https://", 0) == 0);
        // Every line break inside the URL falls right after '/', '-', '.', '_' or '?', and the
        // lines joined without any added character there give the URL back.
        std::string joined;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            std::string text;
            for (const auto& box : lines[i]) {
                CHECK(box.x + box.width <= right_edge(d) + 0.01);
                text += (text.empty() ? "" : " ") + box.text;
            }
            const bool inside_url = i > 0 && text.rfind("để", 0) != 0 && joined.find(" để") == std::string::npos;
            if (inside_url) {
                INFO(joined << " | " << text);
                CHECK(std::string("/-._?").find(joined.back()) != std::string::npos);
            }
            joined += (i == 0 || inside_url ? "" : " ") + text;
        }
        CHECK(joined == "Đường dẫn: " + url + " để tra cứu.");
    }
}

TEST_CASE("a_token_without_punctuation_is_still_cut_between_characters_when_it_must") {
    // Only letters: nowhere to cut but between them (the old behaviour, kept as the last resort).
    const auto result = lay_out_paragraph(paragraph({plain(std::string(60, 'x'))}));
    const auto lines = lines_of(result.pages[0]);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0][0].text == std::string(52, 'x'));
    CHECK(lines[1][0].text == std::string(8, 'x'));
}

TEST_CASE("a_name_kept_together_breaks_after_the_rank_and_still_breaks_when_it_cannot_fit") {
    // 20 characters fit the cell-like width; "Trung úy " is 9, "Nguyễn Thị Thu Hương" 20.
    model::block b = paragraph({plain("Trung úy "), plain("Nguyễn Thị Thu Hương")});
    b.p.runs[1].keep_together = true;
    b.p.right_indent = 260 - 100;
    const auto lines = lines_of(lay_out_paragraph(b).pages[0]);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0][0].text == "Trung úy");
    CHECK(lines[1][0].text == "Nguyễn Thị Thu Hương");  // one box, ordinary spaces
    // Without the flag, the greedy breaker splits the name.
    model::block loose = paragraph({plain("Trung úy "), plain("Nguyễn Thị Thu Hương")});
    loose.p.right_indent = 260 - 100;
    const auto loose_lines = lines_of(lay_out_paragraph(loose).pages[0]);
    REQUIRE(loose_lines.size() == 2);
    CHECK(loose_lines[0][0].text == "Trung úy Nguyễn Thị");
    // A name wider than the line breaks at its own spaces, never between letters.
    model::block tight = paragraph({plain("Trung úy "), plain("Nguyễn Thị Thu Hương")});
    tight.p.runs[1].keep_together = true;
    tight.p.right_indent = 260 - 75;  // 15 characters
    const auto tight_lines = lines_of(lay_out_paragraph(tight).pages[0]);
    std::vector<std::string> texts;
    for (const auto& l : tight_lines)
        for (const auto& box : l) texts.push_back(box.text);
    CHECK(texts == std::vector<std::string>{"Trung úy Nguyễn", "Thị Thu Hương"});
}

namespace {

// The texts of the lines of a centred bold heading set in a width of `chars` bold characters.
std::vector<std::string> heading_lines(std::vector<model::run> runs, int chars) {
    model::block b = paragraph(std::move(runs), model::align::center);
    b.p.right_indent = 260 - chars * 5.5;
    std::vector<std::string> out;
    for (const auto& l : lines_of(lay_out_paragraph(b).pages[0])) {
        std::string text;
        for (const auto& box : l) text += (text.empty() ? "" : " ") + box.text;
        out.push_back(text);
    }
    return out;
}

}  // namespace

TEST_CASE("a_centred_heading_is_balanced_without_cutting_inside_a_unit_name") {
    // 28 characters a line. The most even cut would be "CỤC XÂY DỰNG PHONG / TRÀO ...".
    CHECK(heading_lines({bold("CỤC XÂY DỰNG PHONG TRÀO BẢO VỆ ANTQ")}, 28) ==
          std::vector<std::string>{"CỤC XÂY DỰNG PHONG TRÀO", "BẢO VỆ ANTQ"});
    // 20 characters a line: the place keeps its "TỈNH", though the second line is the longer.
    CHECK(heading_lines({bold("CẢNH SÁT PCCC TỈNH THỪA THIÊN HUẾ")}, 20) ==
          std::vector<std::string>{"CẢNH SÁT PCCC", "TỈNH THỪA THIÊN HUẾ"});
    // Nowhere a name opens: the most even cut, as before (greedy would leave "SẮC" alone).
    CHECK(heading_lines({bold("GIẤY KHEN CHO CÁC TẬP THỂ CÓ THÀNH TÍCH XUẤT SẮC")}, 44) ==
          std::vector<std::string>{"GIẤY KHEN CHO CÁC TẬP THỂ", "CÓ THÀNH TÍCH XUẤT SẮC"});
    // 18 characters a line: "CÔNG AN / THÀNH PHỐ HẢI PHÒNG" does not fit, and the most even cut,
    // "CÔNG AN THÀNH / PHỐ HẢI PHÒNG", would cut "THÀNH PHỐ" in two: the next most even one.
    CHECK(heading_lines({bold("CÔNG AN THÀNH PHỐ HẢI PHÒNG")}, 18) ==
          std::vector<std::string>{"CÔNG AN THÀNH PHỐ", "HẢI PHÒNG"});
}

TEST_CASE("a_centred_heading_keeps_the_breaks_its_text_gives_and_balances_each_part") {
    // 30 characters a line; the second part fills a line, which used to stop any balancing of the first.
    CHECK(heading_lines({bold("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"), line_break(),
                         bold("SỞ LAO ĐỘNG THƯƠNG BINH XÃ HỘI")},
                        30) == std::vector<std::string>{"ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG",
                                                        "SỞ LAO ĐỘNG THƯƠNG BINH XÃ HỘI"});
}
