// A batch painted by several threads (options::jobs) is the same bytes as by one: the same
// chunks, merged in the same order; split files too; and a failure stops it as it stops one.
#include <catch2/catch.hpp>

#include <map>
#include <mutex>

#include "sample_support.hpp"
#include "support/test_paths.hpp"

using namespace sample_support;

namespace {

// A render of a sample with the chunk size and threads given.
render::result render_with(const std::string& sample, std::size_t chunk, std::size_t jobs) {
    render::options opts = source_tree_options();
    opts.chunk_recipients = chunk;
    opts.jobs = jobs;
    render::result r = render::render_record(test_paths::read_file(sample), opts);
    INFO(vanthu::format_diagnostics(r.problems));
    REQUIRE(r);
    return r;
}

// The split files of a sample, by recipient id.
std::map<std::string, std::string> split_with(const std::string& sample, std::size_t chunk, std::size_t jobs) {
    render::options opts = source_tree_options();
    opts.chunk_recipients = chunk;
    opts.jobs = jobs;
    std::map<std::string, std::string> files;
    std::vector<std::string> order;
    const render::result r = render::render_split(test_paths::read_file(sample), opts,
                                                  [&](const std::string& id, const std::string& pdf, std::string&) {
                                                      files[id] = pdf;
                                                      order.push_back(id);
                                                      return true;
                                                  });
    REQUIRE(r);
    CHECK(std::is_sorted(order.begin(), order.end()));  // the samples' ids are in record order
    return files;
}

}  // namespace

TEST_CASE("every_sample_renders_to_the_same_bytes_with_one_two_or_three_threads", "[render][batch][jobs]") {
    for (const std::string& sample : sample_files()) {
        INFO(sample);
        // Chunks of 7 recipients: the certification samples are batches of many chunks.
        const render::result one = render_with(sample, 7, 1);
        const render::result two = render_with(sample, 7, 2);
        CHECK(two.pdf == one.pdf);
        CHECK(two.page_count == one.page_count);
        CHECK(two.problems.items.size() == one.problems.items.size());
        CHECK(render_with(sample, 7, 3).pdf == one.pdf);
    }
}

TEST_CASE("a_split_batch_gives_the_same_files_with_two_threads", "[render][batch][jobs][split]") {
    const std::string sample = test_paths::source("samples/certification-2022-12-20-merit-advanced-units.xml");
    const auto one = split_with(sample, 9, 1);
    const auto two = split_with(sample, 9, 2);
    REQUIRE(one.size() == 150);
    CHECK(two == one);
}

TEST_CASE("a_batch_out_of_time_fails_with_two_threads_as_with_one", "[render][batch][jobs]") {
    render::options opts = source_tree_options();
    opts.chunk_recipients = 5;
    opts.jobs = 2;
    opts.time_limit = std::chrono::milliseconds(1);
    const render::result r = render::render_record(
        test_paths::read_file(test_paths::source("samples/certification-2022-12-20-merit-advanced-units.xml")), opts);
    CHECK_FALSE(r);
    CHECK(r.status == render::failure::time_limit);
    CHECK(r.pdf.empty());
}
