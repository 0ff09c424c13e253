// A worker whose results are kept two seconds: the result answers 410 once purged, the job
// stays with the SHA-256 of what was issued, the spool's done/ empties; and the audit log
// names who submitted, revised, downloaded, deleted, signed in or failed to, from where.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "guarded.hpp"
#include "serve_process.hpp"
#include "support/test_paths.hpp"
#include "worker/job.hpp"

using serve_test::call_as;

namespace {

Poco::JSON::Object::Ptr json_of(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

// The audit log's lines, each parsed (a line that is not JSON fails the test).
std::vector<Poco::JSON::Object::Ptr> audit_lines(const std::string& path) {
    std::vector<Poco::JSON::Object::Ptr> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        INFO(line);
        REQUIRE_NOTHROW(out.push_back(json_of(line)));
    }
    return out;
}

// The lines of one event.
std::vector<Poco::JSON::Object::Ptr> of_event(const std::vector<Poco::JSON::Object::Ptr>& lines, const std::string& event) {
    std::vector<Poco::JSON::Object::Ptr> out;
    for (const auto& l : lines)
        if (l->getValue<std::string>("event") == event) out.push_back(l);
    return out;
}

}  // namespace

TEST_CASE("a_result_past_its_retention_is_gone_with_410_and_its_job_keeps_the_digest", "[http][retention]") {
    const std::string dir = test_paths::scratch_dir("retention-http");
    const std::string store = guarded::store_of(dir);
    const guarded::client pc07 = guarded::add_client(store, "phong-pc07");
    auto p = guarded::start_guarded(store, dir, {"-Dvanthu.results.keep=2s", "-Dvanthu.results.purge_every=1s",
                                                 "-Dvanthu.spool.client=phong-pc07"});
    const int port = p->wait_port();
    const serve_test::answer posted = call_as(port, pc07.token, "POST", "/v1/jobs", serve_test::meeting("bb-luu-01"));
    REQUIRE(posted.status == 202);
    REQUIRE(serve_test::wait_job_as(port, pc07.token, posted.location)->getValue<std::string>("state") == "done");
    const serve_test::answer pdf = call_as(port, pc07.token, "GET", posted.location + "/result");
    REQUIRE(pdf.status == 200);
    const std::string digest = worker::hash_content(pdf.body);
    CHECK(serve_test::job_as(port, pc07.token, posted.location)->getValue<std::string>("sha256") == digest);
    // A record through the spool, whose PDF lands in done/.
    std::ofstream(dir + "/spool.xml", std::ios::binary) << serve_test::meeting("bb-luu-02");
    std::filesystem::rename(dir + "/spool.xml", dir + "/spool/incoming/bb-luu-02.xml");
    const std::string spooled = dir + "/spool/done/bb-luu-02.pdf";
    for (int i = 0; i < 500 && !std::filesystem::exists(spooled); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(std::filesystem::exists(spooled));

    // Within a few purge cycles both are gone.
    serve_test::answer gone;
    for (int i = 0; i < 150; ++i) {
        gone = call_as(port, pc07.token, "GET", posted.location + "/result");
        if (gone.status != 200 && !std::filesystem::exists(spooled)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(gone.status == 410);
    CHECK(gone.headers["content-type"] == "application/problem+json");
    CHECK(gone.body.find(digest) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(spooled));
    Poco::JSON::Object::Ptr job = serve_test::job_as(port, pc07.token, posted.location);
    CHECK(job->getValue<std::string>("state") == "done");
    CHECK(job->getValue<std::string>("sha256") == digest);
    CHECK(job->has("purged"));
    CHECK_FALSE(job->has("result"));
    // The same record again is made again, as the next revision.
    const serve_test::answer again = call_as(port, pc07.token, "POST", "/v1/jobs", serve_test::meeting("bb-luu-01"));
    CHECK(again.status == 202);
    CHECK(json_of(again.body)->getValue<int>("revision") == 2);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("the_audit_log_names_who_did_what_from_where_and_never_a_secret", "[http][audit]") {
    const std::string dir = test_paths::scratch_dir("audit-http");
    const std::string store = guarded::store_of(dir);
    const guarded::client pc07 = guarded::add_client(store, "phong-pc07");
    REQUIRE(guarded::store_command(store, "user", {"add", "lan.nguyen", "--role", "clerk", "--unit", "PC07"}, "mật khẩu PC07\n").exit_code == 0);
    auto p = guarded::start_guarded(store, dir);
    const int port = p->wait_port();
    const serve_test::answer first = call_as(port, pc07.token, "POST", "/v1/jobs", serve_test::meeting("bb-ks-01"));
    REQUIRE(first.status == 202);
    REQUIRE(serve_test::wait_job_as(port, pc07.token, first.location)->getValue<std::string>("state") == "done");
    CHECK(call_as(port, pc07.token, "POST", "/v1/jobs", serve_test::meeting("bb-ks-01")).status == 202);  // the same: no line
    const serve_test::answer second =
        call_as(port, pc07.token, "POST", "/v1/jobs?revise=1", serve_test::meeting("bb-ks-01", "Hội trường B"));
    REQUIRE(second.status == 202);
    REQUIRE(serve_test::wait_job_as(port, pc07.token, second.location)->getValue<std::string>("state") == "done");
    CHECK(call_as(port, pc07.token, "GET", second.location + "/result").status == 200);
    CHECK(call_as(port, pc07.token, "DELETE", first.location).status == 204);
    CHECK(serve_test::send(port, "POST", "/v1/session", R"({"name":"lan.nguyen","password":"sai"})",
                           {{"Content-Type", "application/json"}}).status == 401);
    serve_test::answer in = serve_test::send(port, "POST", "/v1/session", R"({"name":"lan.nguyen","password":"mật khẩu PC07"})",
                                                   {{"Content-Type", "application/json"}});
    REQUIRE(in.status == 200);
    const std::string cookie = in.headers["set-cookie"].substr(0, in.headers["set-cookie"].find(';'));
    const std::string csrf = json_of(in.body)->getValue<std::string>("csrf_token");
    CHECK(serve_test::send(port, "DELETE", "/v1/session", {}, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}).status == 204);
    CHECK(p->stop(SIGTERM) == 0);

    const std::string path = dir + "/audit.jsonl";
    const auto lines = audit_lines(path);
    const std::string first_id = first.location.substr(9), second_id = second.location.substr(9);
    auto only = [&](const std::string& event) {
        const auto found = of_event(lines, event);
        INFO(event);
        REQUIRE(found.size() == 1);
        CHECK(found.front()->getValue<std::string>("address") == "127.0.0.1");
        CHECK(found.front()->has("time"));
        return found.front();
    };
    auto submitted = only("job.submitted");
    CHECK(submitted->getValue<std::string>("actor") == "client:phong-pc07");
    CHECK(submitted->getValue<std::string>("job_id") == first_id);
    CHECK(submitted->getValue<std::string>("record_id") == "bb-ks-01");
    auto revised = only("job.revised");
    CHECK(revised->getValue<std::string>("job_id") == second_id);
    CHECK(revised->getValue<int>("revision") == 2);
    CHECK(only("job.downloaded")->getValue<std::string>("job_id") == second_id);
    CHECK(only("job.deleted")->getValue<std::string>("job_id") == first_id);
    CHECK(only("session.login_failed")->getValue<std::string>("actor") == "lan.nguyen");
    CHECK(only("session.login")->getValue<std::string>("actor") == "user:lan.nguyen");
    CHECK(only("session.logout")->getValue<std::string>("actor") == "user:lan.nguyen");
    CHECK(lines.size() == 7);
    // The file is the service's alone, and holds no token, password or cookie.
    CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::others_read) == std::filesystem::perms::none);
    const std::string text = test_paths::read_file(path);
    for (const std::string& secret : {pc07.token, std::string("mật khẩu PC07"), std::string("sai"), cookie.substr(cookie.find('=') + 1), csrf})
        CHECK(text.find(secret) == std::string::npos);
}
