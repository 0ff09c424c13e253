// Clients and tokens on a real worker: who may do what, and that no client sees another's jobs.
#include <catch2/catch.hpp>

#include <signal.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using serve_test::answer;
using serve_test::call;
using serve_test::call_as;
using test_paths::command_output;
using test_paths::run_command;

namespace {

// A scratch folder's store URL.
std::string store_of(const std::string& dir) { return "sqlite:" + dir + "/jobs.db"; }

// `vanthu token ...` on the store of dir.
command_output token_command(const std::string& dir, std::vector<std::string> words) {
    std::vector<std::string> argv = {test_paths::vanthu_program(), "token"};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back("-Dvanthu.store=" + store_of(dir));
    return run_command(argv);
}

// The two secrets `vanthu token add` prints.
struct secrets {
    std::string token, callback;
};

// Adds a client and returns its secrets (REQUIREs the two lines).
secrets add_client(const std::string& dir, const std::string& name, const std::string& scopes = "submit,read") {
    command_output r = token_command(dir, {"add", name, "--scope", scopes});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::size_t first = r.out.find('\n');
    REQUIRE(r.out.rfind("token: ", 0) == 0);
    REQUIRE(r.out.compare(first + 1, 17, "callback-secret: ") == 0);
    return {r.out.substr(7, first - 7), r.out.substr(first + 18, r.out.size() - first - 19)};
}

// A worker on the store of dir with authentication required and extra settings.
std::unique_ptr<serve_test::serve_process> start_guarded(const std::string& dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = serve_test::serve_args(store_of(dir), dir);
    args.push_back("-Dvanthu.auth=required");  // after serve_args' "off": the last -D wins
    args.insert(args.end(), extra.begin(), extra.end());
    auto p = serve_test::start_serve(args);
    INFO(p->text());
    REQUIRE(p->wait_port() > 0);
    return p;
}

// The minimal sample under another record id, with a word of the body changed.
std::string record(const std::string& id, const std::string& place = "Hội trường tầng 2") {
    std::string xml = serve_test::with_record_id(test_paths::read_file(test_paths::source("samples/meeting-minimal.xml")), id);
    const std::size_t at = xml.find("<place>");
    if (at != std::string::npos) xml.replace(at + 7, xml.find("</place>") - at - 7, place);
    return xml;
}

// The record ids of a listing.
std::vector<std::string> listed_ids(const answer& a) {
    std::vector<std::string> ids;
    auto items = Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>()->getArray("items");
    for (unsigned i = 0; i < items->size(); ++i) ids.push_back(items->getObject(i)->getValue<std::string>("record_id"));
    return ids;
}

bool is_url_safe(const std::string& s) {
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

}  // namespace

TEST_CASE("token_add_prints_two_secrets_once_and_the_store_keeps_neither_token", "[http][auth]") {
    const std::string dir = test_paths::scratch_dir("auth-token-add");
    const secrets s = add_client(dir, "pc07-hai-phong");
    CHECK(s.token.size() >= 22);  // 128 bits in URL-safe base64
    CHECK(s.callback.size() >= 22);
    CHECK(is_url_safe(s.token));
    CHECK(is_url_safe(s.callback));
    CHECK(s.token != s.callback);
    CHECK(test_paths::read_file(dir + "/jobs.db").find(s.token) == std::string::npos);
    command_output again = token_command(dir, {"add", "pc07-hai-phong"});
    CHECK(again.exit_code == 65);
    CHECK(again.err.find("exists already") != std::string::npos);
    CHECK(token_command(dir, {"add", "../etc"}).exit_code == 64);
    CHECK(token_command(dir, {"add", "x", "--scope", "submit,fly"}).err.find("unknown scope 'fly'") != std::string::npos);
    command_output list = token_command(dir, {"list"});
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("pc07-hai-phong\tsubmit,read\t") != std::string::npos);
    CHECK(list.out.find(s.token) == std::string::npos);
    CHECK(list.out.find(s.callback) == std::string::npos);
}

TEST_CASE("two_clients_never_see_each_others_jobs_or_results_and_share_no_record_ids", "[http][auth]") {
    const std::string dir = test_paths::scratch_dir("auth-two-clients");
    const secrets a = add_client(dir, "phong-pc07"), b = add_client(dir, "cong-an-quan");
    auto p = start_guarded(dir);
    const int port = p->wait_port();
    answer mine = call_as(port, a.token, "POST", "/v1/jobs", record("bb-2025-01"));
    REQUIRE(mine.status == 202);
    REQUIRE(serve_test::wait_job_as(port, a.token, mine.location)->getValue<std::string>("state") == "done");
    const std::string pdf = call_as(port, a.token, "GET", mine.location + "/result").body;
    REQUIRE(pdf.rfind("%PDF-", 0) == 0);
    // The second client: another's job and result are not found (404, not 403), listings are its own.
    CHECK(call_as(port, b.token, "GET", mine.location).status == 404);
    CHECK(call_as(port, b.token, "GET", mine.location + "/result").status == 404);
    CHECK(listed_ids(call_as(port, b.token, "GET", "/v1/jobs")).empty());
    // The same record id with other content from the second client is a job of its own, not a 409.
    answer theirs = call_as(port, b.token, "POST", "/v1/jobs", record("bb-2025-01", "Phòng họp số 3"));
    CHECK(theirs.status == 202);
    CHECK(theirs.location != mine.location);
    CHECK(listed_ids(call_as(port, b.token, "GET", "/v1/jobs")) == std::vector<std::string>{"bb-2025-01"});
    CHECK(listed_ids(call_as(port, a.token, "GET", "/v1/jobs")) == std::vector<std::string>{"bb-2025-01"});
    CHECK(call_as(port, a.token, "GET", theirs.location).status == 404);
    // The first client's own content again is the same job; its result is unchanged.
    CHECK(call_as(port, a.token, "POST", "/v1/jobs", record("bb-2025-01")).location == mine.location);
    CHECK(call_as(port, a.token, "GET", mine.location + "/result").body == pdf);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_missing_or_unknown_token_gets_401_and_a_missing_scope_403", "[http][auth]") {
    const std::string dir = test_paths::scratch_dir("auth-401-403");
    const secrets reader = add_client(dir, "chi-doc", "read"), admin = add_client(dir, "quan-tri", "admin,read");
    const secrets gone = add_client(dir, "da-thu-hoi");
    REQUIRE(token_command(dir, {"revoke", "da-thu-hoi"}).exit_code == 0);
    CHECK(token_command(dir, {"revoke", "da-thu-hoi"}).exit_code == 65);
    auto p = start_guarded(dir);
    const int port = p->wait_port();
    answer none = call(port, "GET", "/v1/jobs");
    CHECK(none.status == 401);
    CHECK(none.headers["www-authenticate"].rfind("Bearer", 0) == 0);
    CHECK(call_as(port, "not-a-token-at-all-but-long-enough", "GET", "/v1/jobs").status == 401);
    CHECK(call_as(port, gone.token, "GET", "/v1/jobs").status == 401);  // revoked: refused at once
    CHECK(call_as(port, reader.token, "POST", "/v1/jobs", record("bb-2025-02")).status == 403);
    CHECK(call_as(port, reader.token, "POST", "/v1/render", record("bb-2025-02")).status == 403);
    CHECK(call_as(port, reader.token, "GET", "/v1/jobs").status == 200);
    CHECK(call_as(port, reader.token, "GET", "/metrics").status == 403);
    CHECK(call_as(port, admin.token, "GET", "/metrics").status == 200);
    // Probes and the API document stay open.
    CHECK(call(port, "GET", "/livez").status == 200);
    CHECK(call(port, "GET", "/readyz").status == 200);
    CHECK(call(port, "GET", "/openapi.json").status == 200);
    CHECK(p->stop(SIGTERM) == 0);
    const std::string log = p->text();
    CHECK(log.find("401 from 127.0.0.1") != std::string::npos);
    CHECK(log.find("403 for client chi-doc from 127.0.0.1") != std::string::npos);
    CHECK(log.find(gone.token) == std::string::npos);
    CHECK(log.find("not-a-token-at-all") == std::string::npos);
}

TEST_CASE("a_burst_of_bad_tokens_from_one_address_gets_429_with_retry_after", "[http][auth]") {
    const std::string dir = test_paths::scratch_dir("auth-429");
    const secrets good = add_client(dir, "van-thu");
    auto p = start_guarded(dir, {"-Dvanthu.auth.max_failures=5"});
    const int port = p->wait_port();
    for (int i = 0; i < 5; ++i) CHECK(call_as(port, "wrong-token-" + std::to_string(i) + "-xxxxxxxxxxxxxxxx", "GET", "/v1/jobs").status == 401);
    answer slowed = call_as(port, "wrong-token-6-xxxxxxxxxxxxxxxx", "GET", "/v1/jobs");
    CHECK(slowed.status == 429);
    const int wait = std::stoi(slowed.headers["retry-after"]);
    CHECK(wait >= 1);
    CHECK(wait <= 60);
    // The address is slowed, whatever it sends, until its failures are a minute old.
    CHECK(call_as(port, good.token, "GET", "/v1/jobs").status == 429);
    CHECK(call(port, "GET", "/livez").status == 200);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("auth_off_is_refused_on_an_address_other_than_loopback", "[http][auth]") {
    const std::string dir = test_paths::scratch_dir("auth-off-network");
    command_output r = run_command({test_paths::vanthu_program(), "serve", "-Dvanthu.auth=off", "-Dvanthu.http.host=0.0.0.0",
                                    "-Dvanthu.http.port=0", "-Dvanthu.store=" + store_of(dir)});
    CHECK(r.exit_code == 78);
    CHECK(r.err.find("vanthu.auth=off is only allowed on a loopback address") != std::string::npos);
    command_output odd = run_command({test_paths::vanthu_program(), "serve", "-Dvanthu.auth=maybe", "-Dvanthu.http.port=0",
                                      "-Dvanthu.store=" + store_of(dir)});
    CHECK(odd.exit_code == 78);
    CHECK(odd.err.find("vanthu.auth is 'maybe'") != std::string::npos);
}

TEST_CASE("spool_jobs_belong_to_the_spool_client", "[http][auth]") {
    const std::string dir = test_paths::scratch_dir("auth-spool");
    const secrets spool = add_client(dir, "spool-pc07", "read"), other = add_client(dir, "khac", "read");
    auto p = start_guarded(dir, {"-Dvanthu.spool.client=spool-pc07"});
    const int port = p->wait_port();
    std::ofstream(dir + "/bb.xml", std::ios::binary) << record("bb-spool-1");
    std::filesystem::rename(dir + "/bb.xml", dir + "/spool/incoming/bb.xml");
    std::vector<std::string> seen;
    for (int i = 0; i < 500 && seen.empty(); ++i) {
        seen = listed_ids(call_as(port, spool.token, "GET", "/v1/jobs"));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(seen == std::vector<std::string>{"bb-spool-1"});
    CHECK(listed_ids(call_as(port, other.token, "GET", "/v1/jobs")).empty());
    CHECK(p->stop(SIGTERM) == 0);
}
