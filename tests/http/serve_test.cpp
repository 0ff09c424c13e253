// The worker process: configuration from the command line, JSON logs, SIGTERM drains and exits 0.
#include <catch2/catch.hpp>

#include <signal.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Process.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "render/render.hpp"
#include "worker/store.hpp"
#include "serve_process.hpp"

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using serve_test::answer;
using serve_test::call;
using serve_test::serve_args;
using serve_test::wait_job;

namespace {

// The minimal sample with another record id.
std::string sample_record(const std::string& id) {
    return serve_test::with_record_id(test_paths::read_file(test_paths::source("samples/meeting-minimal.xml")), id);
}

// `vanthu serve` as the probe program runs it.
struct probe : serve_test::serve_process {
    explicit probe(const std::vector<std::string>& args) : serve_process(VANTHU_SERVE_PROBE, args) {}
};

}  // namespace

TEST_CASE("serve_takes_work_over_http_and_drains_on_sigterm_with_exit_0", "[http][serve]") {
    const std::string dir = test_paths::scratch_dir("http-serve");
    probe p(serve_args("sqlite:" + dir + "/var/jobs.db", dir));
    const int port = p.wait_port();
    INFO(p.text());
    REQUIRE(port > 0);
    answer accepted = call(port, "POST", "/v1/jobs", test_paths::read_file(test_paths::source("samples/meeting-minimal.xml")));
    REQUIRE(accepted.status == 202);
    CHECK(wait_job(port, accepted.location)->getValue<std::string>("state") == "done");
    CHECK(call(port, "GET", accepted.location + "/result").body.rfind("%PDF-", 0) == 0);
    CHECK(call(port, "GET", "/readyz").status == 200);
    CHECK(p.stop(SIGTERM) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::string log = p.text();
    CHECK(log.find("\"message\":\"draining") != std::string::npos);
    CHECK(log.find("\"message\":\"stopped\"") != std::string::npos);
    CHECK(log.find("\"job_id\":") != std::string::npos);
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        CHECK_NOTHROW(Poco::JSON::Parser().parse(line));
    }
}

// Two processes on one store: every job rendered once, each result byte-identical to render_record.
void run_fleet(const std::string& store, const std::string& dir) {
    probe a(serve_args(store, dir + "/a"));
    probe b(serve_args(store, dir + "/b"));
    const int port_a = a.wait_port(), port_b = b.wait_port();
    REQUIRE(port_a > 0);
    REQUIRE(port_b > 0);
    const int jobs = 40;
    std::vector<std::string> locations;
    for (int i = 0; i < jobs; ++i) {
        answer r = call(i % 2 ? port_a : port_b, "POST", "/v1/jobs", sample_record("fleet-" + std::to_string(i)));
        REQUIRE(r.status == 202);
        locations.push_back(r.location);
    }
    render::options opts;
    opts.templates_dir = test_paths::source("templates");
    opts.fonts_dir = test_paths::source("fonts");
    for (int i = 0; i < jobs; ++i) {
        auto job = wait_job(port_a, locations[static_cast<std::size_t>(i)]);
        CHECK(job->getValue<std::string>("state") == "done");
        CHECK(job->getValue<int>("attempts") == 1);
        CHECK(call(port_b, "GET", locations[static_cast<std::size_t>(i)] + "/result").body ==
              render::render_record(sample_record("fleet-" + std::to_string(i)), opts).pdf);
    }
    CHECK(a.stop(SIGTERM) == 0);
    CHECK(b.stop(SIGTERM) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto count = [](const std::string& log, const std::string& what) {
        std::size_t n = 0;
        for (std::size_t at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
        return n;
    };
    const std::string done = "\"message\":\"done\"";
    CHECK(count(a.text(), done) + count(b.text(), done) == jobs);  // none rendered twice
}

TEST_CASE("two_serve_processes_sharing_sqlite_do_every_job_once", "[http][serve][fleet]") {
    const std::string dir = test_paths::scratch_dir("http-fleet-sqlite");
    run_fleet("sqlite:" + dir + "/jobs.db", dir);
}

TEST_CASE("a_job_whose_worker_died_is_finished_by_another_after_the_lease", "[http][serve]") {
    const std::string dir = test_paths::scratch_dir("http-dead-worker");
    const std::string url = "sqlite:" + dir + "/jobs.db";
    std::string id;
    {
        // A worker that claims and then dies without a word: only the store knows of its lease.
        worker::store_options o;
        o.url = url;
        std::string error;
        auto store = worker::job_store::open(o, error);
        REQUIRE(store);
        id = store->submit("orphan-1", sample_record("orphan-1")).value.id;
        auto c = store->claim("killed-worker", 1500);
        REQUIRE(c.value);
    }
    probe p(serve_args(url, dir, "1500"));
    const int port = p.wait_port();
    REQUIRE(port > 0);
    auto job = wait_job(port, "/v1/jobs/" + id);
    CHECK(job->getValue<std::string>("state") == "done");
    CHECK(job->getValue<int>("attempts") == 2);
    CHECK(p.stop(SIGTERM) == 0);
}

TEST_CASE("serve_refuses_a_configuration_file_it_cannot_read", "[http][serve]") {
    test_paths::command_output r = test_paths::run_command({VANTHU_SERVE_PROBE, "--config=/nonexistent/v.properties"});
    CHECK(r.exit_code == 78);
    CHECK(r.err.find("/nonexistent/v.properties") != std::string::npos);
}

TEST_CASE("sigterm_during_work_loses_nothing_and_a_restart_finishes_the_rest", "[http][serve]") {
    const std::string dir = test_paths::scratch_dir("http-sigterm");
    const std::string url = "sqlite:" + dir + "/jobs.db";
    worker::store_options o;
    o.url = url;
    std::string error;
    auto store = worker::job_store::open(o, error);
    REQUIRE(store);
    const int jobs = 120;
    for (int i = 0; i < jobs; ++i) REQUIRE(store->submit("term-" + std::to_string(i), sample_record("term-" + std::to_string(i))).status == worker::submit_status::created);
    {
        probe p(serve_args(url, dir));
        REQUIRE(p.wait_port() > 0);
        for (int i = 0; i < 500 && store->list(worker::job_state::done, 0, 1).items.empty(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK(p.stop(SIGTERM) == 0);
    }
    auto counts = store->count_live();
    const std::size_t done = store->list(worker::job_state::done, 0, 1000).items.size();
    CHECK(counts.running == 0);             // in flight: finished or released
    CHECK(done + counts.queued == jobs);    // nothing lost
    CHECK(done < jobs);                     // the drain stopped the work midway
    probe again(serve_args(url, dir));
    const int port = again.wait_port();
    REQUIRE(port > 0);
    for (int i = 0; i < 3000 && store->list(worker::job_state::done, 0, 1000).items.size() < jobs; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(again.stop(SIGTERM) == 0);
    auto all = store->list(worker::job_state::done, 0, 1000).items;
    CHECK(all.size() == jobs);
    for (const auto& j : all) CHECK(store->read_result(j.id).value_or("").rfind("%PDF-", 0) == 0);
}

TEST_CASE("vanthu_render_split_and_the_worker_give_the_same_zip_bytes", "[http][serve][split]") {
    const std::string dir = test_paths::scratch_dir("http-split-same-zip");
    const std::string record_path = test_paths::source("samples/certification-2022-01-10-merit-pccc.xml");
    const std::string record = test_paths::read_file(record_path);
    auto rendered = test_paths::run_command({test_paths::vanthu_program(), "render", "--split", "-o", dir + "/cli.zip", record_path});
    INFO(rendered.err);
    REQUIRE(rendered.exit_code == 0);
    const std::string from_command = test_paths::read_file(dir + "/cli.zip");
    REQUIRE(from_command.rfind("PK\x03\x04", 0) == 0);
    auto worker = serve_test::start_serve(serve_args("sqlite:" + dir + "/var/jobs.db", dir));
    const int port = worker->wait_port();
    INFO(worker->text());
    REQUIRE(port > 0);
    answer now = call(port, "POST", "/v1/render?split=1", record);
    CHECK(now.status == 200);
    CHECK(now.body == from_command);
    answer accepted = call(port, "POST", "/v1/jobs?split=1", record);
    REQUIRE(accepted.status == 202);
    REQUIRE(wait_job(port, accepted.location)->getValue<std::string>("state") == "done");
    CHECK(call(port, "GET", accepted.location + "/result").body == from_command);
    CHECK(worker->stop(SIGTERM) == 0);
}
