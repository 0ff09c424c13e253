// Tests of the default pledge and ceremony templates: the signature grid, its order, and its pagination.
#include "bind_support.hpp"

#include <cmath>
#include <map>
#include <set>

#include "layout/page.hpp"
#include "render/render.hpp"
#include "text/vietnamese.hpp"

using namespace bind_support;

namespace {

// The shipped templates folder.
std::string templates() { return test_paths::source("templates"); }

// The pledge record of tests/bind/data/pledge.xml as text, with (from, to) replacements applied.
std::string pledge_xml(const std::vector<std::pair<std::string, std::string>>& edits = {}) {
    std::string xml = test_paths::read_file(test_paths::source("tests/bind/data/pledge.xml"));
    for (const auto& e : edits) {
        std::size_t at = xml.find(e.first);
        REQUIRE(at != std::string::npos);
        xml.replace(at, e.first.size(), e.second);
    }
    return xml;
}

// The part of `xml` from the first `open` to the end of the first `close`.
std::string slice(const std::string& xml, const std::string& open, const std::string& close) {
    std::size_t from = xml.find(open);
    std::size_t to = xml.find(close, from);
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    return xml.substr(from, to + close.size() - from);
}

// One signature block of the grid: its lines of text, top to bottom.
using signature_lines = std::vector<std::string>;

// The signature blocks of the grid that follows the paragraph `heading`, row by row, empty places left out.
std::vector<signature_lines> grid_after(const model::document& doc, const std::string& heading) {
    std::vector<signature_lines> out;
    bool after = false;
    for (const model::block& b : doc.blocks) {
        if (b.what == model::block::kind::paragraph) {
            if (after) break;
            after = text_of(b.p.runs) == heading;
            continue;
        }
        if (!after || b.what != model::block::kind::columns) continue;
        for (const model::column& c : b.cols.cols) {
            signature_lines lines;
            for (const model::block& line : c.blocks)
                if (line.what == model::block::kind::paragraph) lines.push_back(text_of(line.p.runs));
            if (!lines.empty()) out.push_back(lines);
        }
    }
    return out;
}

const std::string grid_heading = "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ KẾT";

// A commitments element with n items of varied length, to move the grid down the pages.
std::string commitments(int n) {
    std::string out = "<commitments>";
    for (int i = 1; i <= n; ++i) {
        out += "<item>Nội dung giao ước số " + std::to_string(i) + ": thực hiện tốt công tác PCCC và CNCH";
        for (int k = 0; k < i % 4; ++k) out += ", tăng cường kiểm tra an toàn PCCC đối với các cơ sở trọng điểm";
        out += ".</item>";
    }
    return out + "</commitments>";
}

// The page (from 0) of every text box whose text satisfies `match`.
template <class F>
std::vector<std::size_t> pages_of(const std::vector<layout::page>& pages, F match) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < pages.size(); ++i)
        for (const layout::text_box& t : pages[i].texts)
            if (match(t)) out.push_back(i);
    return out;
}

}  // namespace

TEST_CASE("pledge_grid_puts_the_lead_first_then_the_deputy_then_the_members") {
    std::string xml = pledge_xml();
    const std::string lead = slice(xml, "<party role=\"lead\">", "</party>");
    const std::string deputy = slice(xml, "<party role=\"deputy\">", "</party>");
    // The record lists a member first, then the deputy, the other members, and the lead last.
    std::string shuffled = pledge_xml({{lead, ""}, {deputy, ""}});
    const std::string members_end = "</parties>";
    shuffled.replace(shuffled.find(members_end), members_end.size(), lead + members_end);
    shuffled.replace(shuffled.find("<party role=\"member\"><unit>Cảnh sát PCCC tỉnh Quảng Ninh"), 0, deputy);

    model::document doc = bind_with(templates(), "pledge", parse(shuffled));
    std::vector<signature_lines> grid = grid_after(doc, grid_heading);
    REQUIRE(grid.size() == 8);
    const std::vector<std::string> expected{
        "CẢNH SÁT PCCC TỈNH THANH HÓA",  "CẢNH SÁT PCCC TỈNH KHÁNH HÒA",
        "CẢNH SÁT PCCC TỈNH NGHỆ AN",    "CẢNH SÁT PCCC TỈNH QUẢNG NINH",
        "CẢNH SÁT PCCC TỈNH BÌNH ĐỊNH",  "CẢNH SÁT PCCC TỈNH QUẢNG NGÃI",
        "CẢNH SÁT PCCC TỈNH THỪA THIÊN HUẾ", "CẢNH SÁT PCCC TỈNH BÀ RỊA - VŨNG TÀU"};
    for (std::size_t i = 0; i < grid.size(); ++i) CHECK(grid[i].front() == expected[i]);

    // The list of parties above the grid follows the same order.
    CHECK(text_of(find_paragraph(doc, "Cảnh sát PCCC tỉnh Thanh Hóa").label) == "1.");
    CHECK(text_of(find_paragraph(doc, "Cảnh sát PCCC tỉnh Khánh Hòa").label) == "2.");
    CHECK(text_of(find_paragraph(doc, "Cảnh sát PCCC tỉnh Nghệ An").label) == "3.");
}

TEST_CASE("pledge_grid_has_one_signature_block_per_party") {
    model::document doc = bind_with(templates(), "pledge", parse(pledge_xml()));
    std::vector<signature_lines> grid = grid_after(doc, grid_heading);
    REQUIRE(grid.size() == 8);
    // The unit upper case, the position upper case, then rank and name as written. A unit
    // run by its head signs in the head's name: never "TM." (NĐ30 Art. 13); a deputy signs
    // "KT." for the head.
    CHECK(grid[0] == signature_lines{"CẢNH SÁT PCCC TỈNH THANH HÓA", "GIÁM ĐỐC", "Đại tá Lê Văn Hùng"});
    CHECK(grid[4] == signature_lines{"CẢNH SÁT PCCC TỈNH BÌNH ĐỊNH", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Thượng tá Võ Minh Tâm"});
    for (const signature_lines& block : grid)
        for (const std::string& line : block) CHECK(line.rfind("TM.", 0) == std::string::npos);

    // Three parties: two rows, the second with one block and an empty place.
    std::string xml = pledge_xml();
    for (const char* unit : {"Quảng Ninh", "Bình Định", "Quảng Ngãi", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu"}) {
        const std::string party = slice(xml, std::string("<party role=\"member\"><unit>Cảnh sát PCCC tỉnh ") + unit, "</party>");
        xml.erase(xml.find(party), party.size());
    }
    model::document three = bind_with(templates(), "pledge", parse(xml));
    CHECK(grid_after(three, grid_heading).size() == 3);
    std::size_t rows = 0;
    for (const model::block& b : three.blocks)
        if (b.what == model::block::kind::columns && !b.cols.cols.empty() && !b.cols.cols[0].blocks.empty() &&
            text_of(b.cols.cols[0].blocks[0].p.runs).rfind("CẢNH SÁT PCCC TỈNH ", 0) == 0)
            ++rows;
    CHECK(rows == 2);
}

TEST_CASE("pledge_grid_is_never_split_from_its_heading_nor_inside_a_row") {
    render::options opts;
    opts.templates_dir = templates();
    opts.fonts_dir = test_paths::source("fonts");
    opts.keep_pages = true;
    // Move the grid down the pages one commitment at a time, so that some runs bring
    // the heading to the foot of a page.
    std::map<std::size_t, int> heading_pages;
    for (int n = 1; n <= 16; ++n) {
        const std::string xml = pledge_xml({{slice(pledge_xml(), "<commitments>", "</commitments>"), commitments(n)}});
        render::result r = render::render_record(xml, opts);
        INFO(n << " commitments; " << vanthu::format_diagnostics(r.problems));
        REQUIRE(r);
        const auto heading = pages_of(r.pages, [](const layout::text_box& t) { return t.text == grid_heading; });
        // Each block's first line: its unit, upper case (the list of parties above is not).
        const auto authorities = pages_of(r.pages, [](const layout::text_box& t) { return t.text.rfind("CẢNH SÁT PCCC", 0) == 0; });
        const auto names = pages_of(r.pages, [](const layout::text_box& t) {
            return t.font.bold && (t.text.rfind("Đại tá ", 0) == 0 || t.text.rfind("Thượng tá ", 0) == 0);
        });
        REQUIRE(heading.size() == 1);
        REQUIRE(authorities.size() == 8);
        REQUIRE(names.size() == 8);
        // The heading shares its page with the first row of the grid.
        CHECK(heading[0] == authorities[0]);
        // A block's authority and its name never sit on different pages.
        CHECK(authorities == names);
        ++heading_pages[heading[0]];
    }
    // The sweep did move the grid across a page boundary.
    CHECK(heading_pages.size() >= 2);
}

TEST_CASE("ceremony_programme_prints_each_step_with_its_padded_time") {
    const std::string xml = pledge_xml({{"kind=\"pledge\"", "kind=\"award\""},
                                        {"<slogan>", "<program><step at=\"07:45\">Đón tiếp đại biểu</step>"
                                                     "<step>Chụp ảnh lưu niệm</step>"
                                                     "<step at=\"14:05\">Bế mạc</step></program><slogan>"}});
    model::document doc = bind_with(templates(), "ceremony", parse(xml));
    const model::paragraph& first = find_paragraph(doc, "07 giờ 45: Đón tiếp đại biểu");
    CHECK(text_of(first.label) == "1.");
    CHECK(first.runs.front().font.bold);  // the time stands out
    CHECK(text_of(find_paragraph(doc, "Chụp ảnh lưu niệm").label) == "2.");  // a step without a time
    CHECK(has_paragraph(doc, "14 giờ 05: Bế mạc"));
}

TEST_CASE("ceremony_lists_awards_in_a_numbered_table_with_recipient_and_honour") {
    const std::string xml = pledge_xml({{"kind=\"pledge\"", "kind=\"commemoration\""},
                                        {"<slogan>", "<awards>"
                                                     "<award><recipient>Công an quận Lê Chân</recipient><honour>Giấy khen của Giám đốc CATP</honour></award>"
                                                     "<award><recipient>Công an quận Hải An</recipient><honour>Bằng khen của Bộ trưởng</honour></award>"
                                                     "</awards><slogan>"}});
    model::document doc = bind_with(templates(), "ceremony", parse(xml));
    const model::table* awards = nullptr;
    for (const model::block& b : doc.blocks)
        if (b.what == model::block::kind::table) awards = &b.tbl;
    REQUIRE(awards != nullptr);
    REQUIRE(awards->header.size() == 1);
    auto cell = [](const model::table_row& r, std::size_t i) { return text_of(r.cells.at(i).blocks.at(0).p.runs); };
    CHECK(cell(awards->header[0], 0) == "STT");
    CHECK(cell(awards->header[0], 1) == "Đơn vị, cá nhân");
    CHECK(cell(awards->header[0], 2) == "Hình thức khen thưởng");
    REQUIRE(awards->rows.size() == 2);
    CHECK(cell(awards->rows[1], 0) == "2");
    CHECK(cell(awards->rows[1], 1) == "Công an quận Hải An");
    CHECK(cell(awards->rows[1], 2) == "Bằng khen của Bộ trưởng");
    // The programme carries no signature grid of parties.
    CHECK_FALSE(has_paragraph(doc, "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ KẾT"));
}

TEST_CASE("pledge_representative_signs_under_the_authority_and_title_the_record_gives") {
    const std::string xml = pledge_xml({{"<name>Võ Minh Tâm</name><position>Phó Giám đốc</position>",
                                         "<name>Võ Minh Tâm</name><position>Phó Giám đốc</position>"
                                         "<authority>Q. Giám đốc</authority><title>Phó Giám đốc</title>"},
                                        {"<name>Lê Văn Hùng</name><position>Giám đốc</position>",
                                         "<name>Lê Văn Hùng</name><position>Phó Giám đốc phụ trách</position>"}});
    std::vector<signature_lines> grid = grid_after(bind_with(templates(), "pledge", parse(xml)), grid_heading);
    REQUIRE(grid.size() == 8);
    CHECK(grid[4] == signature_lines{"CẢNH SÁT PCCC TỈNH BÌNH ĐỊNH", "Q. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Thượng tá Võ Minh Tâm"});
    // A deputy in charge ("phụ trách") runs the unit: no KT.
    CHECK(grid[0] == signature_lines{"CẢNH SÁT PCCC TỈNH THANH HÓA", "PHÓ GIÁM ĐỐC PHỤ TRÁCH", "Đại tá Lê Văn Hùng"});
}

TEST_CASE("pledge_leaves_at_least_30_mm_for_each_hand_signature_and_its_seal") {
    model::document doc = bind_with(templates(), "pledge", parse(pledge_xml()));
    int blanks = 0;
    bool after = false;
    for (const model::block& b : doc.blocks) {
        if (b.what == model::block::kind::paragraph) after = after || text_of(b.p.runs) == grid_heading;
        if (!after || b.what != model::block::kind::columns) continue;
        for (const model::column& c : b.cols.cols)
            for (const model::block& line : c.blocks)
                if (line.what == model::block::kind::spacer) {
                    CHECK(line.sp.height >= 30 * 72 / 25.4 - 1e-9);
                    ++blanks;
                }
    }
    CHECK(blanks == 8);
}

TEST_CASE("ceremony_programme_has_a_number_line_and_the_signature_of_the_host_body") {
    const std::string award = pledge_xml({{"kind=\"pledge\"", "kind=\"award\""}});
    model::document doc = bind_with(templates(), "ceremony", parse(award));
    CHECK(has_paragraph(doc, "Số:      /CTr"));
    const model::block* last_row = nullptr;
    for (const model::block& b : doc.blocks)
        if (b.what == model::block::kind::columns && b.cols.cols.size() == 2 && !b.cols.cols[1].blocks.empty()) last_row = &b;
    REQUIRE(last_row != nullptr);
    CHECK(last_row->cols.cols[0].blocks.empty());  // the signature stands on the right
    REQUIRE_FALSE(last_row->cols.cols[1].blocks.empty());
    const std::string issuer = text_of(last_row->cols.cols[1].blocks.front().p.runs);
    CHECK(issuer == text::to_upper(issuer));  // the body's name, upper case, over the space to sign
    CHECK(last_row->cols.cols[1].blocks.back().what == model::block::kind::spacer);

    // With a <signer>: a deputy signs "KT." for the head, with the number the record gives.
    const std::string signed_award = pledge_xml({{"kind=\"pledge\"", "kind=\"award\""},
        {"<guests>", "<number>7/CTr-PX05</number><signer><rank>Đại tá</rank><name>Lê Quốc Đạt</name><position>Phó Trưởng phòng</position></signer><guests>"}});
    model::document with_signer = bind_with(templates(), "ceremony", parse(signed_award));
    CHECK(has_paragraph(with_signer, "Số: 07/CTr-PX05"));
    CHECK(has_paragraph(with_signer, "KT. TRƯỞNG PHÒNG"));
    CHECK(has_paragraph(with_signer, "PHÓ TRƯỞNG PHÒNG"));
    CHECK(has_paragraph(with_signer, "Đại tá Lê Quốc Đạt"));
}

TEST_CASE("pledge_names_of_one_row_of_signatures_stand_on_one_line_whatever_their_titles_take") {
    render::options opts;
    opts.templates_dir = templates();
    opts.fonts_dir = test_paths::source("fonts");
    opts.keep_pages = true;
    render::result r = render::render_record(pledge_xml(), opts);
    INFO(vanthu::format_diagnostics(r.problems));
    REQUIRE(r);
    std::set<std::pair<std::size_t, long>> lines;  // (page, baseline in hundredths of a point)
    int names = 0;
    for (std::size_t i = 0; i < r.pages.size(); ++i)
        for (const layout::text_box& t : r.pages[i].texts)
            if (t.font.bold && (t.text.rfind("Đại tá ", 0) == 0 || t.text.rfind("Thượng tá ", 0) == 0)) {
                lines.emplace(i, std::lround(t.y * 100));
                ++names;
            }
    CHECK(names == 8);
    // Eight parties, two a row: four lines of names, though "CẢNH SÁT PCCC TỈNH NGHỆ AN" takes
    // one line and "CẢNH SÁT PCCC / TỈNH QUẢNG NINH" two in the same row.
    CHECK(lines.size() == 4);
}
