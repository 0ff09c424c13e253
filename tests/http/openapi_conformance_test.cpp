// The API document against the API: a tour of a real guarded worker through every route and
// every documented refusal, each answer checked against /openapi.json as the worker serves it.
#include <catch2/catch.hpp>

#include <signal.h>

#include <map>
#include <set>
#include <string>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "guarded.hpp"
#include "openapi_check.hpp"
#include "serve_process.hpp"
#include "support/test_paths.hpp"

using serve_test::answer;

namespace {

// Requests through one worker, each answer checked against the document; what was seen.
class tour {
public:
    tour(int p, const openapi_check::document& d) : port(p), doc(d) {}

    // Sends a request and checks its answer; returns it for the test to look further.
    answer go(const std::string& method, const std::string& target, const std::string& body = {},
              std::map<std::string, std::string> headers = {}) {
        answer a = serve_test::send(port, method, target, body, headers);
        const std::string path = target.substr(0, target.find('?'));
        for (const std::string& p : doc.answer_problems(method, path, a.status, a.headers, a.body)) problems.push_back(p);
        seen.insert(a.status);
        return a;
    }
    // The same with a bearer token.
    answer as(const std::string& token, const std::string& method, const std::string& target, const std::string& body = {}) {
        return go(method, target, body, {{"Authorization", "Bearer " + token}});
    }

    std::vector<std::string> problems;
    std::set<int> seen;

private:
    int port;
    const openapi_check::document& doc;
};

Poco::JSON::Object::Ptr json_of(const answer& a) {
    return Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

TEST_CASE("the_served_openapi_document_is_well_formed_openapi_3_1", "[http][openapi]") {
    const openapi_check::document doc(
        Poco::JSON::Parser().parse(test_paths::read_file(test_paths::source("service/http/openapi.json"))).extract<Poco::JSON::Object::Ptr>());
    const std::vector<std::string> problems = doc.structure_problems();
    for (const std::string& p : problems) UNSCOPED_INFO(p);
    CHECK(problems.empty());
}

TEST_CASE("the_checker_catches_an_answer_the_document_does_not_describe", "[http][openapi]") {
    // The checker itself: a field the Job schema does not have, a wrong type, an undocumented
    // status, a 405 without Allow, a missing required header.
    const openapi_check::document doc(
        Poco::JSON::Parser().parse(test_paths::read_file(test_paths::source("service/http/openapi.json"))).extract<Poco::JSON::Object::Ptr>());
    const std::map<std::string, std::string> json = {{"content-type", "application/json"}};
    const std::string job = R"({"id":"j1","record_id":"bb-01","revision":1,"state":"done","attempts":1,"max_attempts":5,)"
                            R"("progress":{"pages_done":2,"pages_total":2},"errors":[],"created":"2026-01-01T00:00:00Z",)"
                            R"("updated":"2026-01-01T00:00:01Z","location":"/v1/jobs/j1","split":false})";
    CHECK(doc.answer_problems("GET", "/v1/jobs/j1", 200, json, job).empty());
    CHECK(doc.path_template("/v1/jobs/j1/result") == "/v1/jobs/{id}/result");
    std::string extra = job;
    extra.insert(1, R"("secret_owner":"x",)");
    CHECK(doc.answer_problems("GET", "/v1/jobs/j1", 200, json, extra).size() == 1);
    std::string wrong = job;
    wrong.replace(wrong.find("\"revision\":1"), 12, "\"revision\":\"1\"");
    CHECK(doc.answer_problems("GET", "/v1/jobs/j1", 200, json, wrong).size() == 1);
    std::string state = job;
    state.replace(state.find("\"done\""), 6, "\"lost\"");
    CHECK(doc.answer_problems("GET", "/v1/jobs/j1", 200, json, state).size() == 1);
    CHECK(doc.answer_problems("GET", "/v1/jobs/j1", 418, json, job).size() == 1);
    CHECK(doc.answer_problems("GET", "/v1/jobs/j1", 200, {{"content-type", "text/html"}}, job).size() == 1);
    CHECK(doc.answer_problems("PUT", "/v1/jobs/j1", 405, {{"content-type", "application/problem+json"}},
                              R"({"type":"about:blank","title":"Method Not Allowed","status":405,"detail":"no"})").size() == 1);
    CHECK(doc.answer_problems("GET", "/v1/jobs", 401, {{"content-type", "application/problem+json"}},
                              R"({"type":"about:blank","title":"Unauthorized","status":401,"detail":"no"})").size() == 1);
}

TEST_CASE("every_answer_of_a_guarded_worker_is_the_one_its_openapi_document_describes", "[http][openapi]") {
    const std::string dir = test_paths::scratch_dir("openapi-tour");
    const std::string store = guarded::store_of(dir);
    const guarded::client pc07 = guarded::add_client(store, "phong-pc07"), other = guarded::add_client(store, "cong-an-quan");
    const guarded::client reader = guarded::add_client(store, "bao-cao", "read"), admin = guarded::add_client(store, "quan-tri", "admin");
    REQUIRE(guarded::store_command(store, "user", {"add", "lan.nguyen", "--role", "clerk", "--unit", "PC07"}, "mật khẩu PC07\n").exit_code == 0);
    auto p = guarded::start_guarded(store, dir, {"-Dvanthu.auth.max_failures=4", "-Dvanthu.http.max_body=400000"});
    const int port = p->wait_port();
    auto served = Poco::JSON::Parser().parse(serve_test::call(port, "GET", "/openapi.json").body).extract<Poco::JSON::Object::Ptr>();
    const openapi_check::document doc(served);
    tour t(port, doc);

    // The open routes, and the metrics for the admin only.
    t.go("GET", "/livez");
    t.go("GET", "/readyz");
    t.go("GET", "/openapi.json");
    CHECK(t.as(admin.token, "GET", "/metrics").status == 200);
    CHECK(t.as(pc07.token, "GET", "/metrics").status == 403);
    // Render now, a bad record, a body too large.
    CHECK(t.as(pc07.token, "POST", "/v1/render", serve_test::meeting("bb-ngay")).status == 200);
    std::string bad = serve_test::meeting("bb-sai");
    bad.replace(bad.find("<place>"), 7, "<plaec>");
    bad.replace(bad.find("</place>"), 8, "</plaec>");
    CHECK(t.as(pc07.token, "POST", "/v1/render", bad).status == 422);
    CHECK(t.as(pc07.token, "POST", "/v1/jobs", bad).status == 422);
    // A body announced over the limit is refused before it is sent.
    CHECK(t.go("POST", "/v1/jobs", {}, {{"Authorization", "Bearer " + pc07.token}, {"Content-Length", "500000"}}).status == 413);
    CHECK(t.as(pc07.token, "POST", "/v1/jobs?template=khong-co", serve_test::meeting("bb-mau")).status == 422);
    // A job: queued, the same again, a correction refused then revised, its result, listings.
    answer first = t.as(pc07.token, "POST", "/v1/jobs", serve_test::meeting("bb-pc07-01"));
    REQUIRE(first.status == 202);
    CHECK(t.as(pc07.token, "POST", "/v1/jobs", serve_test::meeting("bb-pc07-01")).status == 202);
    REQUIRE(serve_test::wait_job_as(port, pc07.token, first.location)->getValue<std::string>("state") == "done");
    CHECK(t.as(pc07.token, "GET", first.location).status == 200);
    CHECK(t.as(pc07.token, "GET", first.location + "/result").status == 200);
    const std::string corrected = serve_test::meeting("bb-pc07-01", "Hội trường Công an tỉnh");
    CHECK(t.as(pc07.token, "POST", "/v1/jobs", corrected).status == 409);
    answer second = t.as(pc07.token, "POST", "/v1/jobs?revise=1", corrected);
    CHECK(second.status == 202);
    const int early = t.as(pc07.token, "GET", second.location + "/result").status;  // as the document says either way
    CHECK((early == 409 || early == 200));  // 409 while not done yet; a one-page job may be done already
    REQUIRE(serve_test::wait_job_as(port, pc07.token, second.location)->getValue<std::string>("state") == "done");
    CHECK(t.as(pc07.token, "GET", second.location).status == 200);
    CHECK(t.as(pc07.token, "GET", "/v1/jobs").status == 200);
    CHECK(t.as(pc07.token, "GET", "/v1/jobs?record_id=bb-pc07-01").status == 200);
    CHECK(t.as(pc07.token, "GET", "/v1/jobs?state=done&limit=1").status == 200);
    CHECK(t.as(pc07.token, "GET", "/v1/jobs?state=lost").status == 400);
    CHECK(t.as(reader.token, "GET", "/v1/jobs").status == 200);
    // Another client: 404 on the job, its result, its deletion; a reader may not submit.
    CHECK(t.as(other.token, "GET", first.location).status == 404);
    CHECK(t.as(other.token, "GET", first.location + "/result").status == 404);
    CHECK(t.as(other.token, "DELETE", first.location).status == 404);
    CHECK(t.as(reader.token, "POST", "/v1/jobs", serve_test::meeting("bb-doc")).status == 403);
    CHECK(t.as(reader.token, "DELETE", first.location).status == 403);
    // DELETE: a finished job loses its result.
    CHECK(t.as(pc07.token, "DELETE", first.location).status == 204);
    CHECK(t.as(pc07.token, "GET", first.location).status == 200);
    // Methods a path does not have, routes that do not exist.
    CHECK(t.as(pc07.token, "PUT", first.location).status == 405);
    CHECK(t.as(pc07.token, "PATCH", "/v1/jobs").status == 405);
    CHECK(t.as(pc07.token, "POST", first.location + "/result").status == 405);
    CHECK(t.go("DELETE", "/livez").status == 405);
    CHECK(t.go("PUT", "/v1/session").status == 405);
    CHECK(t.go("GET", "/v2/jobs").status == 404);
    // A clerk: sign-in, who, a job with the cookie, CSRF refused, sign-out; a wrong password.
    answer signed_in = t.go("POST", "/v1/session", "name=lan.nguyen&password=m%E1%BA%ADt+kh%E1%BA%A9u+PC07",
                            {{"Content-Type", "application/x-www-form-urlencoded"}});
    REQUIRE(signed_in.status == 200);
    const std::string cookie = "vanthu_session=" + signed_in.headers["set-cookie"].substr(15, signed_in.headers["set-cookie"].find(';') - 15);
    const std::string csrf = json_of(signed_in)->getValue<std::string>("csrf_token");
    CHECK(t.go("GET", "/v1/session", {}, {{"Cookie", cookie}}).status == 200);
    CHECK(t.as(pc07.token, "GET", "/v1/session").status == 403);
    CHECK(t.go("POST", "/v1/jobs", serve_test::meeting("bb-lan"), {{"Cookie", cookie}}).status == 403);
    CHECK(t.go("POST", "/v1/jobs", serve_test::meeting("bb-lan"), {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}).status == 202);
    // The clerk's web page: its files, the schema, drafts and the list of documents.
    answer page = t.go("GET", "/");
    CHECK(page.status == 200);
    CHECK(t.go("GET", "/", {}, {{"If-None-Match", page.headers["etag"]}}).status == 304);
    CHECK(t.go("HEAD", "/web/index.html").status == 200);
    CHECK(t.go("GET", "/web/.hidden").status == 404);
    CHECK(t.go("POST", "/", "x").status == 405);
    CHECK(t.go("GET", "/v1/schema").status == 200);
    const std::map<std::string, std::string> clerk = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
    std::map<std::string, std::string> over_v1 = clerk;
    over_v1["If-Match"] = "\"v1\"";
    CHECK(t.go("PUT", "/v1/drafts/bb-nhap", serve_test::meeting("bb-nhap"), clerk).status == 201);
    CHECK(t.go("PUT", "/v1/drafts/bb-nhap", serve_test::meeting("bb-nhap", "Hà Nội"), over_v1).status == 200);
    CHECK(t.go("PUT", "/v1/drafts/bb-nhap", serve_test::meeting("bb-nhap"), over_v1).status == 412);
    CHECK(t.go("PUT", "/v1/drafts/bb-nhap", serve_test::meeting("bb-khac"), clerk).status == 422);
    CHECK(t.go("GET", "/v1/drafts/bb-nhap", {}, clerk).status == 200);
    CHECK(t.as(pc07.token, "GET", "/v1/drafts/bb-nhap").status == 404);
    CHECK(t.go("PATCH", "/v1/drafts/bb-nhap", {}, clerk).status == 405);
    CHECK(t.go("GET", "/v1/documents", {}, clerk).status == 200);
    CHECK(t.as(pc07.token, "GET", "/v1/documents?q=bb").status == 200);
    CHECK(t.go("GET", "/v1/documents?kind=x", {}, clerk).status == 400);
    CHECK(t.go("DELETE", "/v1/drafts/bb-nhap", {}, clerk).status == 204);
    CHECK(t.go("DELETE", "/v1/drafts/bb-nhap", {}, clerk).status == 404);
    CHECK(t.go("DELETE", "/v1/session", {}, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}).status == 204);
    CHECK(t.go("GET", "/v1/session", {}, {{"Cookie", cookie}}).status == 401);
    CHECK(t.go("POST", "/v1/session", R"({"name":"lan.nguyen","password":"sai"})", {{"Content-Type", "application/json"}}).status == 401);
    CHECK(t.go("POST", "/v1/session", "<x/>", {{"Content-Type", "text/xml"}}).status == 415);
    // No token, an unknown one, then a burst: 401s, then 429.
    CHECK(t.go("GET", "/v1/jobs").status == 401);
    CHECK(t.go("GET", "/metrics").status == 401);
    int last = 0;
    for (int i = 0; i < 6; ++i) last = t.as("khong-phai-token-that", "GET", first.location).status;
    CHECK(last == 429);

    for (const std::string& problem : t.problems) UNSCOPED_INFO(problem);
    CHECK(t.problems.empty());
    for (int status : {200, 201, 202, 204, 304, 400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429}) {
        INFO("status " << status);
        CHECK(t.seen.count(status) == 1);
    }
    CHECK(p->stop(SIGTERM) == 0);
}
