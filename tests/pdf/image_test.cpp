// Tests painting rules, frames and PNG images.
#include <catch2/catch.hpp>

#include <sstream>

#include "poppler.hpp"
#include "sample_pages.hpp"
#include "support/test_paths.hpp"

namespace {

// Rows of `pdfimages -list` after its two header lines.
std::vector<std::string> image_rows(const std::string& listing) {
    std::istringstream in(listing);
    std::vector<std::string> rows;
    std::string line;
    for (int header = 0; header < 2 && std::getline(in, line); ++header) {
    }
    while (std::getline(in, line))
        if (!line.empty()) rows.push_back(line);
    return rows;
}

// The n-th whitespace-separated column of a row.
std::string column(const std::string& row, int n) {
    std::istringstream in(row);
    std::string word;
    for (int i = 0; i <= n; ++i) in >> word;
    return word;
}

}  // namespace

TEST_CASE("a_png_used_on_every_page_is_stored_once") {
    std::string dir = test_paths::scratch_dir("pdf-image");
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    // Make a real PNG: poppler renders our own letters page.
    std::vector<std::string> lines;
    std::string letters = dir + "/letters.pdf";
    sample::save(letters, w.write({sample::letters_page(w, lines)}, sample::minutes_metadata(), problems));
    REQUIRE(poppler::run("pdftoppm", "-r 20 -png -singlefile", letters, dir + "/emblem").status == 0);
    layout::page page;
    page.width = 595.276;
    page.height = 841.89;
    page.images.push_back({dir + "/emblem.png", 100, 100, 120, 170});
    std::string path = dir + "/images.pdf";
    sample::save(path, w.write({page, page}, sample::minutes_metadata(), problems));
    INFO(vanthu::format_diagnostics(problems));
    CHECK(problems.empty());
    poppler::output list = poppler::run("pdfimages", "-list", path);
    REQUIRE(list.status == 0);
    std::vector<std::string> rows = image_rows(list.out);
    REQUIRE(rows.size() == 2);
    CHECK(column(rows[0], 0) == "1");  // page
    CHECK(column(rows[1], 0) == "2");
    CHECK(column(rows[0], 10) == column(rows[1], 10));  // the same object
}

TEST_CASE("an_image_that_cannot_be_loaded_is_a_diagnostic_naming_it") {
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    layout::page page;
    page.width = 200;
    page.height = 200;
    std::string not_png = test_paths::source("fonts/LICENSE");
    page.images.push_back({not_png, 10, 10, 50, 50});
    (void)w.write({page}, sample::minutes_metadata(), problems);
    REQUIRE(problems.has_errors());
    CHECK(problems.items[0].where.file == not_png);
}
