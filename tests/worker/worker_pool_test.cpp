// The render threads against a real store and the real renderer.
#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <filesystem>
#include <thread>

#include "store_fixture.hpp"
#include "support/test_paths.hpp"
#include "worker/worker_pool.hpp"

using namespace worker;

namespace {

render::options render_options() {
    render::options o;
    o.templates_dir = test_paths::source("templates");
    o.fonts_dir = test_paths::source("fonts");
    return o;
}

pool_options fast_pool(const std::string& owner, int threads) {
    pool_options p;
    p.threads = threads;
    p.lease_ms = 30000;
    p.poll_ms = 20;
    p.owner = owner;
    p.render = render_options();
    return p;
}

// Waits until no job is queued or running, up to a deadline; false on timeout.
bool wait_until_settled(job_store& store, std::chrono::seconds deadline) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
        auto c = store.count_live();
        if (c.error.empty() && c.queued == 0 && c.running == 0) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// A sample record with its id replaced, so one sample gives many distinct jobs.
std::string sample_with_id(const std::string& sample, const std::string& id) {
    std::string text = test_paths::read_file(test_paths::source("samples/" + sample));
    std::size_t at = text.find(" id=\"");
    REQUIRE(at != std::string::npos);
    std::size_t end = text.find('"', at + 5);
    return text.substr(0, at + 5) + id + text.substr(end);
}

std::unique_ptr<job_store> open_shared(const std::string& url) {
    std::string error;
    store_options o;
    o.url = url;
    auto s = job_store::open(o, error);
    INFO(error);
    REQUIRE(s);
    return s;
}

// The vanthu_jobs_total{outcome="done"} sample of a metrics text.
int done_count(const std::string& text) {
    const std::string key = "vanthu_jobs_total{outcome=\"done\"} ";
    std::size_t at = text.find(key);
    REQUIRE(at != std::string::npos);
    return std::stoi(text.substr(at + key.size()));
}

}  // namespace

TEST_CASE("the_pool_renders_a_queued_record_to_the_same_bytes_as_render_record", "[worker][pool]") {
    store_test::fixture f("pool-render");
    f.store->set_clock(now_ms);
    const std::string record = test_paths::read_file(test_paths::source("samples/meeting-minimal.xml"));
    render::result direct = render::render_record(record, render_options());
    REQUIRE(direct);
    auto submitted = f.store->submit(direct.record_id, record);
    std::ostringstream log_text;
    json_log log(log_text);
    metrics m;
    pool_options p = fast_pool("w1", 1);
    p.output_dir = test_paths::scratch_dir("worker-pool-output");
    worker_pool pool(*f.store, p, log, m);
    pool.start();
    REQUIRE(wait_until_settled(*f.store, std::chrono::seconds(30)));
    CHECK(pool.drain(std::chrono::seconds(5)));
    CHECK(test_paths::read_file(p.output_dir + "/" + direct.record_id + ".pdf") == direct.pdf);
    auto j = f.store->find(submitted.value.id).value;
    REQUIRE(j);
    CHECK(j->state == job_state::done);
    CHECK(j->pages_total == static_cast<int>(direct.page_count));
    CHECK(j->pages_total >= 1);
    CHECK(f.store->read_result(j->id) == std::optional<std::string>(direct.pdf));
    CHECK(log_text.str().find("\"record_id\":\"" + direct.record_id + "\"") != std::string::npos);
    CHECK(m.format_prometheus(0, 0, true).find("vanthu_jobs_total{outcome=\"done\"} 1\n") != std::string::npos);
}

TEST_CASE("a_bad_record_fails_at_once_with_its_line_and_column", "[worker][pool]") {
    store_test::fixture f("pool-bad");
    f.store->set_clock(now_ms);
    std::string record = sample_with_id("meeting-minimal.xml", "bad-1");
    const std::size_t chair = record.find("<chair>");
    REQUIRE(chair != std::string::npos);
    record.replace(record.find("<name>", chair), 6, "<nome>");
    record.replace(record.find("</name>", chair), 7, "</nome>");
    auto submitted = f.store->submit("bad-1", record);
    std::ostringstream log_text;
    json_log log(log_text);
    metrics m;
    worker_pool pool(*f.store, fast_pool("w1", 1), log, m);
    pool.start();
    REQUIRE(wait_until_settled(*f.store, std::chrono::seconds(30)));
    pool.drain(std::chrono::seconds(5));
    auto j = f.store->find(submitted.value.id).value;
    REQUIRE(j);
    CHECK(j->state == job_state::failed);
    CHECK(j->attempts == 1);
    CHECK(j->last_error.find("/meeting/chair") != std::string::npos);
    CHECK(j->last_error.find(':') < j->last_error.find("/meeting"));  // line:column first
}

TEST_CASE("a_render_past_the_time_limit_is_retried_not_failed_for_good", "[worker][pool]") {
    store_test::fixture f("pool-time-limit");
    f.store->set_clock(now_ms);
    const std::string record = test_paths::read_file(test_paths::source("samples/certification-2022-11-15-fire-safe-groups.xml"));
    auto submitted = f.store->submit("slow-1", record);
    std::ostringstream log_text;
    json_log log(log_text);
    metrics m;
    pool_options p = fast_pool("w1", 1);
    p.render.time_limit = std::chrono::milliseconds(1);  // 507 certificates never fit in 1 ms
    worker_pool pool(*f.store, p, log, m);
    pool.start();
    std::optional<job> j;
    for (int i = 0; i < 1500 && !(j && j->attempts >= 1 && j->state != job_state::running); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        j = f.store->find(submitted.value.id).value;
    }
    pool.drain(std::chrono::seconds(5));
    REQUIRE(j);
    CHECK(j->attempts == 1);
    CHECK(j->state == job_state::queued);  // waiting for its backoff, with attempts left
    CHECK(j->last_error.find("the time limit of 0.001 s") != std::string::npos);
    CHECK(m.format_prometheus(0, 0, true).find("vanthu_jobs_total{outcome=\"retry\"} 1\n") != std::string::npos);
}

TEST_CASE("two_pools_sharing_one_sqlite_store_render_every_job_exactly_once", "[worker][pool]") {
    const std::string url = store_test::scratch_store_url("pool-shared");
    auto store_a = open_shared(url);
    auto store_b = open_shared(url);
    const int jobs = 24;
    for (int i = 0; i < jobs; ++i) {
        auto r = store_a->submit("shared-" + std::to_string(i), sample_with_id("meeting-minimal.xml", "shared-" + std::to_string(i)));
        REQUIRE(r.status == submit_status::created);
    }
    std::ostringstream log_text;
    json_log log(log_text);
    metrics ma, mb;
    worker_pool a(*store_a, fast_pool("a", 2), log, ma);
    worker_pool b(*store_b, fast_pool("b", 2), log, mb);
    a.start();
    b.start();
    REQUIRE(wait_until_settled(*store_a, std::chrono::seconds(120)));
    a.drain(std::chrono::seconds(5));
    b.drain(std::chrono::seconds(5));
    auto done = store_a->list(job_state::done, 0, 1000);
    CHECK(done.items.size() == jobs);
    for (const job& j : done.items) CHECK(j.attempts == 1);
    std::string metrics_a = ma.format_prometheus(0, 0, true);
    std::string metrics_b = mb.format_prometheus(0, 0, true);
    CHECK(metrics_a.find("outcome=\"fenced\"} 0\n") != std::string::npos);
    CHECK(metrics_b.find("outcome=\"fenced\"} 0\n") != std::string::npos);
    CHECK(done_count(metrics_a) + done_count(metrics_b) == jobs);  // no job rendered twice
}

