// Tests of the default minutes template bound to a meeting record.
#include "bind_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace bind_support;

namespace {

// The shipped templates folder.
std::string templates() { return test_paths::source("templates"); }

// The first table of the document.
const model::table& first_table(const model::document& doc) {
    for (const model::block& b : doc.blocks)
        if (b.what == model::block::kind::table) return b.tbl;
    FAIL("no table");
    return doc.blocks.front().tbl;
}

// The first group (keep-together block) of the document.
const model::group& first_group(const model::document& doc) {
    for (const model::block& b : doc.blocks)
        if (b.what == model::block::kind::group) return b.grp;
    FAIL("no group");
    return doc.blocks.front().grp;
}

// The minutes template with one setting changed, written to a scratch folder; the folder.
std::string minutes_with_setting(const std::string& scratch, const std::string& name, const std::string& from,
                                 const std::string& to) {
    std::string dir = test_paths::scratch_dir(scratch);
    std::string xml = test_paths::read_file(test_paths::source("templates/minutes.xml"));
    const std::string line = "<set name=\"" + name + "\" value=\"" + from + "\"/>";
    REQUIRE(xml.find(line) != std::string::npos);
    xml.replace(xml.find(line), line.size(), "<set name=\"" + name + "\" value=\"" + to + "\"/>");
    std::ofstream(dir + "/minutes.xml", std::ios::binary) << xml;
    return dir;
}

}  // namespace

TEST_CASE("bind_minutes_builds_the_nd30_header_block") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    REQUIRE(doc.blocks.size() > 2);
    const model::block& top = doc.blocks[0];
    REQUIRE(top.what == model::block::kind::columns);
    REQUIRE(top.cols.cols.size() == 2);
    const model::column& left = top.cols.cols[0];
    const model::column& right = top.cols.cols[1];
    CHECK(left.width + right.width == Approx(595.276 - (30 + 15) * 72 / 25.4));
    CHECK(top.cols.clear == Approx(6 * 72 / 25.4));  // the bodies never come closer to the motto
    CHECK(left.min_size == 12);                      // their type shrinks to 12 pt at the most
    CHECK(right.min_size == 0);
    REQUIRE(left.blocks.size() == 2);
    CHECK(text_of(left.blocks[0].p.runs) == "CÔNG AN THÀNH PHỐ HẢI PHÒNG");  // upper-cased from the record
    CHECK_FALSE(left.blocks[0].p.runs[0].font.bold);
    CHECK(text_of(left.blocks[1].p.runs) == "PHÒNG CẢNH SÁT PCCC VÀ CNCH");
    CHECK(left.blocks[1].p.runs[0].font.bold);
    CHECK(left.blocks[1].p.rule.measure == model::rule_measure::text);
    CHECK(left.blocks[1].p.rule.fraction >= 1.0 / 3);
    CHECK(left.blocks[1].p.rule.fraction <= 0.5);
    REQUIRE(right.blocks.size() == 2);
    const model::run& nation = right.blocks[0].p.runs.at(0);
    CHECK(nation.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    CHECK(nation.font.bold);
    CHECK(nation.size >= 12);
    CHECK(nation.size <= 13);
    const model::paragraph& motto = right.blocks[1].p;
    CHECK(text_of(motto.runs) == "Độc lập - Tự do - Hạnh phúc");
    CHECK(motto.runs[0].font.bold);
    CHECK(motto.rule.measure == model::rule_measure::text);
    CHECK(motto.rule.fraction == 1.0);
}

TEST_CASE("bind_minutes_prints_the_number_and_the_italic_date_line_on_one_row") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    const model::block& row = doc.blocks[1];
    REQUIRE(row.what == model::block::kind::columns);
    CHECK(text_of(row.cols.cols[0].blocks.at(0).p.runs) == "Số: 15/BB-PC07");
    const model::paragraph& line = row.cols.cols[1].blocks.at(0).p;
    CHECK(text_of(line.runs) == "Hải Phòng, ngày 01 tháng 8 năm 2022");
    CHECK(line.runs[0].font.italic);
}

TEST_CASE("bind_minutes_leaves_a_blank_number_when_the_record_has_none") {
    model::document doc = bind_with(templates(), "minutes", meeting({{"<number>15/BB-PC07</number>", ""}}));
    CHECK(text_of(doc.blocks[1].cols.cols[0].blocks.at(0).p.runs) == "Số:      /BB-PC07");
}

TEST_CASE("bind_minutes_lists_attendees_in_a_table_numbered_from_one") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    const model::table& t = first_table(doc);
    REQUIRE(t.widths.size() == 4);
    double sum = 0;
    for (double w : t.widths) sum += w;
    CHECK(sum == Approx(595.276 - (30 + 15) * 72 / 25.4));
    REQUIRE(t.header.size() == 1);
    REQUIRE(t.header[0].cells.size() == 4);
    CHECK(text_of(t.header[0].cells[1].blocks.at(0).p.runs) == "Họ và tên");
    CHECK(t.header[0].cells[1].blocks.at(0).p.runs[0].font.bold);
    REQUIRE(t.rows.size() == 3);
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        CHECK(text_of(t.rows[i].cells[0].blocks.at(0).p.runs) == std::to_string(i + 1));
    CHECK(text_of(t.rows[0].cells[1].blocks.at(0).p.runs) == "Thượng tá Nguyễn Văn Toàn");  // rank before name
    CHECK(text_of(t.rows[2].cells[1].blocks.at(0).p.runs) == "Đỗ Minh Bảo");                // no rank, no stray space
    CHECK(text_of(t.rows[1].cells[2].blocks.at(0).p.runs) == "Đội trưởng");
    CHECK(t.rows[2].cells[2].blocks.at(0).p.runs.empty());  // no position
}

TEST_CASE("bind_minutes_holds_an_attendee_name_together_after_the_rank") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    const std::vector<model::run>& ranked = first_table(doc).rows[0].cells[1].blocks.at(0).p.runs;
    REQUIRE(ranked.size() == 2);
    CHECK(ranked[0].text == "Thượng tá ");  // a line may break after the rank
    CHECK_FALSE(ranked[0].keep_together);
    CHECK(ranked[1].text == "Nguyễn Văn Toàn");  // not inside the name
    CHECK(ranked[1].keep_together);
    const std::vector<model::run>& plain = first_table(doc).rows[2].cells[1].blocks.at(0).p.runs;
    REQUIRE(plain.size() == 1);
    CHECK(plain[0].text == "Đỗ Minh Bảo");
    CHECK(plain[0].keep_together);
}

TEST_CASE("bind_minutes_omits_the_table_without_named_attendees") {
    std::string persons =
        "<person><rank>Thượng tá</rank><name>Nguyễn Văn Toàn</name><position>Phó Trưởng phòng</position><unit>PC07</unit></person>\n"
        "    <person><rank>Trung tá</rank><name>Phạm Thị An</name><position>Đội trưởng</position><unit>Đội 1</unit></person>\n"
        "    <person><name>Đỗ Minh Bảo</name><unit>Đội 2</unit></person>";
    model::document doc = bind_with(templates(), "minutes", meeting({{persons, ""}}));
    for (const model::block& b : doc.blocks) CHECK(b.what != model::block::kind::table);
    CHECK(has_paragraph(doc, "Lãnh đạo Công an các quận (12 đồng chí)."));
}

TEST_CASE("bind_minutes_prints_groups_as_dashed_lines_with_their_counts") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    const model::paragraph& counted = find_paragraph(doc, "Lãnh đạo Công an các quận");
    CHECK(text_of(counted.runs) == "Lãnh đạo Công an các quận (12 đồng chí).");
    CHECK(text_of(counted.label) == "-");
    CHECK(text_of(find_paragraph(doc, "Đại diện các đội").runs) == "Đại diện các đội nghiệp vụ.");
    CHECK_FALSE(has_paragraph(doc, "Vắng mặt"));  // no absentees, no heading
}

TEST_CASE("bind_minutes_writes_the_labelled_parts_in_nd30_order") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    std::vector<std::string> texts = paragraph_texts(doc);
    auto index_of = [&](const std::string& start) {
        for (std::size_t i = 0; i < texts.size(); ++i)
            if (texts[i].rfind(start, 0) == 0) return static_cast<long>(i);
        FAIL("missing " << start);
        return -1L;
    };
    CHECK(index_of("BIÊN BẢN") < index_of("Họp giao ban"));
    CHECK(index_of("Họp giao ban") < index_of("Thời gian bắt đầu"));
    CHECK(index_of("Thời gian bắt đầu") < index_of("Địa điểm"));
    CHECK(index_of("Địa điểm") < index_of("Thành phần tham dự"));
    CHECK(index_of("Thành phần tham dự") < index_of("Chủ trì"));
    CHECK(index_of("Chủ trì") < index_of("Thư ký:"));
    CHECK(index_of("Thư ký:") < index_of("Nội dung"));
    // The conclusions are part of "Nội dung", as NĐ30's form has them, before the closing.
    CHECK(index_of("Nội dung") < index_of("Đồng chí chủ trì kết luận:"));
    CHECK(index_of("Đồng chí chủ trì kết luận:") < index_of("Giao các đội triển khai ngay."));
    CHECK(index_of("Giao các đội triển khai ngay.") < index_of("Cuộc họp kết thúc"));
    CHECK_FALSE(has_paragraph(doc, "Kết luận:"));
    const model::paragraph& started = find_paragraph(doc, "Thời gian bắt đầu");
    CHECK(text_of(started.runs) == "Thời gian bắt đầu: 08 giờ 00 phút, ngày 01 tháng 8 năm 2022.");
    CHECK(started.runs[0].font.bold);
    CHECK_FALSE(started.runs.back().font.bold);
    CHECK(started.alignment == model::align::justify);
    CHECK(started.first_indent == Approx(36.0));
    CHECK(started.space_after == 6);
    CHECK(started.runs[0].size == 14);
    CHECK(text_of(find_paragraph(doc, "Chủ trì").runs) == "Chủ trì: Đại tá Trần Văn Bình, Trưởng phòng.");
}

TEST_CASE("bind_minutes_keeps_inline_bold_of_the_record") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    const model::paragraph& p = find_paragraph(doc, "Trong tháng 7");
    REQUIRE(p.runs.size() == 3);
    CHECK(p.runs[0].text == "Trong tháng 7, toàn lực lượng đã ");
    CHECK_FALSE(p.runs[0].font.bold);
    CHECK(p.runs[1].text == "hoàn thành xuất sắc");
    CHECK(p.runs[1].font.bold);
    CHECK(p.runs[2].text == " nhiệm vụ.");
}

TEST_CASE("bind_minutes_sets_speeches_lists_and_agenda") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    const model::paragraph& speaker = find_paragraph(doc, "Đồng chí Nguyễn Văn Toàn");
    CHECK(text_of(speaker.runs) == "Đồng chí Nguyễn Văn Toàn:");
    CHECK(speaker.runs[0].font.bold);
    CHECK(speaker.keep_with_next);
    CHECK(find_paragraph(doc, "1. Đánh giá kết quả").keep_with_next);
    CHECK(text_of(find_paragraph(doc, "Kiểm tra 120 cơ sở").label) == "-");
    CHECK(text_of(find_paragraph(doc, "Đánh giá kết quả công tác").label) == "1.");
    CHECK(text_of(find_paragraph(doc, "Triển khai nhiệm vụ").label) == "2.");
}

TEST_CASE("bind_minutes_keeps_the_closing_sentence_with_the_signatures") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    const model::group& g = first_group(doc);
    CHECK(g.keep_previous);  // the last body paragraph comes with them
    REQUIRE(g.blocks.size() == 2);
    CHECK(text_of(g.blocks[0].p.runs) ==
          "Cuộc họp kết thúc vào 11 giờ 30 phút cùng ngày. Biên bản được lập thành 02 bản có giá trị như nhau./.");
    const model::block& sig = g.blocks[1];
    REQUIRE(sig.what == model::block::kind::columns);
    REQUIRE(sig.cols.cols.size() == 2);
    const model::column& secretary = sig.cols.cols[0];
    REQUIRE(secretary.blocks.size() == 3);
    CHECK(text_of(secretary.blocks[0].p.runs) == "THƯ KÝ");
    CHECK(secretary.blocks[0].p.runs[0].font.bold);
    CHECK(secretary.blocks[1].what == model::block::kind::spacer);
    CHECK(secretary.blocks[1].sp.height == Approx(30 * 72 / 25.4));
    // Signers print as the certificates print them: rank and name.
    CHECK(text_of(secretary.blocks[2].p.runs) == "Đại úy Lê Thị Hoa");
    CHECK(secretary.blocks[2].p.runs[0].font.bold);
    // The body says "Chủ trì:", so the signature says CHỦ TRÌ.
    CHECK(text_of(sig.cols.cols[1].blocks[0].p.runs) == "CHỦ TRÌ");
    CHECK(text_of(sig.cols.cols[1].blocks[2].p.runs) == "Đại tá Trần Văn Bình");
}

TEST_CASE("bind_minutes_leaves_the_end_time_blank_to_be_written_by_hand_when_absent") {
    model::document doc = bind_with(templates(), "minutes",
                                    meeting({{"<copies>2</copies>", ""}, {"<ended>2022-08-01T11:30</ended>", ""}}));
    CHECK(text_of(first_group(doc).blocks[0].p.runs) ==
          "Cuộc họp kết thúc vào ..... giờ ..... phút, ngày ..... tháng ..... năm ....../.");
    CHECK_FALSE(has_paragraph(doc, "Cuộc họp kết thúc cùng ngày"));
}

TEST_CASE("bind_minutes_names_the_end_date_when_the_meeting_ends_on_a_later_day") {
    model::document doc = bind_with(templates(), "minutes",
                                    meeting({{"<started>2022-08-01T08:00</started>", "<started>2024-12-31T19:30</started>"},
                                             {"<ended>2022-08-01T11:30</ended>", "<ended>2025-01-01T01:15</ended>"}}));
    CHECK(text_of(first_group(doc).blocks[0].p.runs) ==
          "Cuộc họp kết thúc vào 01 giờ 15 phút, ngày 01 tháng 01 năm 2025. Biên bản được lập thành 02 bản có giá trị "
          "như nhau./.");
}

TEST_CASE("bind_minutes_never_doubles_the_full_stop_after_a_record_text_ending_in_one") {
    model::document doc = bind_with(templates(), "minutes",
                                    meeting({{"<position>Cán bộ</position>", "<position>Cán bộ trực ban.</position>"},
                                             {"<group>Đại diện các đội nghiệp vụ</group>", "<group>Đại diện các đội nghiệp vụ!</group>"},
                                             {"<location>Hội trường Phòng PC07</location>", "<location>Hội trường Phòng PC07.</location>"}}));
    CHECK(text_of(find_paragraph(doc, "Thư ký:").runs) == "Thư ký: Đại úy Lê Thị Hoa, Cán bộ trực ban.");
    CHECK(text_of(find_paragraph(doc, "Đại diện các đội").runs) == "Đại diện các đội nghiệp vụ!");
    CHECK(text_of(find_paragraph(doc, "Địa điểm:").runs) == "Địa điểm: Hội trường Phòng PC07.");
    // Across every paragraph of the document: no ".." but in a leader of dots.
    for (const std::string& t : paragraph_texts(doc)) {
        INFO(t);
        CHECK(t.find("..") == std::string::npos);
    }
}

TEST_CASE("bind_minutes_signs_as_the_chair_title_the_body_uses_set_in_one_place") {
    const std::string dir = minutes_with_setting("bind-chair-title", "chair-title", "Chủ trì", "Chủ tọa");
    model::document doc = bind_with(dir, "minutes", meeting());
    CHECK(text_of(find_paragraph(doc, "Chủ tọa:").runs) == "Chủ tọa: Đại tá Trần Văn Bình, Trưởng phòng.");
    CHECK(has_paragraph(doc, "CHỦ TỌA"));
    CHECK(has_paragraph(doc, "Đồng chí chủ tọa kết luận:"));
    CHECK_FALSE(has_paragraph(doc, "CHỦ TRÌ"));
    CHECK_FALSE(has_paragraph(doc, "Chủ trì"));
}

TEST_CASE("bind_minutes_prints_signers_by_name_alone_when_the_setting_says_name") {
    const std::string dir = minutes_with_setting("bind-signer-name", "signer-name", "rank-name", "name");
    const model::document doc = bind_with(dir, "minutes", meeting());
    const model::block& sig = first_group(doc).blocks[1];
    CHECK(text_of(sig.cols.cols[0].blocks[2].p.runs) == "Lê Thị Hoa");
    CHECK(text_of(sig.cols.cols[1].blocks[2].p.runs) == "Trần Văn Bình");
}

TEST_CASE("bind_minutes_keeps_a_separate_conclusions_heading_when_the_setting_says_separate") {
    const std::string dir = minutes_with_setting("bind-conclusions", "conclusions", "in-content", "separate");
    model::document doc = bind_with(dir, "minutes", meeting());
    CHECK(find_paragraph(doc, "Kết luận:").keep_with_next);
    CHECK_FALSE(has_paragraph(doc, "Đồng chí chủ trì kết luận"));
}

TEST_CASE("bind_minutes_ends_each_distribution_line_with_a_semicolon_and_the_last_with_a_full_stop") {
    model::document doc = bind_with(templates(), "minutes",
                                    meeting({{"<to>Ban Giám đốc CATP (để b/c);</to><to>Các đội (để t/h);</to>",
                                              "<to>Ban Giám đốc CATP (để b/c)</to><to>Như trên:</to><to>Các đội (để t/h);</to>"
                                              "<to>Lưu: VT, PC07;</to>"}}));
    std::vector<std::string> texts = paragraph_texts(doc);
    REQUIRE(texts.size() >= 4);
    const std::vector<std::string> last(texts.end() - 4, texts.end());
    CHECK(last == std::vector<std::string>{"Ban Giám đốc CATP (để b/c);", "Như trên:", "Các đội (để t/h);", "Lưu: VT, PC07."});
}

TEST_CASE("bind_minutes_pads_a_document_number_below_ten_and_leaves_no_dangling_hyphen") {
    model::document five = bind_with(templates(), "minutes", meeting({{"<number>15/BB-PC07</number>", "<number>5/BB-PC07</number>"}}));
    CHECK(text_of(five.blocks[1].cols.cols[0].blocks.at(0).p.runs) == "Số: 05/BB-PC07");
    model::document blank = bind_with(templates(), "minutes", meeting({{"<number>15/BB-PC07</number>", ""}}));
    CHECK(text_of(blank.blocks[1].cols.cols[0].blocks.at(0).p.runs) == "Số:      /BB-PC07");
    model::document no_code = bind_with(templates(), "minutes", meeting({{"<number>15/BB-PC07</number>", ""}, {"<code>PC07</code>", ""}}));
    CHECK(text_of(no_code.blocks[1].cols.cols[0].blocks.at(0).p.runs) == "Số:      /BB");
}

TEST_CASE("bind_minutes_ends_with_the_distribution_list") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    const model::paragraph& title = find_paragraph(doc, "Nơi nhận:");
    CHECK(title.runs[0].font.bold);
    CHECK(title.runs[0].font.italic);
    CHECK(title.runs[0].size == 12);
    const model::paragraph& last = doc.blocks.back().p;
    CHECK(text_of(last.runs) == "Lưu: VT, PC07.");
    CHECK(text_of(last.label) == "-");
    CHECK(last.runs[0].size == 11);
    CHECK_FALSE(last.runs[0].font.bold);
}

TEST_CASE("bind_minutes_fills_metadata_fonts_and_page_setup") {
    model::document doc = bind_with(templates(), "minutes", meeting());
    CHECK(doc.meta.title == "Họp giao ban công tác PCCC và CNCH tháng 7 năm 2022");
    CHECK(doc.meta.author == "Phòng Cảnh sát PCCC và CNCH");
    CHECK(doc.meta.subject == "Biên bản");
    CHECK(doc.meta.keywords == "bb-2022-08-01-pc07");
    CHECK(doc.meta.year == 2022);
    CHECK(doc.meta.month == 8);
    CHECK(doc.meta.day == 1);
    REQUIRE(doc.fonts.size() == 1);
    CHECK(doc.fonts[0].family == "serif");
    CHECK(doc.fonts[0].bold == test_paths::source("fonts/LiberationSerif-Bold.ttf"));
    CHECK(doc.page.margin_top == Approx(20 * 72 / 25.4));
    CHECK(doc.page.numbers.enabled);
    CHECK(doc.page.numbers.from_page == 2);
}

TEST_CASE("bind_follows_a_template_edited_in_another_folder_without_rebuilding") {
    std::string dir = test_paths::scratch_dir("bind-edited");
    std::string xml = test_paths::read_file(test_paths::source("templates/minutes.xml"));
    auto replace = [&](const std::string& from, const std::string& to) {
        std::size_t at = xml.find(from);
        REQUIRE(at != std::string::npos);
        xml.replace(at, from.size(), to);
    };
    replace("margin-left=\"30mm\"", "margin-left=\"35mm\"");
    replace("<p style=\"doctype\">BIÊN BẢN</p>", "<p style=\"doctype\">BIÊN BẢN HỌP</p>");
    replace("<p style=\"to-title\">Nơi nhận:</p>", "<p style=\"to-title\">NƠI NHẬN:</p>");
    std::ofstream(dir + "/minutes.xml", std::ios::binary) << xml;
    model::document doc = bind_with(dir, "minutes", meeting());
    CHECK(doc.page.margin_left == Approx(35 * 72 / 25.4));
    CHECK(has_paragraph(doc, "BIÊN BẢN HỌP"));
    CHECK(has_paragraph(doc, "NƠI NHẬN:"));
    CHECK_FALSE(has_paragraph(doc, "Nơi nhận:"));
    CHECK(doc.blocks[0].cols.cols[0].width + doc.blocks[0].cols.cols[1].width ==
          Approx(595.276 - (35 + 15) * 72 / 25.4));
}

TEST_CASE("bind_refuses_a_template_of_another_kind_and_missing_fonts") {
    const scratch_template t = load_scratch_template(
        "bind-kind", "cert",
        "<template kind=\"certification\">"
        "<font family=\"serif\" regular=\"none.ttf\" bold=\"none.ttf\" italic=\"none.ttf\" bold-italic=\"none.ttf\"/>"
        "<body><p>{heading}</p></body></template>");
    bind::bind_result b = bind::bind_document(*t.def, meeting(), {test_paths::source("fonts"), t.dir});
    CHECK_FALSE(b);
    CHECK(vanthu::format_diagnostics(b.problems) == "cert.xml: the template is for a certification record, not a meeting\n");
}

TEST_CASE("bind_minutes_binds_every_sample_meeting_without_problems") {
    namespace fs = std::filesystem;
    tmpl::load_result t = tmpl::load_template(templates(), "minutes");
    REQUIRE(t);
    int bound = 0;
    for (const fs::directory_entry& e : fs::directory_iterator(test_paths::source("samples"))) {
        std::string name = e.path().filename().string();
        if (name.rfind("meeting-", 0) != 0 || e.path().extension() != ".xml") continue;
        INFO(name);
        record::record r = parse(test_paths::read_file(e.path().string()));
        bind::bind_result b = bind::bind_document(*t.value, r, {test_paths::source("fonts"), templates()});
        INFO(vanthu::format_diagnostics(b.problems));
        CHECK(b.problems.empty());
        CHECK(has_paragraph(b.doc, "BIÊN BẢN"));
        ++bound;
    }
    CHECK(bound >= 2);
}

TEST_CASE("bind_minutes_adds_the_archive_line_only_when_the_record_lacks_it") {
    record::record r = parse(test_paths::read_file(test_paths::source("samples/meeting-2022-08-01-pccc-models.xml")));
    model::document doc = bind_with(templates(), "minutes", r);
    std::vector<std::string> texts = paragraph_texts(doc);
    CHECK(std::count_if(texts.begin(), texts.end(), [](const std::string& s) { return s.rfind("Lưu", 0) == 0; }) == 1);
    CHECK(texts.back() == "Lưu: VT, PC07.");  // the record's own line, ended as the last line
}

TEST_CASE("bind_minutes_of_the_minimal_sample_leaves_number_and_table_out") {
    record::record r = parse(test_paths::read_file(test_paths::source("samples/meeting-minimal.xml")));
    model::document doc = bind_with(templates(), "minutes", r);
    CHECK(text_of(doc.blocks[0].cols.cols[0].blocks.at(0).p.runs) == "PHÒNG CẢNH SÁT PCCC VÀ CNCH");  // no superior body
    CHECK(text_of(doc.blocks[1].cols.cols[0].blocks.at(0).p.runs) == "Số:      /BB");  // no code: no hyphen
    for (const model::block& b : doc.blocks) CHECK(b.what != model::block::kind::table);
    CHECK_FALSE(has_paragraph(doc, "Nơi nhận"));
    CHECK(text_of(first_group(doc).blocks[0].p.runs).rfind("Cuộc họp kết thúc vào ..... giờ", 0) == 0);
}

namespace {

// The text of a table cell's paragraphs.
std::string cell_text(const model::table_cell& c) {
    std::string out;
    for (const model::block& b : c.blocks) out += text_of(b.p.runs);
    return out;
}

}  // namespace

TEST_CASE("a_table_column_no_row_fills_is_left_out_and_the_others_widen") {
    const double text_width = 595.276 - (30 + 15) * 72 / 25.4;
    // No attendee has a unit: the "Đơn vị" column goes, header included.
    model::document doc = bind_with(templates(), "minutes",
                                    meeting({{"<unit>PC07</unit>", ""}, {"<unit>Đội 1</unit>", ""}, {"<unit>Đội 2</unit>", ""}}));
    const model::table& t = first_table(doc);
    REQUIRE(t.widths.size() == 3);
    REQUIRE(t.header.size() == 1);
    REQUIRE(t.header[0].cells.size() == 3);
    CHECK(cell_text(t.header[0].cells[0]) == "STT");
    CHECK(cell_text(t.header[0].cells[1]) == "Họ và tên");
    CHECK(cell_text(t.header[0].cells[2]) == "Chức vụ");  // kept: two attendees of three have one
    REQUIRE(t.rows.size() == 3);
    for (const model::table_row& r : t.rows) CHECK(r.cells.size() == 3);
    CHECK(cell_text(t.rows[0].cells[1]) == "Thượng tá Nguyễn Văn Toàn");
    CHECK(cell_text(t.rows[2].cells[2]).empty());
    // The template's 12 mm, 52 mm and 45 mm share the text width in their proportions.
    CHECK(t.widths[0] + t.widths[1] + t.widths[2] == Approx(text_width));
    CHECK(t.widths[0] == Approx(text_width * 12 / 109));
    CHECK(t.widths[1] == Approx(text_width * 52 / 109));
    CHECK(t.widths[2] == Approx(text_width * 45 / 109));
}

TEST_CASE("a_table_column_one_row_fills_is_kept_with_its_header") {
    model::document doc = bind_with(templates(), "minutes", meeting({{"<unit>PC07</unit>", ""}, {"<unit>Đội 1</unit>", ""}}));
    const model::table& t = first_table(doc);
    REQUIRE(t.widths.size() == 4);
    CHECK(cell_text(t.header[0].cells[3]) == "Đơn vị");
    CHECK(t.widths[3] == Approx(595.276 - (30 + 15) * 72 / 25.4 - (12 + 52 + 45) * 72 / 25.4));
    CHECK(cell_text(t.rows[2].cells[3]) == "Đội 2");
}

TEST_CASE("a_table_column_left_blank_by_the_template_is_kept_to_fill_by_hand") {
    // An attendance list: the "Ký tên" column has no field, it is meant to be signed on paper.
    const scratch_template t = load_scratch_template(
        "bind-blank-column", "sheet",
        "<template kind=\"meeting\"><font family=\"serif\" regular=\"LiberationSerif-Regular.ttf\""
        " bold=\"LiberationSerif-Bold.ttf\" italic=\"LiberationSerif-Italic.ttf\""
        " bold-italic=\"LiberationSerif-BoldItalic.ttf\"/><body>"
        "<table widths=\"12mm * 40mm\"><header><cell>STT</cell><cell>Họ và tên</cell><cell>Ký tên</cell></header>"
        "<for each=\"attendees/person\" as=\"p\"><row><cell>{#}</cell><cell>{p/name}</cell><cell></cell></row></for>"
        "</table></body></template>");
    const model::document doc = bind_with(t.dir, "sheet", meeting());
    const model::table& table = first_table(doc);
    REQUIRE(table.widths.size() == 3);
    CHECK(cell_text(table.header[0].cells[2]) == "Ký tên");
    CHECK(table.widths[2] == Approx(40 * 72 / 25.4));
}
