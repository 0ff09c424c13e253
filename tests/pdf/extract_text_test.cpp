// Tests that painted Vietnamese text comes back exactly through poppler.
#include <catch2/catch.hpp>

#include "poppler.hpp"
#include "sample_pages.hpp"
#include "support/test_paths.hpp"

namespace {

// Writes the letters page with a fresh writer and returns the PDF's path.
std::string write_letters_pdf(const std::string& dir, std::vector<std::string>& lines) {
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    std::vector<layout::page> pages{sample::letters_page(w, lines)};
    std::string bytes = w.write(pages, sample::minutes_metadata(), problems);
    INFO(vanthu::format_diagnostics(problems));
    REQUIRE(problems.empty());
    REQUIRE(bytes.compare(0, 5, "%PDF-") == 0);
    std::string path = dir + "/letters.pdf";
    sample::save(path, bytes);
    return path;
}

}  // namespace

TEST_CASE("every_vietnamese_letter_extracts_exactly_in_all_four_faces") {
    std::vector<std::string> lines;
    std::string path = write_letters_pdf(test_paths::scratch_dir("pdf-extract"), lines);
    poppler::output text = poppler::run("pdftotext", "-raw -enc UTF-8", path);
    std::string expected;
    for (const auto& line : lines) expected += line + "\n";
    expected += "\f";
    CHECK(text.status == 0);
    CHECK(text.err.empty());  // no complaint about the ToUnicode map or anything else
    CHECK(text.out == expected);
}

TEST_CASE("text_is_painted_where_the_box_says") {
    std::string dir = test_paths::scratch_dir("pdf-position");
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    layout::page page;
    page.width = 400;
    page.height = 300;
    layout::text_box word;
    word.x = 50;
    word.y = 100;  // baseline, from the top
    word.size = 20;
    word.font = {"serif", false, false};
    word.text = "Độc";
    page.texts.push_back(word);
    std::string path = dir + "/position.pdf";
    sample::save(path, w.write({page}, sample::minutes_metadata(), problems));
    // -bbox gives each word's box in top-left y-down points, like layout::page.
    poppler::output boxes = poppler::run("pdftotext", "-bbox", path);
    REQUIRE(boxes.status == 0);
    auto attr = [&](const char* name) {
        std::size_t at = boxes.out.find(std::string(name) + "=\"", boxes.out.find("<word"));
        REQUIRE(at != std::string::npos);
        return std::stod(boxes.out.substr(at + std::string(name).size() + 2));
    };
    double width = w.text_width(word.font, word.text, word.size);
    CHECK(attr("xMin") == Approx(50).margin(0.01));
    CHECK(attr("xMax") == Approx(50 + width).margin(0.01));
    // poppler's box spans the font's ascent and descent around the baseline.
    CHECK(attr("yMin") < 100 - 10);
    CHECK(attr("yMax") > 100);
    CHECK(attr("yMax") < 100 + 8);
}
