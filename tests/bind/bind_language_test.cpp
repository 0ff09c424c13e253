// Tests of the template language's constructs, each through a small template bound to a meeting.
#include "bind_support.hpp"

#include <filesystem>
#include <fstream>

using namespace bind_support;

namespace {

// Binds a one-off template whose <body> is `body` (and top-level `extra`) to a record.
model::document bind_body(const std::string& scratch, const std::string& body, const record::record& r,
                          const std::string& extra = "") {
    std::string dir = test_paths::scratch_dir(scratch);
    std::ofstream(dir + "/t.xml", std::ios::binary)
        << "<template kind=\"meeting\">\n"
           "  <font family=\"serif\" regular=\"LiberationSerif-Regular.ttf\" bold=\"LiberationSerif-Bold.ttf\""
           " italic=\"LiberationSerif-Italic.ttf\" bold-italic=\"LiberationSerif-BoldItalic.ttf\"/>\n"
           "  <style name=\"body\" font=\"serif\" size=\"13pt\"/>\n"
        << extra << "  <body>" << body << "</body>\n</template>\n";
    return bind_with(dir, "t", r);
}

}  // namespace

TEST_CASE("for_sorts_persons_in_vietnamese_name_order_when_asked") {
    std::string body = "<for each=\"attendees/person\" as=\"p\" order=\"name\"><p>{#}. {p/name}</p></for>";
    model::document doc = bind_body("lang-sort", body, meeting());
    // Given names: An < Bảo < Toàn (by given name, not family name).
    CHECK(paragraph_texts(doc) == std::vector<std::string>{"1. Phạm Thị An", "2. Đỗ Minh Bảo", "3. Nguyễn Văn Toàn"});
    model::document unsorted = bind_body("lang-unsorted", "<for each=\"attendees/person\" as=\"p\"><p>{p/name}</p></for>", meeting());
    CHECK(paragraph_texts(unsorted) == std::vector<std::string>{"Nguyễn Văn Toàn", "Phạm Thị An", "Đỗ Minh Bảo"});
}

TEST_CASE("if_else_not_and_equality_choose_the_right_branch") {
    std::string body =
        "<if test=\"number\"><p>has number</p></if><else><p>no number</p></else>"
        "<if test=\"not absent/person\"><p>nobody absent</p></if>"
        "<if test=\"place = 'Hải Phòng'\"><p>in Hải Phòng</p></if>"
        "<if test=\"place != 'Hải Phòng'\"><p>elsewhere</p></if>"
        "<if test=\"attendees/person/name starts-with 'Đỗ'\"><p>a Đỗ attends</p></if>"
        "<for each=\"attendees/group\" as=\"g\"><p>{g}<if test=\"g/@count\"> ({g/@count|pad2})</if><else> (no count)</else></p></for>";
    model::document doc = bind_body("lang-if", body, meeting());
    CHECK(paragraph_texts(doc) == std::vector<std::string>{"has number", "nobody absent", "in Hải Phòng", "a Đỗ attends",
                                                           "Lãnh đạo Công an các quận (12)",
                                                           "Đại diện các đội nghiệp vụ (no count)"});
    model::document other = bind_body("lang-if2", body, meeting({{"<number>15/BB-PC07</number>", ""}, {"<place>Hải Phòng", "<place>Hà Nội"}}));
    CHECK(paragraph_texts(other)[0] == "no number");
    CHECK(paragraph_texts(other)[2] == "elsewhere");
    model::document none = bind_body("lang-if3", body, meeting({{"<name>Đỗ Minh Bảo</name>", "<name>Vũ Minh Bảo</name>"}}));
    CHECK_FALSE(has_paragraph(none, "a Đỗ attends"));
}

TEST_CASE("formatters_print_dates_times_numbers_and_case_the_vietnamese_way") {
    std::string body =
        "<p>{started|time-short}|{ended|time}|{date|date-short}|{date|date}</p>"
        "<p>{copies|pad2}|{copies|pad3}|{copies|thousands}|{copies|words}|{copies|money-words}</p>"
        "<p>{issuer/name|upper}|{chair/name|lower}|{absent|or('không có')}</p>";
    model::document doc = bind_body("lang-fmt", body, meeting({{"<copies>2</copies>", "<copies>500000</copies>"}}));
    std::vector<std::string> texts = paragraph_texts(doc);
    REQUIRE(texts.size() == 3);
    CHECK(texts[0] == "8 giờ 00|11 giờ 30 phút|01/8/2022|ngày 01 tháng 8 năm 2022");
    CHECK(texts[1] == "500000|500000|500.000|năm trăm nghìn|Năm trăm nghìn đồng");
    CHECK(texts[2] == "PHÒNG CẢNH SÁT PCCC VÀ CNCH|trần văn bình|không có");
    model::document small = bind_body("lang-fmt2", "<p>{copies|pad2} {copies|pad3} {copies|words}</p>",
                                      meeting({{"<copies>2</copies>", "<copies>105</copies>"}}));
    CHECK(paragraph_texts(small)[0] == "105 105 một trăm linh năm");
}

TEST_CASE("inline_b_i_u_and_br_style_template_text") {
    model::document doc = bind_body("lang-inline", "<p>a <b>b <i>c</i></b> <u>d</u><br/>e</p>", meeting());
    const std::vector<model::run>& runs = doc.blocks.at(0).p.runs;
    REQUIRE(runs.size() == 7);
    CHECK(runs[0].text == "a ");
    CHECK(runs[1].text == "b ");
    CHECK(runs[1].font.bold);
    CHECK(runs[2].text == "c");
    CHECK(runs[2].font.bold);
    CHECK(runs[2].font.italic);
    CHECK(runs[3].text == " ");
    CHECK(runs[4].text == "d");
    CHECK(runs[4].underline);
    CHECK(runs[5].line_break);
    CHECK(runs[6].text == "e");
}

TEST_CASE("style_attributes_on_a_paragraph_override_its_style") {
    std::string extra = "  <style name=\"big\" base=\"body\" size=\"16pt\" align=\"center\" color=\"#ff0000\" space-before=\"3mm\"/>\n";
    model::document doc = bind_body("lang-style", "<p style=\"big\" align=\"right\" bold=\"yes\" left-indent=\"1cm\">x</p>", meeting(), extra);
    const model::paragraph& p = doc.blocks.at(0).p;
    CHECK(p.alignment == model::align::right);
    CHECK(p.left_indent == Approx(72 / 2.54));
    CHECK(p.space_before == Approx(3 * 72 / 25.4));
    CHECK(p.runs.at(0).size == 16);
    CHECK(p.runs.at(0).font.bold);
    CHECK(p.runs.at(0).fill == model::color{1, 0, 0});
}

TEST_CASE("signatures_make_a_grid_with_n_per_row") {
    std::string body =
        "<signatures per-row=\"2\" blank=\"35mm\">"
        "<signature authority=\"KT. giám đốc\" title=\"{chair/position}\" name=\"{chair/name}\"/>"
        "<for each=\"attendees/person\" as=\"p\"><signature title=\"{p/unit}\" name=\"{p/name}\"/></for>"
        "</signatures>";
    model::document doc = bind_body("lang-sign", body, meeting());
    REQUIRE(doc.blocks.size() == 2);  // 4 signatures, 2 per row
    for (const model::block& b : doc.blocks) REQUIRE(b.cols.cols.size() == 2);
    const model::column& first = doc.blocks[0].cols.cols[0];
    REQUIRE(first.blocks.size() == 4);
    CHECK(text_of(first.blocks[0].p.runs) == "KT. GIÁM ĐỐC");
    CHECK(text_of(first.blocks[1].p.runs) == "TRƯỞNG PHÒNG");
    CHECK(first.blocks[2].sp.height == Approx(35 * 72 / 25.4));
    CHECK(text_of(first.blocks[3].p.runs) == "Trần Văn Bình");
    CHECK(first.blocks[3].p.alignment == model::align::center);
    CHECK(text_of(doc.blocks[1].cols.cols[1].blocks[2].p.runs) == "Đỗ Minh Bảo");
}

TEST_CASE("rules_spacers_images_page_breaks_and_decorations_reach_the_model") {
    std::string dir = test_paths::scratch_dir("lang-blocks");
    std::filesystem::copy_file(test_paths::source("tests/tmpl/fixtures/logo-200x100.png"), dir + "/logo.png");
    std::ofstream(dir + "/t.xml", std::ios::binary)
        << "<template kind=\"meeting\">\n"
           "  <font family=\"serif\" regular=\"LiberationSerif-Regular.ttf\" bold=\"LiberationSerif-Bold.ttf\""
           " italic=\"LiberationSerif-Italic.ttf\" bold-italic=\"LiberationSerif-BoldItalic.ttf\"/>\n"
           "  <page size=\"A4\" orientation=\"landscape\" margin-left=\"20mm\" margin-right=\"20mm\"/>\n"
           "  <page-numbers enabled=\"no\"/>\n"
           "  <frame inset=\"10mm\" thickness=\"2pt\" color=\"red\"/>\n"
           "  <body><rule width=\"50%\" align=\"left\"/><spacer height=\"1cm\"/><image src=\"logo.png\" width=\"40mm\"/>"
           "<page-break/><keep><p>x</p></keep></body>\n</template>\n";
    model::document doc = bind_with(dir, "t", meeting());
    CHECK(doc.page.width == Approx(841.89).epsilon(0.001));
    CHECK_FALSE(doc.page.numbers.enabled);
    REQUIRE(doc.decorations.size() == 1);
    CHECK(doc.decorations[0].width == Approx(doc.page.width - 2 * 10 * 72 / 25.4));
    CHECK(doc.decorations[0].thickness == 2);
    REQUIRE(doc.blocks.size() == 5);
    CHECK(doc.blocks[0].rl.length == Approx((297 - 40) * 72 / 25.4 / 2));
    CHECK(doc.blocks[0].rl.alignment == model::align::left);
    CHECK(doc.blocks[1].sp.height == Approx(720 / 25.4));
    CHECK(doc.blocks[2].img.path.find("/lang-blocks/logo.png") != std::string::npos);
    CHECK(doc.blocks[2].img.width == Approx(40 * 72 / 25.4));
    CHECK(doc.blocks[2].img.height == Approx(20 * 72 / 25.4));  // from the PNG's 2:1
    CHECK(doc.blocks[3].what == model::block::kind::page_break);
    CHECK(doc.blocks[4].what == model::block::kind::group);
}

TEST_CASE("bind_reports_a_font_file_that_is_missing") {
    const scratch_template t = load_scratch_template(
        "lang-fonts", "t",
        "<template kind=\"meeting\"><font family=\"serif\" regular=\"Nope.ttf\" bold=\"LiberationSerif-Bold.ttf\""
        " italic=\"LiberationSerif-Italic.ttf\" bold-italic=\"LiberationSerif-BoldItalic.ttf\"/><body/></template>");
    bind::bind_result b = bind::bind_document(*t.def, meeting(), {test_paths::source("fonts"), t.dir});
    CHECK_FALSE(b);
    CHECK(vanthu::format_diagnostics(b.problems) ==
          "t.xml: font file not found: " + test_paths::source("fonts/Nope.ttf") + "\n");
}

TEST_CASE("fonts_resolved_once_and_handed_to_each_binding_give_what_bind_resolves_itself") {
    const scratch_template t = load_scratch_template(
        "lang-fonts-once", "t",
        "<template kind=\"meeting\"><font family=\"serif\" regular=\"LiberationSerif-Regular.ttf\""
        " bold=\"LiberationSerif-Bold.ttf\" italic=\"Nope-Italic.ttf\" bold-italic=\"LiberationSerif-BoldItalic.ttf\"/>"
        "<body/></template>");
    const std::string& dir = t.dir;
    const bind::resolved_fonts once = bind::resolve_fonts(*t.def, test_paths::source("fonts"));
    REQUIRE(once.families.size() == 1);
    CHECK(once.families[0].regular == test_paths::source("fonts/LiberationSerif-Regular.ttf"));
    bind::bind_options handed{test_paths::source("fonts"), dir};
    handed.fonts = &once;
    for (int i = 0; i < 2; ++i) {  // every binding reports the resolution's problem, as its own would
        bind::bind_result by_itself = bind::bind_document(*t.def, meeting(), {test_paths::source("fonts"), dir});
        bind::bind_result given = bind::bind_document(*t.def, meeting(), handed);
        CHECK_FALSE(given);
        CHECK(vanthu::format_diagnostics(given.problems) == vanthu::format_diagnostics(by_itself.problems));
        CHECK(vanthu::format_diagnostics(given.problems) ==
              "t.xml: font file not found: " + test_paths::source("fonts/Nope-Italic.ttf") + "\n");
        REQUIRE(given.doc.fonts.size() == 1);
        CHECK(given.doc.fonts[0].bold == by_itself.doc.fonts[0].bold);
    }
}
