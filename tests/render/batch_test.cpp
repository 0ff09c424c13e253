// Batches in chunks: split files and merged chunks read back as the unchunked one-PDF render does.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string_view>

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

namespace {

// What render_to handed its sink: the pieces, the ids they came with, and how many recipients
// were done when the first piece came.
struct streamed {
    render::result result;
    std::vector<std::string> pieces;
    std::vector<std::string> ids;
    std::size_t done_at_first_piece = 0;
    std::string joined() const {
        std::string all;
        for (const auto& p : pieces) all += p;
        return all;
    }
};

// render_to of a sample with the given chunk size, collecting what the sink gets.
streamed stream_chunked(const char* sample, std::size_t chunk) {
    render::options opts = source_tree_options();
    opts.chunk_recipients = chunk;
    std::size_t done = 0;
    opts.progress = [&](std::size_t d, std::size_t) { done = d; };
    streamed s;
    s.result = render::render_to(test_paths::read_file(test_paths::source(sample)), opts,
                                 [&](const std::string& id, std::string_view bytes, std::string&) {
                                     if (s.pieces.empty()) s.done_at_first_piece = done;
                                     s.pieces.emplace_back(bytes);
                                     s.ids.push_back(id);
                                     return true;
                                 });
    INFO(vanthu::format_diagnostics(s.result.problems));
    REQUIRE(s.result);
    CHECK(s.result.pdf.empty());
    return s;
}

}  // namespace

TEST_CASE("render_to_sends_the_same_bytes_as_render_record", "[render][batch][stream]") {
    for (std::size_t chunk : {1, 2, 500}) {
        INFO("chunk of " << chunk);
        streamed s = stream_chunked(merit_sample, chunk);
        CHECK(s.joined() == render_chunked(merit_sample, chunk).pdf);
        CHECK(s.ids == std::vector<std::string>(s.pieces.size(), "gk-pccc-2021"));
    }
    const char* const minutes = "samples/meeting-minimal.xml";  // one document, not per recipient
    streamed m = stream_chunked(minutes, 500);
    CHECK(m.joined() == render_chunked(minutes, 500).pdf);
}

TEST_CASE("render_to_sends_a_large_batch_while_it_is_painted_not_at_the_end", "[render][batch][stream]") {
    streamed s = stream_chunked(batch_sample, 100);
    CHECK(s.pieces.size() > 2);
    CHECK(s.done_at_first_piece > 0);
    CHECK(s.done_at_first_piece <= 201);  // the first chunks went out while later ones were painted
    CHECK(s.joined() == render_chunked(batch_sample, 100).pdf);
}

TEST_CASE("render_to_stops_when_the_sink_refuses_and_fails_with_its_message", "[render][batch][stream]") {
    render::options opts = source_tree_options();
    opts.chunk_recipients = 100;
    int calls = 0;
    render::result r = render::render_to(test_paths::read_file(test_paths::source(batch_sample)), opts,
                                         [&](const std::string&, std::string_view, std::string& message) {
                                             message = "cannot write x.pdf: No space left on device";
                                             return ++calls < 2;
                                         });
    CHECK_FALSE(r);
    CHECK(r.status == render::failure::internal);
    CHECK(calls == 2);
    CHECK(r.pdf.empty());
    CHECK(vanthu::format_diagnostics(r.problems).find("No space left on device") != std::string::npos);
}

TEST_CASE("render_to_sends_nothing_for_a_bad_record", "[render][batch][stream]") {
    std::string record = test_paths::read_file(test_paths::source(merit_sample));
    record.replace(record.find("<recipients>"), 12, "<recipients><bogus/>");
    int calls = 0;
    render::result r = render::render_to(record, source_tree_options(),
                                         [&](const std::string&, std::string_view, std::string&) { return ++calls > 0; });
    CHECK(r.status == render::failure::bad_record);
    CHECK(calls == 0);
}

TEST_CASE("render_to_taking_the_bytes_frees_them_and_sends_what_render_to_viewing_them_sends", "[render][batch][stream]") {
    render::options opts = source_tree_options();
    opts.chunk_recipients = 100;
    const std::string record = test_paths::read_file(test_paths::source(batch_sample));
    auto collect = [](std::string& into) {
        return [&into](const std::string&, std::string_view bytes, std::string&) {
            into.append(bytes);
            return true;
        };
    };
    std::string viewed, owned;
    REQUIRE(render::render_to(std::string_view(record), opts, collect(viewed)));
    std::string bytes = record;
    render::result r = render::render_to(std::move(bytes), opts, collect(owned));
    REQUIRE(r);
    CHECK(bytes.empty());  // NOLINT(bugprone-use-after-move): given up on purpose, and said so
    CHECK(bytes.capacity() < record.size());
    CHECK(owned == viewed);
    CHECK(r.record_id == "gcn-khu-dan-cu-an-toan-pccc-2022");
}

namespace {

// The page count pdfinfo reads from a PDF.
std::size_t pdfinfo_pages(const std::string& pdf, const std::string& scratch) {
    const std::string out = run_poppler("pdfinfo", {}, pdf, scratch).out;
    const std::size_t at = out.find("Pages:");
    REQUIRE(at != std::string::npos);
    return static_cast<std::size_t>(std::stoul(out.substr(at + 6)));
}

// A little-endian number of `bytes` bytes at `at`.
std::uint32_t read_le(const std::string& s, std::size_t at, int bytes) {
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
    return v;
}

}  // namespace

TEST_CASE("a_result_says_it_holds_a_pdf_and_how_many_pages_were_laid_out", "[render][result]") {
    const std::string minutes = test_paths::read_file(test_paths::source("samples/meeting-2022-08-01-pccc-models.xml"));
    render::result whole = render::render_record(minutes, source_tree_options());
    REQUIRE(whole);
    CHECK(whole.kind == render::output_kind::pdf);
    CHECK(whole.page_count >= 2);
    CHECK(whole.page_count == pdfinfo_pages(whole.pdf, "result-minutes"));
    for (std::size_t chunk : {1, 2, 500}) {  // a batch counts the pages of every chunk
        INFO("chunk of " << chunk);
        render::result batch = render_chunked(merit_sample, chunk);
        CHECK(batch.kind == render::output_kind::pdf);
        CHECK(batch.page_count == 3);
        CHECK(batch.page_count == pdfinfo_pages(batch.pdf, "result-batch"));
    }
    render::result streamed = render::render_to(minutes, source_tree_options(),
                                                [](const std::string&, std::string_view, std::string&) { return true; });
    CHECK(streamed.page_count == whole.page_count);
}

TEST_CASE("render_zip_holds_each_recipients_pdf_stored_under_its_id_and_dated_2000_01_01", "[render][result]") {
    const std::vector<std::pair<std::string, std::string>> split = split_chunked(merit_sample, 500);  // the default chunk
    REQUIRE(split.size() == 3);
    render::result zip = render::render_zip(test_paths::read_file(test_paths::source(merit_sample)), source_tree_options());
    REQUIRE(zip);
    CHECK(zip.kind == render::output_kind::zip);
    CHECK(zip.page_count == 3);  // the pages of all the PDFs in it
    std::size_t at = 0;
    for (const auto& [id, pdf] : split) {  // the local headers, in record order
        INFO(id);
        REQUIRE(read_le(zip.pdf, at, 4) == 0x04034b50);
        CHECK(read_le(zip.pdf, at + 8, 2) == 0);                                  // stored
        CHECK(read_le(zip.pdf, at + 10, 2) == 0);                                 // 00:00:00
        CHECK(read_le(zip.pdf, at + 12, 2) == ((2000 - 1980) << 9 | 1 << 5 | 1));  // 2000-01-01
        const std::size_t size = read_le(zip.pdf, at + 22, 4), name_size = read_le(zip.pdf, at + 26, 2);
        CHECK(zip.pdf.substr(at + 30, name_size) == id + ".pdf");
        CHECK(zip.pdf.substr(at + 30 + name_size, size) == pdf);
        at += 30 + name_size + size;
    }
    CHECK(read_le(zip.pdf, at, 4) == 0x02014b50);  // then the central directory
    CHECK(read_le(zip.pdf, zip.pdf.size() - 22, 4) == 0x06054b50);
}
