// A batch painted by several threads (options::jobs) is the same bytes as by one: the same
// chunks, merged in the same order; split files too; and a failure stops it as it stops one.
#include <catch2/catch.hpp>

#include <fstream>
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

// The merit certificates' template with PDF keywords of the recipient's, so that the metadata
// changes inside a batch, in a scratch folder searched before the source tree's templates.
render::options options_with_keywords(const std::string& folder, const std::string& keywords) {
    const std::string dir = test_paths::scratch_dir(folder);
    std::string t = test_paths::read_file(test_paths::source("templates/certificate-merit.xml"));
    const std::string was = "keywords=\"{@id}\"";
    REQUIRE(t.find(was) != std::string::npos);
    t.replace(t.find(was), was.size(), "keywords=\"" + keywords + "\"");
    std::ofstream(dir + "/certificate-merit.xml", std::ios::binary) << t;
    render::options opts = source_tree_options();
    opts.more_templates_dirs.insert(opts.more_templates_dirs.begin(), opts.templates_dir);
    opts.templates_dir = dir;
    return opts;
}

// The 150 merit certificates with each recipient's detail replaced by its group of `size`:
// "nhóm 1" for the first size recipients, "nhóm 2" for the next, and so on.
std::string with_detail_groups(std::size_t size) {
    std::string xml = test_paths::read_file(test_paths::source("samples/certification-2022-12-20-merit-advanced-units.xml"));
    std::size_t at = 0, n = 0;
    while ((at = xml.find("<detail>", at)) != std::string::npos) {
        const std::size_t end = xml.find("</detail>", at);
        const std::string group = "<detail>nhóm " + std::to_string(n++ / size + 1);
        xml.replace(at, end - at, group);
        at += group.size();
    }
    REQUIRE(n == 150);
    return xml;
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

TEST_CASE("a_batch_whose_metadata_changes_inside_a_chunk_gives_the_same_bytes_with_two_or_three_threads",
          "[render][batch][jobs]") {
    // Groups of 10 against chunks of 7: chunks end early at every group; each recipient's own
    // name: every chunk holds one recipient.
    for (const char* keywords : {"{recipients/recipient/detail}", "{recipients/recipient/name}"}) {
        INFO(keywords);
        render::options opts = options_with_keywords("jobs-keywords", keywords);
        opts.chunk_recipients = 7;
        const std::string xml = with_detail_groups(10);
        opts.jobs = 1;
        const render::result one = render::render_record(xml, opts);
        INFO(vanthu::format_diagnostics(one.problems));
        REQUIRE(one);
        REQUIRE(one.page_count == 150);
        for (std::size_t jobs : {2u, 3u}) {
            opts.jobs = jobs;
            const render::result more = render::render_record(xml, opts);
            REQUIRE(more);
            CHECK(more.pdf == one.pdf);
            CHECK(more.page_count == one.page_count);
            CHECK(more.problems.items.size() == one.problems.items.size());
        }
        std::map<std::string, std::string> split_one, split_two;
        for (auto* files : {&split_one, &split_two}) {
            opts.jobs = files == &split_one ? 1 : 2;
            REQUIRE(render::render_split(xml, opts, [&](const std::string& id, const std::string& pdf, std::string&) {
                (*files)[id] = pdf;
                return true;
            }));
        }
        CHECK(split_one.size() == 150);
        CHECK(split_two == split_one);
    }
}

TEST_CASE("progress_with_two_threads_tells_the_total_first_and_never_goes_back", "[render][batch][jobs]") {
    // 507 recipients in chunks of 20: the calling thread waits on chunks while the painters
    // paint, and tells how far they are as one thread would, merged or split.
    const std::string xml =
        test_paths::read_file(test_paths::source("samples/certification-2022-11-15-fire-safe-groups.xml"));
    for (bool split : {false, true}) {
        INFO("split " << split);
        render::options opts = source_tree_options();
        opts.chunk_recipients = 20;
        opts.jobs = 2;
        std::vector<std::pair<std::size_t, std::size_t>> told;
        std::mutex lock;
        opts.progress = [&](std::size_t done, std::size_t total) {
            std::lock_guard<std::mutex> hold(lock);
            told.emplace_back(done, total);
        };
        const render::result r =
            split ? render::render_split(xml, opts, [](const std::string&, const std::string&, std::string&) { return true; })
                  : render::render_record(xml, opts);
        REQUIRE(r);
        REQUIRE(told.size() >= 2);
        CHECK(told.front() == std::make_pair<std::size_t, std::size_t>(0, 507));  // the size at once
        CHECK(told.back() == std::make_pair<std::size_t, std::size_t>(507, 507));
        for (std::size_t i = 1; i < told.size(); ++i) {
            CHECK(told[i].first > told[i - 1].first);
            CHECK(told[i].second == 507);
        }
    }
}
