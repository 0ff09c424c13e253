// Batches in chunks: split files and merged chunks read back as the unchunked one-PDF render does.
#include <catch2/catch.hpp>

#include "sample_support.hpp"
#include "support/test_paths.hpp"

using namespace sample_support;

namespace {

const char* const merit_sample = "samples/certification-2022-01-10-merit-pccc.xml";
const char* const batch_sample = "samples/certification-2022-11-15-fire-safe-groups.xml";

// The text of each page of a PDF, by pdftotext -raw (pages end at form feeds).
std::vector<std::string> page_texts(const std::string& pdf, const std::string& scratch) {
    poppler_output text = run_poppler("pdftotext", {"-raw", "-enc", "UTF-8"}, pdf, scratch);
    CHECK(text.exit_code == 0);
    CHECK(text.err.empty());
    std::vector<std::string> pages;
    std::size_t start = 0;
    for (std::size_t ff = text.out.find('\f'); ff != std::string::npos; ff = text.out.find('\f', start)) {
        pages.push_back(text.out.substr(start, ff - start));
        start = ff + 1;
    }
    return pages;
}

// The one-PDF render of a sample with the given chunk size.
render::result render_chunked(const char* sample, std::size_t chunk) {
    render::options opts = source_tree_options();
    opts.chunk_recipients = chunk;
    render::result r = render::render_record(test_paths::read_file(test_paths::source(sample)), opts);
    INFO(vanthu::format_diagnostics(r.problems));
    REQUIRE(r);
    return r;
}

// Every split PDF of a sample with the given chunk size, in order, with the ids.
std::vector<std::pair<std::string, std::string>> split_chunked(const char* sample, std::size_t chunk) {
    render::options opts = source_tree_options();
    opts.chunk_recipients = chunk;
    std::vector<std::pair<std::string, std::string>> out;
    render::result r = render::render_split(test_paths::read_file(test_paths::source(sample)), opts,
                                            [&](const std::string& id, const std::string& pdf, std::string&) {
                                                out.emplace_back(id, pdf);
                                                return true;
                                            });
    INFO(vanthu::format_diagnostics(r.problems));
    REQUIRE(r);
    return out;
}

}  // namespace

TEST_CASE("a_batch_merged_from_chunks_reads_back_like_the_unchunked_render", "[render][batch]") {
    const std::vector<std::string> whole = page_texts(render_chunked(merit_sample, 250).pdf, "batch-whole");
    REQUIRE(whole.size() == 3);
    for (std::size_t chunk : {1, 2}) {
        INFO("chunk of " << chunk);
        CHECK(page_texts(render_chunked(merit_sample, chunk).pdf, "batch-chunked") == whole);
    }
}

TEST_CASE("a_large_batch_merged_from_chunks_keeps_every_page_in_order", "[render][batch]") {
    const std::vector<std::string> whole = page_texts(render_chunked(batch_sample, 1000).pdf, "batch-big-whole");
    const std::string merged = render_chunked(batch_sample, 100).pdf;
    CHECK(whole.size() > 500);
    CHECK(page_texts(merged, "batch-big-chunked") == whole);
    poppler_output fonts = run_poppler("pdffonts", {}, merged, "batch-big-fonts");
    CHECK(fonts.err.empty());
    CHECK(fonts.out.find(" no ") == std::string::npos);  // every font of every chunk embedded
}

TEST_CASE("a_chunked_batch_renders_to_the_same_bytes_every_time", "[render][batch][determinism]") {
    CHECK(render_chunked(merit_sample, 2).pdf == render_chunked(merit_sample, 2).pdf);
    CHECK(split_chunked(merit_sample, 2) == split_chunked(merit_sample, 2));
}

TEST_CASE("each_split_pdf_holds_its_recipients_page_with_embedded_fonts", "[render][batch][split]") {
    const std::vector<std::string> whole = page_texts(render_chunked(merit_sample, 250).pdf, "split-whole");
    for (std::size_t chunk : {1, 2, 250}) {
        INFO("chunk of " << chunk);
        const auto files = split_chunked(merit_sample, chunk);
        REQUIRE(files.size() == whole.size());
        for (std::size_t i = 0; i < files.size(); ++i) {
            CHECK(page_texts(files[i].second, "split-one") == std::vector<std::string>{whole[i]});
            poppler_output fonts = run_poppler("pdffonts", {}, files[i].second, "split-fonts");
            CHECK(fonts.err.empty());
            CHECK(fonts.out.find("LiberationSerif") != std::string::npos);
            CHECK(fonts.out.find(" no ") == std::string::npos);
        }
    }
}
