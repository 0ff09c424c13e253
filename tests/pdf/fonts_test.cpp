// Tests font embedding and font loading errors.
#include <catch2/catch.hpp>

#include <sstream>

#include "poppler.hpp"
#include "sample_pages.hpp"
#include "support/test_paths.hpp"

namespace {

// The font rows of pdffonts' listing (after its two header lines).
std::vector<std::string> font_rows(const std::string& listing) {
    std::istringstream in(listing);
    std::vector<std::string> rows;
    std::string line;
    for (int header = 0; header < 2 && std::getline(in, line); ++header) {
    }
    while (std::getline(in, line))
        if (!line.empty()) rows.push_back(line);
    return rows;
}

// Splits a line at runs of spaces.
std::vector<std::string> split_words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    std::string w;
    while (in >> w) words.push_back(w);
    return words;
}

}  // namespace

TEST_CASE("pdffonts_lists_four_embedded_unicode_fonts") {
    std::string dir = test_paths::scratch_dir("pdf-fonts");
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    std::vector<std::string> lines;
    std::string path = dir + "/letters.pdf";
    sample::save(path, w.write({sample::letters_page(w, lines)}, sample::minutes_metadata(), problems));
    poppler::output fonts = poppler::run("pdffonts", "", path);
    REQUIRE(fonts.status == 0);
    CHECK(fonts.err.empty());
    std::vector<std::string> rows = font_rows(fonts.out);
    CHECK(rows.size() == 4);
    for (const auto& line : rows) {
        std::vector<std::string> cols = split_words(line);
        REQUIRE(cols.size() >= 8);
        INFO(line);
        // columns from the end: object, generation, uni, sub, emb
        CHECK(cols[cols.size() - 5] == "yes");  // emb
        CHECK(cols[cols.size() - 3] == "yes");  // uni
        CHECK(line.find("LiberationSerif") != std::string::npos);
    }
}

TEST_CASE("only_faces_that_are_painted_are_embedded") {
    std::string dir = test_paths::scratch_dir("pdf-unused-faces");
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    layout::page page;
    page.width = 300;
    page.height = 200;
    layout::text_box t;
    t.x = 20;
    t.y = 50;
    t.text = "Nơi nhận:";
    t.font = {"serif", true, true};
    page.texts.push_back(t);
    std::string path = dir + "/one-face.pdf";
    sample::save(path, w.write({page}, sample::minutes_metadata(), problems));
    poppler::output fonts = poppler::run("pdffonts", "", path);
    REQUIRE(fonts.status == 0);
    std::vector<std::string> rows = font_rows(fonts.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].find("LiberationSerif-BoldItalic") != std::string::npos);
}

TEST_CASE("a_missing_font_file_is_a_diagnostic_naming_it") {
    auto family = sample::serif_family();
    family.bold = test_paths::source("fonts/NoSuchFont-Bold.ttf");
    pdf::writer w;
    vanthu::diagnostics problems;
    CHECK_FALSE(w.load_fonts({family}, problems));
    REQUIRE(problems.has_errors());
    CHECK(vanthu::format_diagnostics(problems).find("NoSuchFont-Bold.ttf") != std::string::npos);
    // The faces that did load still measure.
    CHECK(w.text_width({"serif", false, false}, "Số", 13) > 0);
}

TEST_CASE("a_file_that_is_not_a_font_is_a_diagnostic_naming_it") {
    auto family = sample::serif_family();
    family.italic = test_paths::source("fonts/LICENSE");
    pdf::writer w;
    vanthu::diagnostics problems;
    CHECK_FALSE(w.load_fonts({family}, problems));
    REQUIRE(problems.items.size() == 1);
    CHECK(problems.items[0].where.file == family.italic);
}

TEST_CASE("writing_without_fonts_is_an_error_not_a_crash") {
    pdf::writer w;
    vanthu::diagnostics problems;
    layout::page page;
    page.width = 100;
    page.height = 100;
    page.texts.push_back({});
    page.texts.back().text = "Tặng";
    CHECK(w.write({page}, sample::minutes_metadata(), problems).empty());
    CHECK(problems.has_errors());
}
