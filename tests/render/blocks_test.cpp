// End to end, measured on the laid-out boxes of real fonts: the header blocks kept apart, the
// rules under headings, and the last page of minutes never holding the closing block alone.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "layout/page.hpp"
#include "sample_support.hpp"
#include "support/test_paths.hpp"

using namespace sample_support;

namespace {

constexpr double mm = 72 / 25.4;
const std::string long_parent = "CÔNG AN TỈNH BÌNH DƯƠNG";
const std::string long_name = "PHÒNG CẢNH SÁT PHÒNG CHÁY, CHỮA CHÁY VÀ CỨU NẠN, CỨU HỘ";

// A record's text with the first `<tag>...</tag>` inside <issuer> replaced (added when missing).
std::string with_issuer_field(std::string xml, const std::string& tag, const std::string& value) {
    const std::size_t issuer = xml.find("<issuer>");
    REQUIRE(issuer != std::string::npos);
    const std::size_t end = xml.find("</issuer>", issuer);
    const std::size_t open = xml.find("<" + tag + ">", issuer);
    const std::string element = "<" + tag + ">" + value + "</" + tag + ">";
    if (open == std::string::npos || open > end) return xml.insert(issuer + 8, element);
    const std::size_t close = xml.find("</" + tag + ">", open);
    return xml.replace(open, close + tag.size() + 3 - open, element);
}

// The laid-out pages of a record through a template (the record's default when empty).
std::vector<layout::page> pages_of(const std::string& xml, const std::string& template_name = "") {
    render::options opts = source_tree_options();
    opts.keep_pages = true;
    opts.template_name = template_name;
    render::result r = render::render_record(xml, opts);
    INFO(vanthu::format_diagnostics(r.problems));
    REQUIRE(r);
    return r.pages;
}

// Every (sample, template) pair with a header: each non-batch sample through its own template,
// the certifications also through the annex.
std::vector<std::pair<std::string, std::string>> samples_and_templates() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& file : sample_files()) {
        if (is_batch_sample(file)) continue;
        out.emplace_back(file, "");
        if (file.find("/certification-") != std::string::npos) out.emplace_back(file, "annex");
    }
    return out;
}

// One printed line: the boxes of one baseline (to 0.01 pt) joined, and their extent.
struct printed_line {
    std::string text;
    double left = 1e9, right = -1e9, baseline = 0, size = 0;
    model::font_key font;  // of its first box
    double centre() const { return (left + right) / 2; }
};

// The text lines of a page, top to bottom.
std::vector<printed_line> lines_of(const layout::page& p) {
    std::map<long long, printed_line> by_y;
    std::vector<const layout::text_box*> boxes;
    for (const layout::text_box& t : p.texts) boxes.push_back(&t);
    std::stable_sort(boxes.begin(), boxes.end(), [](auto* a, auto* b) { return a->x < b->x; });
    for (const layout::text_box* t : boxes) {
        printed_line& l = by_y[std::llround(t->y * 100)];
        if (l.text.empty()) l.font = t->font;
        l.text += (l.text.empty() ? "" : " ") + t->text;
        l.left = std::min(l.left, t->x);
        l.right = std::max(l.right, t->x + t->width);
        l.baseline = t->y;
        l.size = std::max(l.size, t->size);
    }
    std::vector<printed_line> out;
    for (auto& [y, l] : by_y) out.push_back(l);
    return out;
}

// Whether a line box is horizontal and meets no vertical line at its ends (not a table border).
bool is_free_rule(const layout::line_box& l, const layout::page& p) {
    if (std::abs(l.y1 - l.y2) > 1e-6 || l.x2 - l.x1 < 1) return false;
    for (const layout::line_box& v : p.lines) {
        if (std::abs(v.x1 - v.x2) > 1e-6) continue;
        const bool at_end = std::abs(v.x1 - l.x1) < 0.01 || std::abs(v.x1 - l.x2) < 0.01;
        if (at_end && std::min(v.y1, v.y2) - 0.01 <= l.y1 && l.y1 <= std::max(v.y1, v.y2) + 0.01) return false;
    }
    return true;
}

}  // namespace

namespace {

// Checks the header of a first page printing the long bodies' names: 6 mm at least between the
// left block (its names, its rule, a logo) and the right block (national name, motto), every
// word of the names printed, none below 12 pt.
void check_header_blocks_apart(const layout::page& first) {
    const std::vector<printed_line> lines = lines_of(first);
    double right_left = 1e9, motto_y = 0;
    for (const layout::text_box& t : first.texts) {
        if (t.text != "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" && t.text != "Độc lập - Tự do - Hạnh phúc") continue;
        right_left = std::min(right_left, t.x);
        motto_y = std::max(motto_y, t.y);
    }
    REQUIRE(motto_y > 0);
    // The left block: every box of the header band (above the motto's line and 100 pt below it,
    // a logo may push the names down) printing a piece of the two bodies' names.
    const double band = motto_y + 100;
    double left_right = -1e9;
    std::string left_text;
    for (const printed_line& l : lines) {
        if (l.baseline > band || l.left >= right_left) continue;
        for (const layout::text_box& t : first.texts) {
            if (std::llround(t.y * 100) != std::llround(l.baseline * 100) || t.x >= right_left) continue;
            if (long_parent.find(t.text) == std::string::npos && long_name.find(t.text) == std::string::npos) continue;
            left_right = std::max(left_right, t.x + t.width);
            left_text += (left_text.empty() ? "" : " ") + t.text;
            CHECK(t.size >= 12 - 1e-6);  // NĐ30: 12-13 pt, never smaller
        }
    }
    CHECK(left_text == long_parent + " " + long_name);  // every word printed, in order
    for (const layout::line_box& r : first.lines) {      // the rule under the issuing body
        if (r.y1 < band && (r.x1 + r.x2) / 2 < right_left && is_free_rule(r, first))
            left_right = std::max(left_right, r.x2);
    }
    for (const layout::image_box& i : first.images)      // a logo
        if (i.y < band && i.x < right_left) left_right = std::max(left_right, i.x + i.width);
    INFO("the left block ends at " << left_right << ", the right block starts at " << right_left);
    CHECK(right_left - left_right >= 6 * mm - 1e-6);
}

}  // namespace

TEST_CASE("header_blocks_of_every_template_stay_6_mm_apart_with_a_long_unit_name", "[render][blocks]") {
    for (const auto& [file, name] : samples_and_templates()) {
        INFO("sample " << file << " through " << (name.empty() ? "its template" : name));
        std::string xml = test_paths::read_file(file);
        xml = with_issuer_field(with_issuer_field(xml, "name", long_name), "parent", long_parent);
        check_header_blocks_apart(pages_of(xml, name).at(0));
    }
}

TEST_CASE("header_blocks_stay_6_mm_apart_with_a_logo_in_the_left_column", "[render][blocks]") {
    const std::string column = "<column width=\"45%\" min-size=\"12pt\">";
    const std::string above = column + "<image src=\"logo.png\" width=\"20mm\"/>";
    // Beside the names: a logo column of its own, the names in the rest of the left column.
    const std::string beside = column + "<columns><column width=\"16mm\"><image src=\"logo.png\" width=\"14mm\"/>"
                                        "</column><column>";
    for (const std::string& with_logo : {above, beside}) {
        INFO((with_logo == above ? "logo above the names" : "logo beside the names"));
        const std::string dir = test_paths::scratch_dir(with_logo == above ? "blocks-logo-above" : "blocks-logo-beside");
        std::string minutes = test_paths::read_file(test_paths::source("templates/minutes.xml"));
        REQUIRE(minutes.find(column) != std::string::npos);
        minutes.replace(minutes.find(column), column.size(), with_logo);
        if (with_logo == beside) {
            const std::size_t end = minutes.find("</column>", minutes.find(with_logo) + with_logo.size());
            minutes.insert(end, "</column></columns>");
        }
        std::ofstream(dir + "/minutes.xml", std::ios::binary) << minutes;
        std::ofstream(dir + "/logo.png", std::ios::binary)
            << test_paths::read_file(test_paths::source("tests/tmpl/fixtures/logo-200x100.png"));
        render::options opts = source_tree_options();
        opts.templates_dir = dir;
        opts.keep_pages = true;
        std::string xml = test_paths::read_file(test_paths::source("samples/meeting-2022-08-01-pccc-models.xml"));
        render::result r = render::render_record(with_issuer_field(with_issuer_field(xml, "name", long_name), "parent",
                                                                   long_parent), opts);
        INFO(vanthu::format_diagnostics(r.problems));
        REQUIRE(r);
        CHECK(r.problems.empty());  // the logo is not scaled down, nothing runs closer
        REQUIRE(r.pages.at(0).images.size() == 1);
        CHECK(r.pages[0].images[0].width == Approx((with_logo == above ? 20 : 14) * mm));
        check_header_blocks_apart(r.pages[0]);
    }
}

TEST_CASE("every_rule_under_a_heading_is_a_third_to_a_half_of_its_widest_line", "[render][blocks]") {
    int measured = 0;
    for (const auto& [file, name] : samples_and_templates()) {
        INFO("sample " << file << " through " << (name.empty() ? "its template" : name));
        const std::vector<layout::page> pages = pages_of(test_paths::read_file(file), name);
        for (const layout::page& p : pages) {
            const std::vector<printed_line> lines = lines_of(p);
            for (std::size_t k = p.behind_lines; k < p.lines.size(); ++k) {
                const layout::line_box& r = p.lines[k];
                if (!is_free_rule(r, p)) continue;
                // The line right above the rule, centred on it, and the lines of its paragraph above it
                // (the same centre, face and size, one line pitch apart).
                const double centre = (r.x1 + r.x2) / 2;
                auto above = std::find_if(lines.rbegin(), lines.rend(), [&](const printed_line& l) {
                    return l.baseline < r.y1 && l.baseline > r.y1 - 12 && std::abs(l.centre() - centre) < 1;
                });
                if (above == lines.rend()) continue;
                double widest = above->right - above->left;
                std::string text = above->text;
                // Lines of the other column (another centre) may sit between two lines of the paragraph.
                auto below = above;
                for (auto up = above + 1; up != lines.rend(); ++up) {
                    if (std::abs(up->centre() - centre) >= 1) continue;
                    const bool same_paragraph = up->size == below->size && up->font == below->font &&
                                                below->baseline - up->baseline < 1.5 * up->size;
                    if (!same_paragraph) break;
                    widest = std::max(widest, up->right - up->left);
                    text = up->text + " " + text;
                    below = up;
                }
                const double share = (r.x2 - r.x1) / widest;
                INFO("rule under \"" << text << "\": " << share * 100 << " % of its widest line");
                if (text == "Độc lập - Tự do - Hạnh phúc") {
                    CHECK(share == Approx(1.0).margin(0.01));  // NĐ30: as long as the motto
                } else {
                    CHECK(share >= 1.0 / 3 - 1e-6);
                    CHECK(share <= 0.5 + 1e-6);
                    ++measured;
                }
            }
        }
    }
    CHECK(measured >= 10);  // the issuing bodies and the subjects of every template were seen
}

namespace {

// Minutes whose proceedings hold `count` paragraphs of three or four lines, then conclusions.
std::string minutes_with_paragraphs(int count) {
    std::string sections;
    for (int i = 1; i <= count; ++i)
        sections += "<p>Nội dung thứ " + std::to_string(i) +
                    ": các đội nghiệp vụ báo cáo kết quả kiểm tra an toàn phòng cháy, chữa cháy tại các cơ sở "
                    "kinh doanh karaoke, quán bar trên địa bàn, chỉ ra những tồn tại, hạn chế và đề xuất biện "
                    "pháp khắc phục trong thời gian tới.</p>";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<meeting schema=\"1\" id=\"bb-closing-page\">"
           "<issuer><parent>Công an thành phố Hải Phòng</parent><name>Phòng Cảnh sát PCCC và CNCH</name>"
           "<code>PC07</code></issuer><number>15/BB-PC07</number><place>Hải Phòng</place><date>2022-08-01</date>"
           "<title>Họp giao ban công tác PCCC và CNCH tháng 7 năm 2022</title>"
           "<started>2022-08-01T08:00</started><ended>2022-08-01T11:30</ended>"
           "<location>Hội trường Phòng PC07</location>"
           "<chair><rank>Đại tá</rank><name>Trần Văn Bình</name><position>Trưởng phòng</position></chair>"
           "<secretary><rank>Đại úy</rank><name>Lê Thị Hoa</name><position>Cán bộ</position></secretary>"
           "<proceedings><section heading=\"1. Đánh giá kết quả\">" + sections + "</section></proceedings>"
           "<conclusions><p>Giao các đội nghiệp vụ khẩn trương khắc phục những tồn tại đã chỉ ra, báo cáo kết "
           "quả về Phòng trước ngày 15 tháng 8 năm 2022.</p></conclusions>"
           "<copies>2</copies><distribution><to>Ban Giám đốc CATP (để b/c);</to></distribution></meeting>";
}

}  // namespace

TEST_CASE("the_closing_sentence_of_minutes_never_opens_a_page_without_the_last_body_paragraph", "[render][blocks]") {
    // Every length from one page to three: today some put the closing sentence and the
    // signatures alone at the top of the last page.
    int moved = 0;
    for (int count = 1; count <= 30; ++count) {
        INFO(count << " paragraphs in the proceedings");
        const std::vector<layout::page> pages = pages_of(minutes_with_paragraphs(count));
        for (std::size_t i = 0; i < pages.size(); ++i) {
            const std::vector<printed_line> lines = lines_of(pages[i]);
            auto closing = std::find_if(lines.begin(), lines.end(), [](const printed_line& l) {
                return l.text.rfind("Cuộc họp kết thúc vào", 0) == 0;
            });
            if (closing == lines.end()) continue;
            if (i == 0) break;
            ++moved;
            // The lines above it on its page, the page number aside (in the top margin).
            const auto body = std::count_if(lines.begin(), closing, [](const printed_line& l) { return l.baseline > 20 * mm; });
            INFO("the closing sentence is on page " << i + 1 << " of " << pages.size());
            CHECK(body >= 1);
            const std::string& before = (closing - 1)->text;  // the conclusion's last line
            CHECK((body >= 1 && before.size() >= 5 && before.substr(before.size() - 5) == "2022."));
        }
    }
    CHECK(moved > 10);  // the closing block was seen on later pages
}
