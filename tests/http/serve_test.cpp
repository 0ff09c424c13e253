// The worker process: configuration from the command line, JSON logs, SIGTERM drains and exits 0.
#include <catch2/catch.hpp>

#include <signal.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <thread>

#include "render/render.hpp"
#include "worker/store.hpp"
#include "../worker/store_fixture.hpp"

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace {

struct answer {
    int status = 0;
    std::string body;
    std::string location;
};

answer call(int port, const std::string& method, const std::string& path, const std::string& body = {}) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (method == "POST") request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    answer a;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), a.body);
    a.status = static_cast<int>(response.getStatus());
    a.location = response.get("Location", "");
    return a;
}


// A running `vanthu serve` (the probe program) whose log is read on a thread.
class serve_process {
public:
    explicit serve_process(const std::vector<std::string>& args)
        : handle(Poco::Process::launch(VANTHU_SERVE_PROBE, args, nullptr, nullptr, &err)) {
        reader = std::thread([this] {
            Poco::PipeInputStream in(err);
            for (std::string line; std::getline(in, line);) {
                std::lock_guard<std::mutex> hold(lock);
                log += line + "\n";
                const std::string key = "\"message\":\"listening on 127.0.0.1:";
                std::size_t at = line.find(key);
                if (at != std::string::npos) port = std::stoi(line.substr(at + key.size()));
                changed.notify_all();
            }
        });
    }
    ~serve_process() {
        if (!ended) {
            ::kill(handle.id(), SIGKILL);
            handle.wait();
        }
        reader.join();
    }
    // The HTTP port once it listens (0 after 30 s without).
    int wait_port() {
        std::unique_lock<std::mutex> hold(lock);
        changed.wait_for(hold, std::chrono::seconds(30), [this] { return port != 0; });
        return port;
    }
    // Sends a signal and waits for the exit code.
    int stop(int signal) {
        ::kill(handle.id(), signal);
        ended = true;
        return handle.wait();
    }
    // Everything logged so far.
    std::string text() {
        std::lock_guard<std::mutex> hold(lock);
        return log;
    }

private:
    Poco::Pipe err;
    Poco::ProcessHandle handle;
    std::thread reader;
    std::mutex lock;
    std::condition_variable changed;
    std::string log;
    int port = 0;
    bool ended = false;
};

// The probe's arguments for a store, a scratch spool and a fast poll.
std::vector<std::string> serve_args(const std::string& store, const std::string& dir, const std::string& lease = "60000") {
    return {"-Dvanthu.http.port=0", "-Dvanthu.store=" + store, "-Dvanthu.spool=" + dir + "/spool",
            "-Dvanthu.jobs.poll=50", "-Dvanthu.jobs.lease=" + lease, "-Dvanthu.drain.grace=10"};
}

// The JSON of a job, fetched over HTTP.
Poco::JSON::Object::Ptr job_at(int port, const std::string& location) {
    return Poco::JSON::Parser().parse(call(port, "GET", location).body).extract<Poco::JSON::Object::Ptr>();
}

// Polls until the job is done or failed; returns its JSON.
Poco::JSON::Object::Ptr wait_job(int port, const std::string& location) {
    Poco::JSON::Object::Ptr o;
    for (int i = 0; i < 1500; ++i) {
        o = job_at(port, location);
        const std::string state = o->getValue<std::string>("state");
        if (state == "done" || state == "failed") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return o;
}

// The minimal sample with another record id.
std::string sample_record(const std::string& id) {
    std::string text = test_paths::read_file(test_paths::source("samples/meeting-minimal.xml"));
    std::size_t at = text.find(" id=\"");
    std::size_t end = text.find('"', at + 5);
    return text.substr(0, at + 5) + id + text.substr(end);
}

}  // namespace

TEST_CASE("serve_takes_work_over_http_and_drains_on_sigterm_with_exit_0", "[http][serve]") {
    const std::string dir = test_paths::scratch_dir("http-serve");
    serve_process p(serve_args("sqlite:" + dir + "/var/jobs.db", dir));
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
    serve_process a(serve_args(store, dir + "/a"));
    serve_process b(serve_args(store, dir + "/b"));
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

TEST_CASE("two_serve_processes_sharing_postgresql_do_every_job_once", "[http][serve][fleet][postgresql]") {
    if (store_test::test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL fleet test skipped");
        return;
    }
    const std::string dir = test_paths::scratch_dir("http-fleet-pg");
    run_fleet(store_test::fresh_pg_database("fleet"), dir);
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
    serve_process p(serve_args(url, dir, "1500"));
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
        serve_process p(serve_args(url, dir));
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
    serve_process again(serve_args(url, dir));
    const int port = again.wait_port();
    REQUIRE(port > 0);
    for (int i = 0; i < 3000 && store->list(worker::job_state::done, 0, 1000).items.size() < jobs; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(again.stop(SIGTERM) == 0);
    auto all = store->list(worker::job_state::done, 0, 1000).items;
    CHECK(all.size() == jobs);
    for (const auto& j : all) CHECK(store->read_result(j.id).value_or("").rfind("%PDF-", 0) == 0);
}

TEST_CASE("a_worker_killed_mid_render_leaves_its_job_to_the_next_after_the_lease", "[http][serve]") {
    const std::string dir = test_paths::scratch_dir("http-sigkill");
    const std::string url = "sqlite:" + dir + "/jobs.db";
    const std::string big = test_paths::read_file(test_paths::source("samples/certification-2022-11-15-fire-safe-groups.xml"));
    worker::store_options o;
    o.url = url;
    std::string error;
    auto store = worker::job_store::open(o, error);
    REQUIRE(store);
    std::string id, record;
    for (int attempt = 0; attempt < 5 && id.empty(); ++attempt) {
        // Each try uses a new record id: the kill must land while the render runs.
        std::string r = big;
        const std::size_t at = r.find(" id=\"");
        r.insert(r.find('"', at + 5), "-kill" + std::to_string(attempt));
        serve_process a(serve_args(url, dir, "1000"));
        const int port = a.wait_port();
        REQUIRE(port > 0);
        answer accepted = call(port, "POST", "/v1/jobs", r);
        REQUIRE(accepted.status == 202);
        const std::string job_id = accepted.location.substr(std::string("/v1/jobs/").size());
        for (int i = 0; i < 2000; ++i) {
            auto j = store->find(job_id).value;
            if (j && j->state != worker::job_state::queued) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        a.stop(SIGKILL);
        auto j = store->find(job_id).value;
        REQUIRE(j);
        if (j->state == worker::job_state::running) {
            id = job_id;
            record = r;
        }
    }
    REQUIRE_FALSE(id.empty());
    serve_process b(serve_args(url, dir, "1000"));
    const int port = b.wait_port();
    REQUIRE(port > 0);
    auto job = wait_job(port, "/v1/jobs/" + id);
    CHECK(job->getValue<std::string>("state") == "done");
    CHECK(job->getValue<int>("attempts") == 2);
    CHECK(job->getObject("progress")->getValue<int>("pages_total") >= 500);
    render::options opts;
    opts.templates_dir = test_paths::source("templates");
    opts.fonts_dir = test_paths::source("fonts");
    CHECK(call(port, "GET", "/v1/jobs/" + id + "/result").body == render::render_record(record, opts).pdf);
    CHECK(b.stop(SIGTERM) == 0);
}
