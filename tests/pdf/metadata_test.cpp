// Tests the information dictionary and byte-for-byte reproducible output.
#include <catch2/catch.hpp>

#include "poppler.hpp"
#include "sample_pages.hpp"
#include "support/test_paths.hpp"

namespace {

// The letters page written by a fresh writer; measure_first measures extra text before writing.
std::string write_letters(const model::metadata& meta, bool measure_first) {
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    if (measure_first) (void)w.text_width({"serif", false, false}, "Ỵ ỹ ẫ Ω ж № ☺ 中", 13);
    std::vector<std::string> lines;
    return w.write({sample::letters_page(w, lines)}, meta, problems);
}

// Byte equality without dumping megabytes of PDF into a failure message.
bool same_bytes(const std::string& a, const std::string& b) { return a == b; }

}  // namespace

TEST_CASE("pdfinfo_reads_back_the_vietnamese_metadata") {
    std::string dir = test_paths::scratch_dir("pdf-info");
    model::metadata meta = sample::minutes_metadata();
    std::string path = dir + "/info.pdf";
    sample::save(path, write_letters(meta, false));
    poppler::output info = poppler::run("pdfinfo", "-isodates", path);
    REQUIRE(info.status == 0);
    CHECK(info.err.empty());
    CHECK(poppler::field(info.out, "Title") == meta.title);
    CHECK(poppler::field(info.out, "Author") == meta.author);
    CHECK(poppler::field(info.out, "Subject") == meta.subject);
    CHECK(poppler::field(info.out, "Keywords") == meta.keywords);
    CHECK(poppler::field(info.out, "Creator") == "vanthu");
    CHECK(poppler::field(info.out, "CreationDate") == "2022-08-15T08:30:00+07");
    CHECK(poppler::field(info.out, "ModDate") == "2022-08-15T08:30:00+07");
    CHECK(poppler::field(info.out, "Pages") == "1");
}

TEST_CASE("the_same_pages_give_the_same_bytes") {
    model::metadata meta = sample::minutes_metadata();
    std::string first = write_letters(meta, false);
    REQUIRE(!first.empty());
    CHECK(same_bytes(write_letters(meta, false), first));
    // What layout measured beforehand does not leak into the file.
    CHECK(same_bytes(write_letters(meta, true), first));
    // Another date gives other bytes: the date really comes from the metadata.
    meta.day = 16;
    CHECK_FALSE(same_bytes(write_letters(meta, false), first));
}

TEST_CASE("one_writer_writing_twice_gives_the_same_bytes") {
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    std::vector<std::string> lines;
    std::vector<layout::page> pages{sample::letters_page(w, lines)};
    std::string first = w.write(pages, sample::minutes_metadata(), problems);
    std::string second = w.write(pages, sample::minutes_metadata(), problems);
    INFO(vanthu::format_diagnostics(problems));
    CHECK(problems.empty());
    CHECK(!first.empty());
    CHECK(same_bytes(second, first));
}
