// Big outputs and results that cannot be stored: a split job's ZIP is never whole in the
// worker's memory (its peak stays within twice that of the same batch merged), a result past
// vanthu.results.max_bytes fails for good after one attempt, a store that refuses a result gets
// the attempt back and /readyz says so, and what can be known at submission is a 422 there.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "serve_process.hpp"
#include "support/test_paths.hpp"

using serve_test::call;

namespace {

// A kB figure of /proc/<pid>/status (VmHWM: the peak resident set).
long status_kb(long pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    return -1;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif

// The peak memory of a fresh worker that renders one batch of n recipients, merged or split,
// and the size of its result.
std::pair<long, std::size_t> peak_of_batch(const std::string& name, int n, bool split) {
    const std::string dir = test_paths::scratch_dir(name);
    auto p = serve_test::start_serve(serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir));
    const int port = p->wait_port();
    const serve_test::answer posted = call(port, "POST", split ? "/v1/jobs?split=1" : "/v1/jobs", serve_test::certification_of(n));
    REQUIRE(posted.status == 202);
    Poco::JSON::Object::Ptr job = serve_test::wait_job(port, posted.location);
    REQUIRE(job->getValue<std::string>("state") == "done");
    const serve_test::answer result = call(port, "GET", posted.location + "/result");
    REQUIRE(result.status == 200);
    CHECK(result.headers.at("content-length") == std::to_string(result.body.size()));
    const long peak = status_kb(p->pid(), "VmHWM");
    CHECK(p->stop(SIGTERM) == 0);
    return {peak, result.body.size()};
}

}  // namespace

TEST_CASE("a_split_batch_is_never_whole_in_memory", "[http][big]") {
    if (sanitized) {
        WARN("peak memory is not measured under AddressSanitizer");
        return;
    }
    // 1,500 certificates of about 42 kB each in the ZIP (each PDF embeds its own font subsets).
    const auto merged = peak_of_batch("big-merged", 1500, false);
    const auto split = peak_of_batch("big-split", 1500, true);
    INFO("merged: peak " << merged.first << " kB, " << merged.second << " bytes; split: peak " << split.first << " kB, "
                         << split.second << " bytes");
    REQUIRE(split.second > 50u * 1024 * 1024);  // the ZIP is far larger than the merged PDF...
    CHECK(split.first < 2 * merged.first);       // ...and the worker's peak stays within twice the merged one's
    CHECK(static_cast<std::size_t>(split.first) * 1024 < split.second);  // never the whole ZIP in memory
}

TEST_CASE("a_result_past_max_bytes_fails_for_good_after_one_attempt", "[http][big]") {
    const std::string dir = test_paths::scratch_dir("big-cap");
    std::vector<std::string> args = serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir);
    args.push_back("-Dvanthu.results.max_bytes=20000");
    auto p = serve_test::start_serve(args);
    const int port = p->wait_port();
    const serve_test::answer posted = call(port, "POST", "/v1/jobs", serve_test::meeting("bb-qua-lon"));
    REQUIRE(posted.status == 202);
    Poco::JSON::Object::Ptr job = serve_test::wait_job(port, posted.location);
    CHECK(job->getValue<std::string>("state") == "failed");
    CHECK(job->getValue<int>("attempts") == 1);
    CHECK(job->getArray("errors")->getElement<std::string>(0).find("vanthu.results.max_bytes (20000 bytes)") != std::string::npos);
    CHECK(call(port, "GET", "/readyz").status == 200);  // a job too large says nothing of the worker
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_store_that_refuses_a_result_gets_the_attempt_back_and_readyz_says_so", "[http][big]") {
    const std::string dir = test_paths::scratch_dir("big-refused");
    const std::string db = dir + "/jobs.db";
    std::vector<std::string> args = serve_test::serve_args("sqlite:" + db, dir);
    args.push_back("-Dvanthu.jobs.backoff=300");
    auto p = serve_test::start_serve(args);
    const int port = p->wait_port();
    // The database answers every query but will not take a result's bytes (a full disk, a quota).
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session admin("SQLite", db);
    admin << "CREATE TRIGGER refuse BEFORE INSERT ON vanthu_result_chunks BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
        Poco::Data::Keywords::now;
    const serve_test::answer posted = call(port, "POST", "/v1/jobs", serve_test::meeting("bb-tu-choi"));
    REQUIRE(posted.status == 202);
    serve_test::answer ready;
    for (int i = 0; i < 300 && ready.status != 503; ++i) {
        ready = call(port, "GET", "/readyz");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(ready.status == 503);
    CHECK(ready.body.find("cannot store results: the store refused the result") != std::string::npos);
    Poco::JSON::Object::Ptr job = serve_test::job_at(port, posted.location);
    CHECK(job->getValue<std::string>("state") != "done");
    CHECK(call(port, "GET", "/livez").status == 200);
    // Room again: the next attempt stores it, and the worker is ready again.
    admin << "DROP TRIGGER refuse", Poco::Data::Keywords::now;
    job = serve_test::wait_job(port, posted.location);
    CHECK(job->getValue<std::string>("state") == "done");
    CHECK(job->getValue<int>("attempts") >= 2);
    CHECK(call(port, "GET", "/readyz").status == 200);
    CHECK(call(port, "GET", posted.location + "/result").body.rfind("%PDF-", 0) == 0);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("what_a_job_cannot_become_is_refused_at_submission", "[http][big]") {
    const std::string dir = test_paths::scratch_dir("big-known");
    auto p = serve_test::start_serve(serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir));
    const int port = p->wait_port();
    // Minutes cannot be split into one PDF per recipient; minutes cannot wear a certificate.
    const serve_test::answer split = call(port, "POST", "/v1/jobs?split=1", serve_test::meeting("bb-tach"));
    CHECK(split.status == 422);
    CHECK(split.body.find("does not make its pages per recipient") != std::string::npos);
    const serve_test::answer other = call(port, "POST", "/v1/jobs?template=certificate-merit", serve_test::meeting("bb-mau-khac"));
    CHECK(other.status == 422);
    CHECK(Poco::JSON::Parser().parse(call(port, "GET", "/v1/jobs").body).extract<Poco::JSON::Object::Ptr>()->getArray("items")->size() == 0);
    CHECK(p->stop(SIGTERM) == 0);
}
