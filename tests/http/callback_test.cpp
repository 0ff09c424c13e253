// Callbacks on real workers: one signed event per job for done, failed and cancelled; retries
// with backoff until a 2xx, no redirect followed; never to a host the allow list refuses or to
// an internal address it does not name; delivered after a kill -9; once per job on a fleet.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <set>
#include <thread>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/URI.h>

#include "../worker/store_fixture.hpp"
#include "auth/signed_event.hpp"
#include "callback_receiver.hpp"
#include "guarded.hpp"
#include "http/callback_policy.hpp"
#include "serve_process.hpp"
#include "support/test_paths.hpp"

using callback_test::received;
using callback_test::receiver;
using serve_test::call_as;

namespace {

Poco::JSON::Object::Ptr json_of(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

// POST /v1/jobs?callback=<url>, the URL encoded as a query value.
serve_test::answer submit_with_callback(int port, const std::string& token, const std::string& record,
                                        const std::string& url) {
    std::string encoded;
    Poco::URI::encode(url, ":/?#&=+", encoded);
    return call_as(port, token, "POST", "/v1/jobs?callback=" + encoded, record);
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The checks every delivery must pass: its headers name the event of its body, and the
// signature is the client's (and no one else's, and of no other body).
void check_signed(const received& r, const std::string& secret, const std::string& other_secret) {
    INFO(r.body);
    Poco::JSON::Object::Ptr event = json_of(r.body);
    CHECK(r.headers.at("content-type") == "application/json");
    CHECK(r.headers.at("vanthu-event-id") == event->getValue<std::string>("id"));
    CHECK(r.headers.at("vanthu-event") == event->getValue<std::string>("type"));
    const std::string signature = r.headers.at("vanthu-signature");
    CHECK(auth::verify_event(secret, signature, r.body, unix_now()));
    CHECK_FALSE(auth::verify_event(other_secret, signature, r.body, unix_now()));
    std::string tampered = r.body;
    tampered.replace(tampered.find("\"revision\":"), 12, "\"revision\":9");
    CHECK_FALSE(auth::verify_event(secret, signature, tampered, unix_now()));
}

// Waits until the job's callbacks say one delivery reached state (or 20 s pass).
Poco::JSON::Object::Ptr wait_callback_state(int port, const std::string& token, const std::string& location,
                                            const std::string& state) {
    Poco::JSON::Object::Ptr job;
    for (int i = 0; i < 400; ++i) {
        job = serve_test::job_as(port, token, location);
        if (job->has("callbacks") && job->getArray("callbacks")->size() > 0 &&
            job->getArray("callbacks")->getObject(0)->getValue<std::string>("state") == state)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return job;
}

}  // namespace

TEST_CASE("a_job_that_ends_done_failed_or_cancelled_posts_one_signed_event", "[http][callbacks]") {
    receiver hook;
    const std::string dir = test_paths::scratch_dir("callbacks-events");
    const std::string store = guarded::store_of(dir);
    const guarded::client pc07 = guarded::add_client(store, "phong-pc07");
    const guarded::client other = guarded::add_client(store, "khac");
    const std::string allow = "-Dvanthu.callbacks.allow=127.0.0.1:" + std::to_string(hook.port());

    // Cancelled: a worker that renders nothing keeps the job queued until it is deleted.
    {
        auto api = guarded::start_guarded(store, dir, {allow, "-Dvanthu.workers=0"});
        const serve_test::answer queued = submit_with_callback(api->wait_port(), pc07.token, serve_test::meeting("bb-huy"), hook.url("/huy"));
        REQUIRE(queued.status == 202);
        CHECK(json_of(queued.body)->getValue<std::string>("callback") == hook.url("/huy"));
        REQUIRE(call_as(api->wait_port(), pc07.token, "DELETE", queued.location).status == 204);
        REQUIRE(hook.wait_for(1).size() == 1);
        CHECK(api->stop(SIGTERM) == 0);
    }
    // Done.
    std::string done_location;
    {
        auto p = guarded::start_guarded(store, dir, {allow});
        const int port = p->wait_port();
        const serve_test::answer posted = submit_with_callback(port, pc07.token, serve_test::meeting("bb-xong"), hook.url("/xong"));
        REQUIRE(posted.status == 202);
        done_location = posted.location;
        REQUIRE(hook.wait_for(2).size() == 2);
        const Poco::JSON::Object::Ptr event = json_of(hook.got()[1].body);
        const std::string result = event->getObject("job")->getValue<std::string>("result");
        CHECK(result == "http://127.0.0.1:" + std::to_string(port) + posted.location + "/result");
        CHECK(call_as(port, pc07.token, "GET", Poco::URI(result).getPath()).body.rfind("%PDF-", 0) == 0);
        Poco::JSON::Object::Ptr job = wait_callback_state(port, pc07.token, posted.location, "delivered");
        Poco::JSON::Object::Ptr delivery = job->getArray("callbacks")->getObject(0);
        CHECK(delivery->getValue<std::string>("type") == "job.done");
        CHECK(delivery->getValue<int>("attempts") == 1);
        CHECK(delivery->getValue<int>("last_status") == 200);
        CHECK(p->stop(SIGTERM) == 0);
    }
    // Failed: a worker whose results may not pass 1,000 bytes.
    {
        auto p = guarded::start_guarded(store, dir, {allow, "-Dvanthu.results.max_bytes=1000"});
        REQUIRE(submit_with_callback(p->wait_port(), pc07.token, serve_test::meeting("bb-hong"), hook.url("/hong")).status == 202);
        REQUIRE(hook.wait_for(3).size() == 3);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // time for a second delivery, were there one
        CHECK(p->stop(SIGTERM) == 0);
    }
    const std::vector<received> all = hook.got();
    REQUIRE(all.size() == 3);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"/huy", "job.cancelled"}, {"/xong", "job.done"}, {"/hong", "job.failed"}};
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(all[i].path == expected[i].first);
        Poco::JSON::Object::Ptr event = json_of(all[i].body);
        CHECK(event->getValue<std::string>("type") == expected[i].second);
        CHECK(event->getObject("job")->getValue<std::string>("state") == expected[i].second.substr(4));
        check_signed(all[i], pc07.callback_secret, other.callback_secret);
    }
    CHECK(json_of(all[1].body)->getObject("job")->getValue<std::string>("record_id") == "bb-xong");
    CHECK(json_of(all[2].body)->getObject("job")->getArray("errors")->getElement<std::string>(0).find("max_bytes") != std::string::npos);
}

TEST_CASE("a_callback_is_retried_with_backoff_until_a_2xx_and_never_follows_a_redirect", "[http][callbacks]") {
    receiver hook;
    hook.answer_next({500, 302, 503});
    const std::string dir = test_paths::scratch_dir("callbacks-retry");
    const std::string store = guarded::store_of(dir);
    const guarded::client pc07 = guarded::add_client(store, "phong-pc07", "submit,read", {"--callback", hook.url("/mac-dinh")});
    auto p = guarded::start_guarded(store, dir, {"-Dvanthu.callbacks.allow=127.0.0.1:" + std::to_string(hook.port()),
                                                 "-Dvanthu.callbacks.backoff=100"});
    const int port = p->wait_port();
    // The client's default callback: no ?callback= needed.
    const serve_test::answer posted = call_as(port, pc07.token, "POST", "/v1/jobs", serve_test::meeting("bb-thu-lai"));
    REQUIRE(posted.status == 202);
    const std::vector<received> got = hook.wait_for(4);
    REQUIRE(got.size() == 4);
    std::set<std::string> ids;
    for (const received& r : got) {
        CHECK(r.path == "/mac-dinh");  // never /elsewhere, where the 302 pointed
        ids.insert(r.headers.at("vanthu-event-id"));
        CHECK(r.body == got[0].body);  // the same bytes each time
    }
    CHECK(ids.size() == 1);
    Poco::JSON::Object::Ptr job = wait_callback_state(port, pc07.token, posted.location, "delivered");
    Poco::JSON::Object::Ptr delivery = job->getArray("callbacks")->getObject(0);
    CHECK(delivery->getValue<int>("attempts") == 4);
    CHECK(delivery->getValue<int>("last_status") == 200);
    CHECK(p->text().find("(redirects are not followed)") != std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(hook.got().size() == 4);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_callback_to_a_host_the_allow_list_refuses_is_never_sent", "[http][callbacks]") {
    receiver hook;
    const std::string dir = test_paths::scratch_dir("callbacks-refused");
    const std::string store = guarded::store_of(dir);
    const guarded::client pc07 = guarded::add_client(store, "phong-pc07");
    const guarded::client defaulted = guarded::add_client(store, "mac-dinh", "submit,read", {"--callback", hook.url("/noi-bo")});
    // Only a public host and a pattern: the loopback receiver is named by neither.
    auto p = guarded::start_guarded(store, dir, {"-Dvanthu.callbacks.allow=hooks.congan.haiphong.gov.vn,*.example.vn"});
    const int port = p->wait_port();
    const serve_test::answer refused = submit_with_callback(port, pc07.token, serve_test::meeting("bb-ssrf"), hook.url());
    CHECK(refused.status == 422);
    CHECK(refused.body.find("callback: the host 127.0.0.1:" + std::to_string(hook.port()) + " is not in vanthu.callbacks.allow") !=
          std::string::npos);
    CHECK(submit_with_callback(port, pc07.token, serve_test::meeting("bb-ftp"), "ftp://hooks.congan.haiphong.gov.vn/x").status == 422);
    CHECK(submit_with_callback(port, pc07.token, serve_test::meeting("bb-user"), "https://a:b@hooks.congan.haiphong.gov.vn/x").status == 422);
    // A default URL the list does not allow: the job is made, its event is never sent.
    const serve_test::answer posted = call_as(port, defaulted.token, "POST", "/v1/jobs", serve_test::meeting("bb-mac-dinh"));
    REQUIRE(posted.status == 202);
    Poco::JSON::Object::Ptr job = wait_callback_state(port, defaulted.token, posted.location, "gave_up");
    CHECK(job->getValue<std::string>("state") == "done");
    CHECK(job->getArray("callbacks")->getObject(0)->getValue<std::string>("last_error").find("not in vanthu.callbacks.allow") !=
          std::string::npos);
    CHECK(hook.got().empty());
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("internal_addresses_need_their_host_named_in_the_allow_list", "[http][callbacks]") {
    using http::is_internal_address;
    for (const char* inside : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.10", "169.254.169.254",
                               "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12::5",
                               "::ffff:127.0.0.1", "::ffff:10.0.0.1"}) {
        INFO(inside);
        CHECK(is_internal_address(Poco::Net::IPAddress(inside)));
    }
    for (const char* outside : {"8.8.8.8", "172.32.0.1", "100.128.0.1", "203.162.4.191", "2001:4860:4860::8888", "::ffff:8.8.8.8"}) {
        INFO(outside);
        CHECK_FALSE(is_internal_address(Poco::Net::IPAddress(outside)));
    }
    const std::vector<std::string> allow = http::read_allow_list(" 10.0.0.7 , *.gov.vn,hooks.local:8443 ");
    REQUIRE(allow == std::vector<std::string>{"10.0.0.7", "*.gov.vn", "hooks.local:8443"});
    CHECK(http::refuse_callback_url("http://10.0.0.7/hook", allow, false).empty());          // named itself
    CHECK_FALSE(http::refuse_callback_url("http://10.0.0.8/hook", allow, false).empty());    // not listed
    CHECK(http::refuse_callback_url("https://cong-an.gov.vn/hook", allow, false).empty());   // the pattern
    CHECK_FALSE(http::refuse_callback_url("https://gov.vn.evil.example/hook", allow, false).empty());
    CHECK(http::refuse_callback_url("https://hooks.local:8443/x", allow, false).empty());
    CHECK_FALSE(http::refuse_callback_url("https://hooks.local:9443/x", allow, false).empty());  // another port
    CHECK_FALSE(http::refuse_callback_url("http://cong-an.gov.vn/hook", allow, true).empty());  // https only
    // A name the pattern allows that resolves inside is refused at delivery (localhost: loopback).
    const std::vector<std::string> pattern = {"*.localhost", "localhost2"};
    CHECK_FALSE(http::resolve_callback("http://localhost:9/x", pattern, false).why.empty());
    const http::callback_target named = http::resolve_callback("http://localhost:9/x", {"localhost"}, false);
    CHECK(named.why.empty());
    CHECK(named.address.isLoopback());
}

TEST_CASE("an_event_outlives_a_kill_9_and_is_delivered_after_the_restart", "[http][callbacks]") {
    receiver hook;
    hook.always(503);
    const std::string dir = test_paths::scratch_dir("callbacks-kill");
    const std::string store = guarded::store_of(dir);
    const guarded::client pc07 = guarded::add_client(store, "phong-pc07");
    const std::vector<std::string> settings = {"-Dvanthu.callbacks.allow=127.0.0.1:" + std::to_string(hook.port()),
                                               "-Dvanthu.callbacks.backoff=200", "-Dvanthu.callbacks.timeout=1000"};
    std::string location;
    {
        auto p = guarded::start_guarded(store, dir, settings);
        const serve_test::answer posted = submit_with_callback(p->wait_port(), pc07.token, serve_test::meeting("bb-kill"), hook.url());
        REQUIRE(posted.status == 202);
        location = posted.location;
        REQUIRE(hook.wait_for(1).size() >= 1);  // the job ended, its event is being refused
        CHECK(p->stop(SIGKILL) != 0);
    }
    const std::size_t before = hook.got().size();
    hook.always(200);
    auto p = guarded::start_guarded(store, dir, settings);
    const int port = p->wait_port();
    Poco::JSON::Object::Ptr job = wait_callback_state(port, pc07.token, location, "delivered");
    REQUIRE(job->getArray("callbacks")->getObject(0)->getValue<std::string>("state") == "delivered");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const std::vector<received> all = hook.got();
    std::set<std::string> ids;
    std::size_t accepted = 0;
    for (const received& r : all) {
        ids.insert(r.headers.at("vanthu-event-id"));
        accepted += r.answered == 200 ? 1 : 0;
    }
    CHECK(all.size() > before);
    CHECK(ids.size() == 1);    // one event, however many attempts
    CHECK(accepted == 1);      // taken once
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_postgresql_fleet_of_two_workers_delivers_each_event_once", "[http][callbacks][fleet]") {
    if (store_test::test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL test skipped");
        return;
    }
    receiver hook;
    const std::string url = store_test::fresh_pg_database("callbacks_fleet");
    const std::string dir = test_paths::scratch_dir("callbacks-fleet");
    const guarded::client pc07 = guarded::add_client(url, "phong-pc07", "submit,read", {"--callback", hook.url()});
    const std::vector<std::string> settings = {"-Dvanthu.callbacks.allow=127.0.0.1:" + std::to_string(hook.port())};
    auto a = guarded::start_guarded(url, dir + "/a", settings);
    auto b = guarded::start_guarded(url, dir + "/b", settings);
    const int ports[] = {a->wait_port(), b->wait_port()};
    const int jobs = 20;
    for (int i = 0; i < jobs; ++i)
        REQUIRE(call_as(ports[i % 2], pc07.token, "POST", "/v1/jobs", serve_test::meeting("bb-doi-" + std::to_string(i))).status == 202);
    REQUIRE(hook.wait_for(jobs, 60).size() >= static_cast<std::size_t>(jobs));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    std::set<std::string> events, records;
    for (const received& r : hook.got()) {
        events.insert(r.headers.at("vanthu-event-id"));
        records.insert(json_of(r.body)->getObject("job")->getValue<std::string>("record_id"));
    }
    CHECK(hook.got().size() == static_cast<std::size_t>(jobs));
    CHECK(events.size() == static_cast<std::size_t>(jobs));
    CHECK(records.size() == static_cast<std::size_t>(jobs));
    CHECK(a->stop(SIGTERM) == 0);
    CHECK(b->stop(SIGTERM) == 0);
}
