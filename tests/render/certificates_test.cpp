// End to end for certificates: one page per recipient, text inside the frame, blanks that match.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>

#include "layout/page.hpp"
#include "sample_support.hpp"
#include "support/test_paths.hpp"

using namespace sample_support;

namespace {

constexpr double mm = 72 / 25.4;

// The certification samples.
std::vector<std::string> certification_samples() {
    std::vector<std::string> out;
    for (const auto& f : sample_files())
        if (f.find("/certification-") != std::string::npos) out.push_back(f);
    return out;
}

// Renders a sample with its layout kept, optionally with another template.
render::result render_kept(const std::string& file, const std::string& template_name = "") {
    render::options opts = source_tree_options();
    opts.keep_pages = true;
    opts.template_name = template_name;
    return render::render_record(test_paths::read_file(file), opts);
}

// The innermost rectangle of a page's border: the largest rect no other rect of the border lies inside.
layout::rect_box inner_frame(const layout::page& p) {
    layout::rect_box best;
    double best_area = 1e18;
    for (const auto& r : p.rects) {
        const double area = r.width * r.height;
        if (r.filled || r.width < p.width / 2) continue;  // corner blocks, side marks
        if (area < best_area) {
            best = r;
            best_area = area;
        }
    }
    return best;
}

// Each field's text keyed by its content and order, with its position.
std::multimap<std::string, std::pair<double, double>> positions(const layout::page& p) {
    std::multimap<std::string, std::pair<double, double>> out;
    for (const auto& t : p.texts) out.emplace(t.text, std::make_pair(t.x, t.y));
    return out;
}

// The page count pdfinfo reports.
int pdfinfo_pages(const std::string& pdf, const std::string& scratch) {
    const std::string out = run_poppler("pdfinfo", {}, pdf, scratch).out;
    const auto at = out.find("Pages:");
    return at == std::string::npos ? -1 : std::stoi(out.substr(at + 6));
}

}  // namespace

TEST_CASE("a_certification_renders_one_page_per_recipient_in_record_order", "[render][certificates]") {
    const auto samples = certification_samples();
    REQUIRE(samples.size() >= 3);
    for (const auto& file : samples) {
        INFO("sample " << file);
        const std::string bytes = test_paths::read_file(file);
        render::result r = render_kept(file);
        INFO(vanthu::format_diagnostics(r.problems));
        REQUIRE(r);
        auto parsed = render::check_record(bytes, source_tree_options());
        const auto recipients = parsed.value.root.child("recipients")->children_named("recipient");
        REQUIRE(r.pages.size() == recipients.size());
        CHECK(pdfinfo_pages(r.pdf, "cert-pages") == static_cast<int>(recipients.size()));
        for (std::size_t i = 0; i < recipients.size(); ++i) {  // page i names recipient i
            const std::string& name = recipients[i]->child("name")->str;
            std::string page_text;
            for (const auto& t : r.pages[i].texts) page_text += t.text + " ";
            CHECK(collapse(page_text).find(collapse(name).substr(0, 12)) != std::string::npos);
        }
    }
}

TEST_CASE("a_certificate_page_has_no_text_outside_its_frame_and_no_overlap", "[render][certificates]") {
    for (const auto& file : certification_samples()) {
        INFO("sample " << file);
        render::result r = render_kept(file);
        REQUIRE(r);
        for (const auto& d : r.problems.items) CHECK(d.message.find("does not fit") == std::string::npos);
        for (const auto& p : r.pages) {
            const layout::rect_box frame = inner_frame(p);
            REQUIRE(frame.width > 0);
            for (const auto& t : p.texts) {
                INFO("text \"" << t.text << "\" at " << t.x << "," << t.y);
                CHECK(t.x >= frame.x + 2);
                CHECK(t.x + t.width <= frame.x + frame.width - 2);
                CHECK(t.y - t.size * 0.9 >= frame.y + 2);
                CHECK(t.y + t.size * 0.25 <= frame.y + frame.height - 2);
            }
            // No two lines of text cross: boxes on the same baseline band do not overlap horizontally.
            for (std::size_t a = 0; a < p.texts.size(); ++a)
                for (std::size_t b = a + 1; b < p.texts.size(); ++b) {
                    const auto& u = p.texts[a];
                    const auto& v = p.texts[b];
                    const bool same_band = u.y - u.size * 0.7 < v.y && v.y - v.size * 0.7 < u.y;
                    const bool apart = u.x + u.width <= v.x + 0.01 || v.x + v.width <= u.x + 0.01;
                    INFO("\"" << u.text << "\" and \"" << v.text << "\"");
                    CHECK((!same_band || apart));
                }
        }
    }
}

TEST_CASE("a_long_name_shrinks_or_wraps_to_stay_in_its_box", "[render][certificates]") {
    const std::string file = test_paths::source("samples/certification-2023-standard-long-names.xml");
    render::result r = render_kept(file);
    REQUIRE(r);
    REQUIRE(r.pages.size() == 3);
    double short_size = 0, long_size = 1e9;
    for (const auto& t : r.pages[0].texts)
        if (t.text.find("Tổ dân phố số 1") != std::string::npos) short_size = t.size;
    for (const auto& t : r.pages[2].texts)
        if (t.text.find("Ban quản lý") != std::string::npos) long_size = t.size;
    CHECK(short_size == Approx(26));  // the template's size when it fits
    CHECK(long_size < short_size);    // shrunk ...
    CHECK(long_size >= 26 * 0.55 - 0.01);  // ... never below the floor
}

TEST_CASE("the_blank_variant_puts_each_field_where_the_full_one_does", "[render][certificates][blank]") {
    for (const char* kind : {"merit", "standard"}) {
        const std::string file = test_paths::source(std::string("samples/") +
            (std::string(kind) == "merit" ? "certification-2022-01-10-merit-pccc.xml" : "certification-2023-standard-long-names.xml"));
        render::result full = render_kept(file, std::string("certificate-") + kind);
        render::result blank = render_kept(file, std::string("certificate-") + kind + "-blank");
        INFO(kind << ": " << vanthu::format_diagnostics(blank.problems));
        REQUIRE(full);
        REQUIRE(blank);
        REQUIRE(full.pages.size() == blank.pages.size());
        for (std::size_t i = 0; i < full.pages.size(); ++i) {
            CHECK(blank.pages[i].rects.empty());  // no border
            CHECK(blank.pages[i].lines.empty());
            const auto in_full = positions(full.pages[i]);
            REQUIRE_FALSE(blank.pages[i].texts.empty());
            CHECK(blank.pages[i].texts.size() < full.pages[i].texts.size());  // static text left out
            for (const auto& t : blank.pages[i].texts) {
                INFO("field text \"" << t.text << "\"");
                auto range = in_full.equal_range(t.text);
                bool same_place = false;
                for (auto it = range.first; it != range.second; ++it)
                    same_place = same_place || (std::abs(it->second.first - t.x) < 0.01 && std::abs(it->second.second - t.y) < 0.01);
                CHECK(same_place);
            }
            for (const auto& t : blank.pages[i].texts) {
                CHECK(t.text.find("CỘNG HÒA") == std::string::npos);
                CHECK(t.text.find("GIẤY") == std::string::npos);
            }
        }
    }
}

TEST_CASE("a_batch_keeps_memory_to_the_pdf_in_the_making", "[render][certificates]") {
    // Rendering per recipient hands layout one recipient at a time: progress is reported for each.
    render::options opts = source_tree_options();
    std::vector<std::size_t> seen;
    opts.progress = [&](std::size_t done, std::size_t total) {
        seen.push_back(done);
        CHECK(total == 3);
    };
    render::result r = render::render_record(
        test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml")), opts);
    REQUIRE(r);
    CHECK(seen == std::vector<std::size_t>{1, 2, 3});
}

TEST_CASE("split_gives_one_pdf_per_recipient_named_by_its_id", "[render][certificates][split]") {
    const std::string file = test_paths::source("samples/certification-2022-01-10-merit-pccc.xml");
    std::vector<std::string> ids;
    render::result r = render::render_split(test_paths::read_file(file), source_tree_options(),
                                            [&](const std::string& id, const std::string& pdf, std::string&) {
                                                ids.push_back(id);
                                                CHECK(pdfinfo_pages(pdf, "split-" + id) == 1);
                                                return true;
                                            });
    INFO(vanthu::format_diagnostics(r.problems));
    REQUIRE(r);
    CHECK(ids == std::vector<std::string>{"gk-2022-001", "gk-2022-002", "gk-2022-003"});
}

namespace {

// The object references of each page's /Contents array, page by page (libharu and our page
// assembler write dictionaries in plain text).
std::vector<std::vector<std::string>> page_contents(const std::string& pdf) {
    std::vector<std::vector<std::string>> out;
    const std::regex contents(R"(/Contents\s*\[([^\]]*)\])");
    const std::regex reference(R"((\d+) 0 R)");
    for (auto m = std::sregex_iterator(pdf.begin(), pdf.end(), contents); m != std::sregex_iterator(); ++m) {
        const std::string refs = (*m)[1];
        std::vector<std::string> page;
        for (auto r = std::sregex_iterator(refs.begin(), refs.end(), reference); r != std::sregex_iterator(); ++r)
            page.push_back((*r)[1]);
        out.push_back(page);
    }
    return out;
}

// How many of the PDF's Flate streams, inflated, contain the text.
int streams_containing(const std::string& pdf, const std::string& text) {
    int found = 0;
    for (std::size_t at = pdf.find("stream\r\n"); at != std::string::npos; at = pdf.find("stream\r\n", at + 1)) {
        const std::size_t start = at + 8;
        const std::size_t end = pdf.find("endstream", start);
        if (end == std::string::npos) break;
        std::string inflated(1 << 20, '\0');
        uLongf size = static_cast<uLongf>(inflated.size());
        if (uncompress(reinterpret_cast<Bytef*>(&inflated[0]), &size, reinterpret_cast<const Bytef*>(pdf.data() + start),
                       static_cast<uLong>(end - start)) == Z_OK &&
            inflated.substr(0, size).find(text) != std::string::npos)
            ++found;
        at = end;
    }
    return found;
}

// The operator that sets the border's dark red (#9e1b1b) for strokes.
const char* const border_stroke = "0.61961 0.10588 0.10588 RG";

// What two other readers say of a PDF: qpdf's check and MuPDF's problems while it reads every
// page (its note that it was built without colour management is not about the file). Empty
// when both are content; a tool that is not installed is skipped with a warning.
std::string other_readers_complaints(const std::string& pdf, const std::string& scratch) {
    std::string complaints;
    if (std::system("command -v qpdf >/dev/null 2>&1") == 0) {
        const auto q = run_poppler("qpdf", {"--check"}, pdf, scratch + "-qpdf");
        if (q.exit_code != 0) complaints += "qpdf: " + q.out + q.err;
    } else {
        WARN("qpdf is not installed: its check is skipped");
    }
    if (std::system("command -v mutool >/dev/null 2>&1") == 0) {
        const auto m = run_poppler("mutool", {"draw", "-F", "stext", "-o", "/dev/null"}, pdf, scratch + "-mutool");
        std::istringstream lines(m.err);
        for (std::string line; std::getline(lines, line);)
            if (line.rfind("page ", 0) != 0 && line != "warning: ICC support is not available") complaints += "mutool: " + line + "\n";
        if (m.exit_code != 0) complaints += "mutool: exit " + std::to_string(m.exit_code) + "\n";
    } else {
        WARN("mutool is not installed: its reading is skipped");
    }
    return complaints;
}

}  // namespace

TEST_CASE("a_certificate_batch_draws_its_border_once_in_a_stream_every_page_shares", "[render][certificates]") {
    const std::string file = test_paths::source("samples/certification-2022-12-20-merit-advanced-units.xml");
    render::result r = render::render_record(test_paths::read_file(file), source_tree_options());
    REQUIRE(r);
    const auto pages = page_contents(r.pdf);
    REQUIRE(pages.size() == 150);
    for (const auto& page : pages) {
        REQUIRE(page.size() == 3);      // libharu's first stream, the shared border, the page's own
        CHECK(page[1] == pages[0][1]);  // the same object on every page
    }
    CHECK(streams_containing(r.pdf, border_stroke) == 1);
    CHECK(other_readers_complaints(r.pdf, "border-batch") == "");

    std::vector<std::string> split;  // each split PDF carries its own copy, once
    render::result s = render::render_split(test_paths::read_file(file), source_tree_options(),
                                            [&](const std::string&, const std::string& pdf, std::string&) {
                                                if (split.size() < 3) split.push_back(pdf);
                                                return true;
                                            });
    REQUIRE(s);
    REQUIRE(split.size() == 3);
    for (const std::string& pdf : split) {
        CHECK(page_contents(pdf).size() == 1);
        CHECK(streams_containing(pdf, border_stroke) == 1);
    }
    CHECK(other_readers_complaints(split.front(), "border-split") == "");
}

TEST_CASE("minutes_without_decorations_keep_one_content_stream_per_page", "[render][certificates]") {
    const std::string file = test_paths::source("samples/meeting-2022-08-01-pccc-models.xml");
    render::result r = render::render_record(test_paths::read_file(file), source_tree_options());
    REQUIRE(r);
    CHECK(page_contents(r.pdf).empty());  // no /Contents arrays: nothing shared, nothing split
}
