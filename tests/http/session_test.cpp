// Users and sessions on a real worker: cookie sign-in, CSRF, the unit's jobs, logout and revocation.
#include <catch2/catch.hpp>

#include <signal.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "../worker/store_fixture.hpp"
#include "guarded.hpp"
#include "http/handlers.hpp"
#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using guarded::as_user;
using guarded::session;
using guarded::sign_in;
using serve_test::answer;
using serve_test::send;
using test_paths::command_output;
using test_paths::run_command;

namespace {

// A scratch folder's store URL.
std::string store_of(const std::string& dir) { return "sqlite:" + dir + "/jobs.db"; }

// `vanthu user ...` on a store, with stdin.
command_output user_command_on(const std::string& store, std::vector<std::string> words, const std::string& input = {}) {
    std::vector<std::string> argv = {test_paths::vanthu_program(), "user"};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back("-Dvanthu.store=" + store);
    return run_command(argv, input);
}

// `vanthu user ...` on the store of dir, with stdin.
command_output user_command(const std::string& dir, std::vector<std::string> words, const std::string& input = {}) {
    return user_command_on(store_of(dir), std::move(words), input);
}

// Adds a user with a password given through a pipe to the store of dir, or to the store a
// URL names (REQUIREs success).
void add_user(const std::string& dir_or_url, const std::string& name, const std::string& role, const std::string& unit,
              const std::string& password) {
    std::vector<std::string> words = {"add", name, "--role", role};
    if (!unit.empty()) words.insert(words.end(), {"--unit", unit});
    const bool url = dir_or_url.rfind("postgresql://", 0) == 0;
    command_output r = user_command_on(url ? dir_or_url : store_of(dir_or_url), words, password + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

// A worker on the store of dir with authentication required.
std::unique_ptr<serve_test::serve_process> start_guarded(const std::string& dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = serve_test::serve_args(store_of(dir), dir);
    args.push_back("-Dvanthu.auth=required");
    args.insert(args.end(), extra.begin(), extra.end());
    auto p = serve_test::start_serve(args);
    INFO(p->text());
    REQUIRE(p->wait_port() > 0);
    return p;
}

// The minimal sample under another record id.
std::string minutes_record(const std::string& id) {
    return serve_test::with_record_id(test_paths::read_file(test_paths::source("samples/meeting-minimal.xml")), id);
}

// The record ids of a listing.
std::vector<std::string> listed_ids(const answer& a) {
    std::vector<std::string> ids;
    auto items = Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>()->getArray("items");
    for (unsigned i = 0; i < items->size(); ++i) ids.push_back(items->getObject(i)->getValue<std::string>("record_id"));
    return ids;
}

// "mật khẩu" and friends, form-encoded (UTF-8 percent-encoded, spaces as '+').
const std::string lan_password = "mật khẩu văn thư PC07";
const std::string lan_form = "m%E1%BA%ADt+kh%E1%BA%A9u+v%C4%83n+th%C6%B0+PC07";

}  // namespace

TEST_CASE("a_user_signs_in_with_a_form_or_json_and_gets_an_httponly_strict_cookie", "[http][session]") {
    const std::string dir = test_paths::scratch_dir("session-sign-in");
    add_user(dir, "lan.nguyen", "clerk", "PC07", lan_password);
    auto p = start_guarded(dir);
    const int port = p->wait_port();
    const session form = sign_in(port, "lan.nguyen", lan_form);
    CHECK(form.body->getValue<std::string>("name") == "lan.nguyen");
    CHECK(form.body->getValue<std::string>("role") == "clerk");
    CHECK(form.body->getValue<std::string>("unit") == "PC07");
    CHECK(form.csrf.size() >= 22);
    CHECK(form.csrf != form.cookie);
    const std::string set = form.signed_in.headers.at("set-cookie");
    CHECK(set.find("; HttpOnly") != std::string::npos);
    CHECK(set.find("; SameSite=Strict") != std::string::npos);
    CHECK(set.find("; path=/") != std::string::npos);
    CHECK(Poco::toLower(set).find("secure") == std::string::npos);  // plain HTTP: no Secure
    CHECK(form.signed_in.headers.at("cache-control") == "no-store");
    answer json = send(port, "POST", "/v1/session", R"({"name": "lan.nguyen", "password": "mật khẩu văn thư PC07"})",
                       {{"Content-Type", "application/json; charset=utf-8"}});
    CHECK(json.status == 200);
    CHECK(json.headers["set-cookie"].find(form.cookie) == std::string::npos);  // a session of its own
    // GET /v1/session tells who is signed in, with the same CSRF token.
    answer who = as_user(port, form, "GET", "/v1/session", {}, false);
    CHECK(who.status == 200);
    auto body = Poco::JSON::Parser().parse(who.body).extract<Poco::JSON::Object::Ptr>();
    CHECK(body->getValue<std::string>("name") == "lan.nguyen");
    CHECK(body->getValue<std::string>("csrf_token") == form.csrf);
    CHECK(send(port, "GET", "/v1/session").status == 401);  // nobody signed in
    CHECK(send(port, "POST", "/v1/session", "name=lan.nguyen", {{"Content-Type", "text/plain"}}).status == 415);
    CHECK(send(port, "POST", "/v1/session", R"(["lan.nguyen"])", {{"Content-Type", "application/json"}}).status == 400);
    CHECK(send(port, "POST", "/v1/session", "name=lan.nguyen", {{"Content-Type", "application/x-www-form-urlencoded"}})
              .status == 400);  // no password: not even tried
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_wrong_password_and_an_unknown_name_get_the_same_401_and_a_burst_429", "[http][session]") {
    const std::string dir = test_paths::scratch_dir("session-wrong");
    add_user(dir, "lan.nguyen", "clerk", "PC07", lan_password);
    auto p = start_guarded(dir, {"-Dvanthu.auth.max_failures=3"});
    const int port = p->wait_port();
    const std::map<std::string, std::string> form = {{"Content-Type", "application/x-www-form-urlencoded"}};
    answer wrong = send(port, "POST", "/v1/session", "name=lan.nguyen&password=mat+khau+sai+roi", form);
    answer unknown = send(port, "POST", "/v1/session", "name=khong.co.ai&password=" + lan_form, form);
    CHECK(wrong.status == 401);
    CHECK(unknown.status == 401);
    CHECK(wrong.body == unknown.body);  // nothing tells which names exist
    CHECK(wrong.body.find("wrong name or password") != std::string::npos);
    CHECK(wrong.headers.count("set-cookie") == 0);
    CHECK(send(port, "POST", "/v1/session", "name=lan.nguyen&password=c%C3%B2n+sai+n%E1%BB%AFa", form).status == 401);
    // Three failures a minute from the address: even the right password waits now.
    answer slowed = send(port, "POST", "/v1/session", "name=lan.nguyen&password=" + lan_form, form);
    CHECK(slowed.status == 429);
    CHECK(std::stoi(slowed.headers["retry-after"]) >= 1);
    CHECK(p->stop(SIGTERM) == 0);
    const std::string log = p->text();
    CHECK(log.find("401 from 127.0.0.1: failed sign-in") != std::string::npos);
    CHECK(log.find("mat khau sai") == std::string::npos);
}

TEST_CASE("a_state_changing_request_with_a_cookie_needs_the_csrf_token", "[http][session]") {
    const std::string dir = test_paths::scratch_dir("session-csrf");
    add_user(dir, "lan.nguyen", "clerk", "PC07", lan_password);
    auto p = start_guarded(dir);
    const int port = p->wait_port();
    const session s = sign_in(port, "lan.nguyen", lan_form);
    answer without = as_user(port, s, "POST", "/v1/jobs", minutes_record("bb-pc07-01"), false);
    CHECK(without.status == 403);
    CHECK(without.body.find("X-CSRF-Token") != std::string::npos);
    session forged = s;
    forged.csrf = s.cookie;  // the cookie's own value is not the token
    CHECK(as_user(port, forged, "POST", "/v1/jobs", minutes_record("bb-pc07-01")).status == 403);
    CHECK(as_user(port, s, "DELETE", "/v1/session", {}, false).status == 403);  // logout too
    CHECK(listed_ids(as_user(port, s, "GET", "/v1/jobs", {}, false)).empty());  // nothing was queued
    answer with = as_user(port, s, "POST", "/v1/jobs", minutes_record("bb-pc07-01"));
    CHECK(with.status == 202);
    CHECK(as_user(port, s, "GET", with.location, {}, false).status == 200);  // reading needs no token
    CHECK(p->stop(SIGTERM) == 0);
    CHECK(p->text().find("403 for user lan.nguyen from 127.0.0.1: POST without the session's X-CSRF-Token") !=
          std::string::npos);
}

TEST_CASE("two_clerks_of_one_unit_see_each_others_jobs_and_a_clerk_of_another_unit_gets_404", "[http][session]") {
    const std::string dir = test_paths::scratch_dir("session-unit");
    add_user(dir, "lan.nguyen", "clerk", "PC07", lan_password);
    add_user(dir, "hung.tran", "signer", "PC07", "chữ ký của phó trưởng phòng");
    add_user(dir, "mai.le", "clerk", "PX01", "mật khẩu phòng xuất nhập cảnh");
    add_user(dir, "an.pham", "clerk", "", "văn thư không thuộc đơn vị");
    auto p = start_guarded(dir);
    const int port = p->wait_port();
    const session lan = sign_in(port, "lan.nguyen", lan_form);
    const session hung = sign_in(port, "hung.tran", "ch%E1%BB%AF+k%C3%BD+c%E1%BB%A7a+ph%C3%B3+tr%C6%B0%E1%BB%9Fng+ph%C3%B2ng");
    const session mai = sign_in(port, "mai.le", "m%E1%BA%ADt+kh%E1%BA%A9u+ph%C3%B2ng+xu%E1%BA%A5t+nh%E1%BA%ADp+c%E1%BA%A3nh");
    const session an = sign_in(port, "an.pham", "v%C4%83n+th%C6%B0+kh%C3%B4ng+thu%E1%BB%99c+%C4%91%C6%A1n+v%E1%BB%8B");
    answer job = as_user(port, lan, "POST", "/v1/jobs", minutes_record("bb-pc07-02"));
    REQUIRE(job.status == 202);
    // The other clerk of PC07 sees it, and the same record id from them is the same job.
    CHECK(as_user(port, hung, "GET", job.location, {}, false).status == 200);
    CHECK(listed_ids(as_user(port, hung, "GET", "/v1/jobs", {}, false)) == std::vector<std::string>{"bb-pc07-02"});
    CHECK(as_user(port, hung, "POST", "/v1/jobs", minutes_record("bb-pc07-02")).location == job.location);
    // Another unit, a user without a unit: not found, never forbidden; their listings are empty.
    for (const session* other : {&mai, &an}) {
        CHECK(as_user(port, *other, "GET", job.location, {}, false).status == 404);
        CHECK(as_user(port, *other, "GET", job.location + "/result", {}, false).status == 404);
        CHECK(listed_ids(as_user(port, *other, "GET", "/v1/jobs", {}, false)).empty());
    }
    // A user without a unit owns their jobs alone.
    answer own = as_user(port, an, "POST", "/v1/jobs", minutes_record("bb-pc07-02"));
    CHECK(own.status == 202);
    CHECK(own.location != job.location);
    CHECK(as_user(port, lan, "GET", own.location, {}, false).status == 404);
    // A clerk has no admin scope; the signer's role has no more than its scopes either.
    answer metrics = as_user(port, lan, "GET", "/metrics", {}, false);
    CHECK(metrics.status == 403);
    CHECK(metrics.body.find("the role clerk lacks the 'admin' scope") != std::string::npos);
    CHECK(as_user(port, hung, "GET", "/metrics", {}, false).status == 403);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("logout_ends_the_session_in_the_store_so_the_cookie_then_gets_401", "[http][session]") {
    const std::string dir = test_paths::scratch_dir("session-logout");
    add_user(dir, "lan.nguyen", "admin", "PC07", lan_password);
    auto p = start_guarded(dir);
    const int port = p->wait_port();
    const session s = sign_in(port, "lan.nguyen", lan_form);
    const session other = sign_in(port, "lan.nguyen", lan_form);
    CHECK(as_user(port, s, "GET", "/metrics", {}, false).status == 200);  // an admin's scopes
    answer out = as_user(port, s, "DELETE", "/v1/session");
    CHECK(out.status == 204);
    CHECK(out.headers["set-cookie"].rfind("vanthu_session=;", 0) == 0);  // the browser forgets it
    answer after = as_user(port, s, "GET", "/v1/jobs", {}, false);
    CHECK(after.status == 401);
    CHECK(after.body.find("sign in again") != std::string::npos);
    CHECK(as_user(port, s, "GET", "/v1/session", {}, false).status == 401);
    CHECK(as_user(port, other, "GET", "/v1/session", {}, false).status == 200);  // only that session ended
    CHECK(p->stop(SIGTERM) == 0);
    // A restarted worker does not bring it back: the store, not the process, said it ended.
    auto again = start_guarded(dir);
    CHECK(as_user(again->wait_port(), s, "GET", "/v1/jobs", {}, false).status == 401);
    CHECK(as_user(again->wait_port(), other, "GET", "/v1/jobs", {}, false).status == 200);
    CHECK(again->stop(SIGTERM) == 0);
}

TEST_CASE("passwd_ends_every_session_of_the_user_and_disable_blocks_sign_in", "[http][session]") {
    const std::string dir = test_paths::scratch_dir("session-passwd");
    add_user(dir, "lan.nguyen", "clerk", "PC07", lan_password);
    add_user(dir, "mai.le", "clerk", "PC07", "mật khẩu của chị Mai");
    auto p = start_guarded(dir);
    const int port = p->wait_port();
    const session first = sign_in(port, "lan.nguyen", lan_form), second = sign_in(port, "lan.nguyen", lan_form);
    const session mai = sign_in(port, "mai.le", "m%E1%BA%ADt+kh%E1%BA%A9u+c%E1%BB%A7a+ch%E1%BB%8B+Mai");
    command_output changed = user_command(dir, {"passwd", "lan.nguyen"}, "mật khẩu mới sau khi lộ\n");
    INFO(changed.err);
    REQUIRE(changed.exit_code == 0);
    CHECK(as_user(port, first, "GET", "/v1/jobs", {}, false).status == 401);
    CHECK(as_user(port, second, "GET", "/v1/jobs", {}, false).status == 401);
    CHECK(as_user(port, mai, "GET", "/v1/jobs", {}, false).status == 200);  // another user keeps hers
    const std::map<std::string, std::string> form = {{"Content-Type", "application/x-www-form-urlencoded"}};
    CHECK(send(port, "POST", "/v1/session", "name=lan.nguyen&password=" + lan_form, form).status == 401);
    sign_in(port, "lan.nguyen", "m%E1%BA%ADt+kh%E1%BA%A9u+m%E1%BB%9Bi+sau+khi+l%E1%BB%99");
    // Disabled: the session in use stops working and the right password no longer signs in.
    REQUIRE(user_command(dir, {"disable", "mai.le"}).exit_code == 0);
    CHECK(as_user(port, mai, "GET", "/v1/jobs", {}, false).status == 401);
    answer refused = send(port, "POST", "/v1/session", "name=mai.le&password=m%E1%BA%ADt+kh%E1%BA%A9u+c%E1%BB%A7a+ch%E1%BB%8B+Mai", form);
    CHECK(refused.status == 401);
    CHECK(refused.body.find("wrong name or password") != std::string::npos);
    CHECK(user_command(dir, {"disable", "mai.le"}).exit_code == 65);  // not active any more
    CHECK(user_command(dir, {"passwd", "khong.co.ai"}, "mật khẩu đủ dài rồi\n").exit_code == 65);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_session_ends_at_its_ttl_however_much_it_is_used", "[http][session]") {
    const std::string dir = test_paths::scratch_dir("session-ttl");
    add_user(dir, "lan.nguyen", "clerk", "PC07", lan_password);
    auto p = start_guarded(dir, {"-Dvanthu.session.ttl=2s"});
    const int port = p->wait_port();
    const session s = sign_in(port, "lan.nguyen", lan_form);
    CHECK(s.signed_in.headers.at("set-cookie").find("expires=") != std::string::npos);
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(2300);
    int last = 0;
    while (std::chrono::steady_clock::now() < end) {  // used all along: absolute, not sliding
        last = as_user(port, s, "GET", "/v1/session", {}, false).status;
        if (last != 200) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    CHECK(last == 401);
    CHECK(std::chrono::steady_clock::now() >= end - std::chrono::milliseconds(600));  // not before ~2 s
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_bearer_token_needs_no_csrf_and_wins_over_a_cookie", "[http][session]") {
    const std::string dir = test_paths::scratch_dir("session-bearer");
    add_user(dir, "lan.nguyen", "clerk", "PC07", lan_password);
    command_output added = run_command({test_paths::vanthu_program(), "token", "add", "he-thong-mot-cua",
                                        "-Dvanthu.store=" + store_of(dir)});
    REQUIRE(added.exit_code == 0);
    const std::string token = added.out.substr(7, added.out.find('\n') - 7);
    auto p = start_guarded(dir);
    const int port = p->wait_port();
    const session s = sign_in(port, "lan.nguyen", lan_form);
    answer both = send(port, "POST", "/v1/jobs", minutes_record("bb-mot-cua-01"),
                       {{"Authorization", "Bearer " + token}, {"Cookie", "vanthu_session=" + s.cookie}});
    CHECK(both.status == 202);  // no X-CSRF-Token: the token decides, not the cookie
    CHECK(as_user(port, s, "GET", both.location, {}, false).status == 404);  // the client's job, not the unit's
    CHECK(send(port, "GET", "/v1/session", {}, {{"Authorization", "Bearer " + token}}).status == 403);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("user_list_never_prints_a_hash_and_the_store_keeps_no_password_or_session_id", "[http][session]") {
    const std::string dir = test_paths::scratch_dir("session-store");
    add_user(dir, "lan.nguyen", "clerk", "PC07", lan_password);
    add_user(dir, "quan.tri", "admin", "", "quản trị hệ thống văn thư");
    CHECK(user_command(dir, {"add", "lan.nguyen", "--role", "clerk"}, "mật khẩu khác hẳn\n").exit_code == 65);
    CHECK(user_command(dir, {"add", "binh", "--role", "clerk"}, "ngắn quá\n").err.find("ít nhất 10 ký tự") != std::string::npos);
    CHECK(user_command(dir, {"add", "binh", "--role", "giám đốc"}).exit_code == 64);
    CHECK(user_command(dir, {"add", "binh", "--role", "clerk", "--unit", "PC 07"}).exit_code == 64);
    CHECK(user_command(dir, {"add", "binh", "--role", "clerk"}).exit_code == 65);  // no password at all
    command_output list = user_command(dir, {"list"});
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("lan.nguyen\tclerk\tPC07\t") != std::string::npos);
    CHECK(list.out.find("quan.tri\tadmin\t-\t") != std::string::npos);
    CHECK(list.out.find("binh") == std::string::npos);
    CHECK(list.out.find("argon2") == std::string::npos);
    CHECK(list.out.find('$') == std::string::npos);
    auto p = start_guarded(dir);
    const session s = sign_in(p->wait_port(), "lan.nguyen", lan_form);
    CHECK(p->stop(SIGTERM) == 0);
    std::string stored;  // the database and whatever its write-ahead log still holds
    for (const char* file : {"/jobs.db", "/jobs.db-wal"})
        if (std::filesystem::exists(dir + file)) stored += test_paths::read_file(dir + file);
    CHECK(stored.find("$argon2id$") != std::string::npos);  // the hashes are there...
    CHECK(stored.find(lan_password) == std::string::npos);  // ...never a password
    CHECK(stored.find(s.cookie) == std::string::npos);      // nor a session id
}

TEST_CASE("postgresql_a_session_made_on_one_worker_works_and_ends_on_another", "[http][session][postgresql]") {
    if (store_test::test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL test skipped");
        return;
    }
    const std::string url = store_test::fresh_pg_database("sessions_fleet");
    const std::string dir = test_paths::scratch_dir("session-fleet");
    add_user(url, "lan.nguyen", "clerk", "PC07", lan_password);
    add_user(url, "hung.tran", "clerk", "PC07", "chữ ký của phó trưởng phòng");
    std::vector<std::unique_ptr<serve_test::serve_process>> fleet;
    for (const char* name : {"a", "b"}) {
        std::vector<std::string> args = serve_test::serve_args(url, dir + "/" + name);
        args.insert(args.end(), {"-Dvanthu.auth=required", std::string("-Dvanthu.worker.id=") + name});
        fleet.push_back(serve_test::start_serve(args));
        REQUIRE(fleet.back()->wait_port() > 0);
    }
    const int a = fleet[0]->wait_port(), b = fleet[1]->wait_port();
    const session lan = sign_in(a, "lan.nguyen", lan_form);
    const session hung = sign_in(b, "hung.tran", "ch%E1%BB%AF+k%C3%BD+c%E1%BB%A7a+ph%C3%B3+tr%C6%B0%E1%BB%9Fng+ph%C3%B2ng");
    answer job = as_user(b, lan, "POST", "/v1/jobs", minutes_record("bb-pc07-fleet"));  // signed in on a, used on b
    REQUIRE(job.status == 202);
    CHECK(as_user(a, hung, "GET", job.location, {}, false).status == 200);  // the unit's job, on either worker
    CHECK(as_user(b, lan, "DELETE", "/v1/session").status == 204);
    CHECK(as_user(a, lan, "GET", "/v1/jobs", {}, false).status == 401);  // ended on b, ended on a
    REQUIRE(user_command_on(url, {"disable", "hung.tran"}).exit_code == 0);
    CHECK(as_user(a, hung, "GET", "/v1/jobs", {}, false).status == 401);
    for (auto& p : fleet) CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("the_session_cookie_is_secure_only_on_https_and_always_httponly_and_strict", "[http][session]") {
    const std::string plain = http::make_session_cookie(false, "abc", 60).toString();
    const std::string tls = http::make_session_cookie(true, "abc", 60).toString();
    CHECK(plain.find("Secure") == std::string::npos);
    CHECK(tls.find("; secure") != std::string::npos);
    for (const std::string& c : {plain, tls}) {
        CHECK(c.rfind("vanthu_session=abc;", 0) == 0);
        CHECK(c.find("; HttpOnly") != std::string::npos);
        CHECK(c.find("; SameSite=Strict") != std::string::npos);
        CHECK(c.find("; path=/") != std::string::npos);
    }
}
