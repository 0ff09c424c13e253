// The access rules and job control of issue 12 on a fleet: two `vanthu serve` processes on one
// PostgreSQL store, a client's request on either worker, the same answers as on one.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <memory>
#include <thread>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "../worker/store_fixture.hpp"
#include "guarded.hpp"
#include "serve_process.hpp"
#include "support/test_paths.hpp"

using serve_test::answer;
using serve_test::call_as;

namespace {

// Two guarded workers on the PostgreSQL store url, named a and b; extra settings per worker.
std::vector<std::unique_ptr<serve_test::serve_process>> start_fleet(const std::string& url, const std::string& dir,
                                                                    std::vector<std::string> extra_a = {},
                                                                    std::vector<std::string> extra_b = {}) {
    std::vector<std::unique_ptr<serve_test::serve_process>> fleet;
    extra_a.push_back("-Dvanthu.worker.id=a");
    extra_b.push_back("-Dvanthu.worker.id=b");
    fleet.push_back(guarded::start_guarded(url, dir + "/a", extra_a));
    fleet.push_back(guarded::start_guarded(url, dir + "/b", extra_b));
    return fleet;
}

}  // namespace

TEST_CASE("postgresql_two_workers_keep_clients_apart_and_revise_a_record_across_the_fleet", "[http][fleet][postgresql][auth]") {
    if (store_test::test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL test skipped");
        return;
    }
    const std::string url = store_test::fresh_pg_database("rules_fleet");
    const std::string dir = test_paths::scratch_dir("fleet-rules");
    const guarded::client pc07 = guarded::add_client(url, "phong-pc07"), quan = guarded::add_client(url, "cong-an-quan-1");
    const guarded::client reader = guarded::add_client(url, "bao-cao", "read");
    auto fleet = start_fleet(url, dir);
    const int a = fleet[0]->wait_port(), b = fleet[1]->wait_port();

    // Submitted on a, seen and fetched on b by its client; another client gets 404 on both.
    answer first = call_as(a, pc07.token, "POST", "/v1/jobs", serve_test::meeting("bb-pc07-01"));
    REQUIRE(first.status == 202);
    REQUIRE(serve_test::wait_job_as(b, pc07.token, first.location)->getValue<std::string>("state") == "done");
    const std::string first_pdf = call_as(b, pc07.token, "GET", first.location + "/result").body;
    REQUIRE(first_pdf.rfind("%PDF-", 0) == 0);
    for (int port : {a, b}) {
        CHECK(call_as(port, quan.token, "GET", first.location).status == 404);
        CHECK(call_as(port, quan.token, "GET", first.location + "/result").status == 404);
        CHECK(call_as(port, quan.token, "DELETE", first.location).status == 404);
        CHECK(guarded::listed_ids(call_as(port, quan.token, "GET", "/v1/jobs")).empty());
        CHECK(call_as(port, "", "GET", "/v1/jobs").status == 401);
        CHECK(call_as(port, "", "GET", "/v1/jobs").headers["www-authenticate"].rfind("Bearer", 0) == 0);
        CHECK(call_as(port, reader.token, "POST", "/v1/jobs", serve_test::meeting("bb-bao-cao")).status == 403);
    }
    // The same record id from the other client, on the other worker: a job of its own.
    answer theirs = call_as(b, quan.token, "POST", "/v1/jobs", serve_test::meeting("bb-pc07-01", "Quận Lê Chân"));
    CHECK(theirs.status == 202);
    CHECK(theirs.location != first.location);
    CHECK(guarded::listed_ids(call_as(a, quan.token, "GET", "/v1/jobs")) == std::vector<std::string>{"bb-pc07-01"});

    // A correction sent to b: 409 without revise, revision 2 with it; the first stays readable on a.
    const std::string corrected = serve_test::meeting("bb-pc07-01", "Hội trường Công an thành phố");
    answer refused = call_as(b, pc07.token, "POST", "/v1/jobs", corrected);
    CHECK(refused.status == 409);
    CHECK(refused.body.find("revise") != std::string::npos);
    answer second = call_as(b, pc07.token, "POST", "/v1/jobs?revise=1", corrected);
    REQUIRE(second.status == 202);
    CHECK(second.location != first.location);
    auto done = serve_test::wait_job_as(a, pc07.token, second.location);
    CHECK(done->getValue<std::string>("state") == "done");
    CHECK(done->getValue<int>("revision") == 2);
    auto earlier = done->getArray("revisions");
    REQUIRE(earlier);
    bool links_first = false;
    for (unsigned i = 0; i < earlier->size(); ++i)
        links_first = links_first || earlier->getObject(i)->getValue<std::string>("location") == first.location;
    CHECK(links_first);
    CHECK(call_as(a, pc07.token, "GET", first.location + "/result").body == first_pdf);
    const std::string second_pdf = call_as(a, pc07.token, "GET", second.location + "/result").body;
    CHECK(second_pdf.rfind("%PDF-", 0) == 0);
    CHECK(second_pdf != first_pdf);
    // Looked up by record id on either worker: the latest revision, and only the client's own.
    for (int port : {a, b}) {
        answer found = call_as(port, pc07.token, "GET", "/v1/jobs?record_id=bb-pc07-01");
        CHECK(found.status == 200);
        CHECK(found.body.find(second.location.substr(second.location.rfind('/') + 1)) != std::string::npos);
        CHECK(found.body.find(theirs.location.substr(theirs.location.rfind('/') + 1)) == std::string::npos);
    }
    for (auto& p : fleet) CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("postgresql_a_delete_sent_to_one_worker_stops_the_job_another_is_rendering", "[http][fleet][postgresql][revisions]") {
    if (store_test::test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL test skipped");
        return;
    }
    const std::string url = store_test::fresh_pg_database("delete_fleet");
    const std::string dir = test_paths::scratch_dir("fleet-delete");
    const guarded::client pc07 = guarded::add_client(url, "phong-pc07");
    // a renders; b only answers the API (no render threads), so the job cannot run on b. a's
    // heartbeat every 200 ms (a third of its lease): the 10,000 certificates take about a second
    // on two cores, and a heartbeat once a second came after the last page (failed in CI).
    auto fleet = start_fleet(url, dir, {"-Dvanthu.jobs.lease=600"}, {"-Dvanthu.workers=0"});
    const int a = fleet[0]->wait_port(), b = fleet[1]->wait_port();
    answer big = call_as(b, pc07.token, "POST", "/v1/jobs", serve_test::certification_of(10000));
    REQUIRE(big.status == 202);
    Poco::JSON::Object::Ptr seen;
    for (int i = 0; i < 2000; ++i) {
        seen = serve_test::job_as(b, pc07.token, big.location);
        if (seen->getObject("progress")->getValue<int>("pages_total") > 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(seen->getValue<std::string>("state") == "running");
    CHECK(seen->getObject("progress")->getValue<int>("pages_total") == 10000);
    CHECK(call_as(b, pc07.token, "DELETE", big.location).status == 204);
    CHECK(serve_test::job_as(a, pc07.token, big.location)->getValue<std::string>("state") == "cancelled");
    bool stopped = false;
    for (int i = 0; i < 500 && !stopped; ++i) {
        stopped = fleet[0]->text().find("lease lost while rendering") != std::string::npos;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(stopped);  // a stopped painting at its next heartbeat
    CHECK(call_as(a, pc07.token, "GET", big.location + "/result").status == 409);
    // a is free again: the next job is rendered at once.
    answer next = call_as(b, pc07.token, "POST", "/v1/jobs", serve_test::meeting("bb-sau-khi-huy"));
    REQUIRE(next.status == 202);
    CHECK(serve_test::wait_job_as(b, pc07.token, next.location)->getValue<std::string>("state") == "done");
    for (auto& p : fleet) CHECK(p->stop(SIGTERM) == 0);
}
