// End to end: where whole documents break their lines (names in tables, URLs, headings,
// invisible characters), read back from the laid-out boxes and from pdftotext.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "layout/page.hpp"
#include "sample_support.hpp"

using namespace sample_support;

namespace {

// A minutes record around its issuer, attendees and proceedings (XML fragments).
std::string minutes_record(const std::string& issuer, const std::string& attendees, const std::string& proceedings) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<meeting schema=\"1\" id=\"line-breaks\">\n"
           "  <issuer>" + issuer + "</issuer>\n"
           "  <place>Hải Phòng</place>\n  <date>2022-08-01</date>\n  <title>Họp giao ban tuần</title>\n"
           "  <started>2022-08-01T08:00</started>\n  <location>Phòng họp</location>\n"
           "  <chair><rank>Đại tá</rank><name>Lê Quốc Đạt</name></chair>\n"
           "  <secretary><rank>Đại úy</rank><name>Nguyễn Thị Thu Hà</name></secretary>\n" +
           attendees + "  <proceedings><section>" + proceedings + "</section></proceedings>\n</meeting>\n";
}

// Renders a record with the source tree's templates, keeping its pages.
render::result render_kept(const std::string& record) {
    render::options opts = source_tree_options();
    opts.keep_pages = true;
    return render::render_record(record, opts);
}

// Rank and name of the n-th of 300 participants: 3 and 4 syllable names, seven ranks; every
// name fits the 52 mm column of the minutes on a line of its own.
std::pair<std::string, std::string> participant(int n) {
    static const std::vector<std::string> ranks{"Thượng tá", "Đại úy", "Trung úy", "Thiếu tá",
                                                "Trung tá", "Thượng úy", "Đại tá"};
    static const std::vector<std::string> families{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
                                                   "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"};
    static const std::vector<std::string> middles{"Văn", "Thị", "Minh", "Quang", "Thanh", "Hữu", "Đức",
                                                  "Công", "Xuân", "Ngọc", "Thị Thu", "Văn Bảo", "Thị Mai"};
    static const std::vector<std::string> givens{"An", "Bình", "Cường", "Dũng", "Hương", "Khánh", "Long",
                                                 "Nam", "Phương", "Quân", "Thắng", "Trang", "Tuấn", "Huyền", "Nghĩa"};
    const std::string name = families[n % families.size()] + " " + middles[(n / 3) % middles.size()] + " " +
                             givens[(n / 7) % givens.size()];
    return {ranks[n % ranks.size()], name};
}

// Every text of a document's boxes, page by page.
std::vector<std::string> box_texts(const std::vector<layout::page>& pages) {
    std::vector<std::string> out;
    for (const layout::page& p : pages)
        for (const layout::text_box& t : p.texts) out.push_back(t.text);
    return out;
}

}  // namespace

TEST_CASE("participant_names_in_the_minutes_table_break_after_the_rank_not_inside_the_name") {
    std::string attendees = "  <attendees>\n";
    for (int n = 0; n < 300; ++n) {
        const auto [rank, name] = participant(n);
        attendees += "    <person><rank>" + rank + "</rank><name>" + name +
                     "</name><position>Cán bộ</position><unit>Phòng Cảnh sát PCCC và CNCH</unit></person>\n";
    }
    // One name no line holds: it still breaks, at its own spaces.
    const std::string long_name = "Công Tôn Nữ Hoàng Thị Minh Nguyệt";
    attendees += "    <person><rank>Thượng úy</rank><name>" + long_name + "</name><position>Cán bộ</position></person>\n";
    attendees += "  </attendees>\n";
    const render::result r = render_kept(
        minutes_record("<name>PHÒNG CẢNH SÁT PCCC VÀ CNCH</name><code>PC07</code>", attendees,
                       "<p>Các đội báo cáo kết quả công tác tuần.</p>"));
    REQUIRE(r);
    const std::vector<std::string> texts = box_texts(r.pages);
    int split = 0;
    std::string which;
    for (int n = 0; n < 300; ++n) {
        const auto [rank, name] = participant(n);
        bool whole = false;  // the name stands on one line of its cell, alone or after the rank
        for (const std::string& t : texts) whole = whole || t == name || t == rank + " " + name;
        if (!whole) {
            ++split;
            which += rank + " " + name + "; ";
        }
    }
    INFO(split << " of 300 names split across lines: " << which);
    CHECK(split == 0);
    std::string long_parts;  // the boxes that hold the long name, rank first
    for (const std::string& t : texts)
        if (long_parts.empty() ? t.rfind("Thượng úy Công", 0) == 0 : long_parts.size() < long_name.size() + 11)
            long_parts += (long_parts.empty() ? "" : "|") + t;
    CHECK(long_parts.find('|') != std::string::npos);  // on two lines or more
    std::string rejoined = long_parts;
    for (char& c : rejoined) c = c == '|' ? ' ' : c;
    CHECK(rejoined == "Thượng úy " + long_name);  // cut at spaces only
    // The record's text comes back exactly: ordinary spaces inside the names.
    const std::string extracted = collapse(run_poppler("pdftotext", {"-raw", "-enc", "UTF-8"}, r.pdf, "names").out);
    for (int n = 0; n < 300; ++n) {
        const auto [rank, name] = participant(n);
        CHECK(extracted.find(rank + " " + name) != std::string::npos);
    }
    CHECK(extracted.find("Thượng úy " + long_name) != std::string::npos);
}

TEST_CASE("a_long_url_in_the_minutes_breaks_after_its_punctuation_and_extracts_exactly") {
    const std::string url = "https://dichvucong.bocongan.gov.vn/bocongan/bothutuc/tthc?matt=26337&amp;tinh=hai-phong_2022";
    const std::string shown = "https://dichvucong.bocongan.gov.vn/bocongan/bothutuc/tthc?matt=26337&tinh=hai-phong_2022";
    const render::result r = render_kept(minutes_record("<name>PHÒNG CẢNH SÁT PCCC VÀ CNCH</name>", "",
                                                        "<p>Đường dẫn: " + url + "</p>"));
    REQUIRE(r);
    // pdftotext gives each line of the paragraph; joined without any character, they are the URL.
    const std::string raw = run_poppler("pdftotext", {"-raw", "-enc", "UTF-8"}, r.pdf, "url").out;
    const auto start = raw.find("Đường dẫn: https://");
    REQUIRE(start != std::string::npos);  // the URL starts on the label's line
    std::string joined;
    std::size_t lines = 0;
    for (std::size_t i = start; i < raw.size() && joined.size() < std::string("Đường dẫn: ").size() + shown.size();
         ++i) {
        if (raw[i] != '\n') {
            joined += raw[i];
            continue;
        }
        ++lines;
        CHECK(std::string("/-._?").find(joined.back()) != std::string::npos);  // never between letters
    }
    CHECK(lines >= 1);
    CHECK(joined == "Đường dẫn: " + shown);
    // The label's line is justified with ordinary gaps: no box of it starts far from the one before.
    for (const layout::page& p : r.pages) {
        for (std::size_t i = 1; i < p.texts.size(); ++i) {
            const layout::text_box& a = p.texts[i - 1];
            const layout::text_box& b = p.texts[i];
            if (a.y != b.y || b.x < a.x) continue;
            CHECK(b.x - (a.x + a.width) <= 1.5 * b.size + 0.01);
        }
    }
}

TEST_CASE("a_soft_hyphen_is_neither_drawn_nor_extracted_and_a_zero_width_space_is_dropped_with_a_warning") {
    const render::result r = render_kept(minutes_record(
        "<name>PHÒNG CẢNH SÁT PCCC VÀ CNCH</name>", "",
        "<p>Kiểm tra công tác phòng cháy, chữa cháy tại các khu dân cư, cơ sở sản xuất kinh doanh và nhà "
        "ở kết hợp kinh doanh trên địa bàn thành phố Hải Phòng; phong tr\xC2\xAD" "ào toàn dân\xE2\x80\x8B "
        "bảo vệ an ninh Tổ quốc.</p>"));
    REQUIRE(r);
    const std::string text = collapse(run_poppler("pdftotext", {"-raw", "-enc", "UTF-8"}, r.pdf, "invisible").out);
    CHECK(text.find("\xC2\xAD") == std::string::npos);
    CHECK(text.find("\xE2\x80\x8B") == std::string::npos);
    CHECK(text.find("phong trào toàn dân bảo vệ an ninh Tổ quốc.") != std::string::npos);
    for (const std::string& t : box_texts(r.pages)) CHECK(t.find("\xC2\xAD") == std::string::npos);
    const std::string problems = vanthu::format_diagnostics(r.problems);
    CHECK(problems.find("/meeting/proceedings/section[1]/p[1]: warning: invisible character U+200B") !=
          std::string::npos);
    CHECK(problems.find("U+00AD") == std::string::npos);
}

TEST_CASE("the_issuing_body_in_the_minutes_header_is_not_cut_inside_its_name") {
    for (const std::string& tail : {std::string("BẢO VỆ ANTQ"), std::string("BẢO VỆ AN NINH TỔ QUỐC")}) {
        const render::result r = render_kept(minutes_record(
            "<parent>BỘ CÔNG AN</parent><name>CỤC XÂY DỰNG PHONG TRÀO " + tail + "</name><code>V05</code>", "",
            "<p>Các đơn vị báo cáo.</p>"));
        REQUIRE(r);
        const std::vector<std::string> texts = box_texts(r.pages);
        INFO(tail);
        CHECK(std::find(texts.begin(), texts.end(), "CỤC XÂY DỰNG PHONG TRÀO") != texts.end());
        CHECK(std::find(texts.begin(), texts.end(), tail) != texts.end());
    }
}
