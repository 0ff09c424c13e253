// The HTTP API end to end: a real client against a real server on loopback.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <sstream>

#include "support/test_paths.hpp"

#include "api_fixture.hpp"
#include "http/router.hpp"

using api_test::fixture;
using api_test::reply;
using api_test::sample_record;

namespace {

// The sample with the chair's name element renamed: a record the validator rejects.
std::string bad_record(const std::string& id) {
    std::string record = sample_record(id);
    const std::size_t chair = record.find("<chair>");
    REQUIRE(chair != std::string::npos);
    record.replace(record.find("<name>", chair), 6, "<nome>");
    record.replace(record.find("</name>", chair), 7, "</nome>");
    return record;
}

// Polls a job until it leaves queued/running; returns its last JSON.
Poco::JSON::Object::Ptr wait_for_job(fixture& f, const std::string& location) {
    for (int i = 0; i < 1500; ++i) {
        reply r = f.call("GET", location);
        REQUIRE(r.status == 200);
        auto o = r.json();
        std::string state = o->getValue<std::string>("state");
        if (state == "done" || state == "failed") return o;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("the job never finished");
    return nullptr;
}

}  // namespace

TEST_CASE("livez_answers_and_unknown_routes_get_404_and_wrong_methods_405", "[http]") {
    fixture f("routes");
    CHECK(f.call("GET", "/livez").status == 200);
    reply missing = f.call("GET", "/v2/nothing");
    CHECK(missing.status == 404);
    CHECK(missing.header("Content-Type") == "application/problem+json");
    CHECK(missing.json()->getValue<int>("status") == 404);
    CHECK(f.call("GET", "/v1/jobs/abc/other").status == 404);
    reply wrong = f.call("GET", "/v1/render");
    CHECK(wrong.status == 405);
    CHECK(wrong.header("Allow") == "POST");
    CHECK(f.call("DELETE", "/v1/jobs").header("Allow") == "GET, POST");
}

TEST_CASE("match_route_takes_the_job_id_from_the_path", "[http]") {
    http::route r = http::match_route("GET", "/v1/jobs/0a1b-2c/result");
    CHECK(r.status == 200);
    CHECK(r.name == http::route_name::job_result);
    CHECK(r.arg == "0a1b-2c");
    CHECK(http::match_route("GET", "/v1/jobs/").status == 404);
}

TEST_CASE("post_render_answers_with_the_same_pdf_as_render_record", "[http]") {
    fixture f("render");
    const std::string record = sample_record("http-render-1");
    render::result direct = render::render_record(record, api_test::source_render_options());
    REQUIRE(direct);
    reply r = f.call("POST", "/v1/render", record);
    CHECK(r.status == 200);
    CHECK(r.header("Content-Type") == "application/pdf");
    CHECK(r.body == direct.pdf);
}

TEST_CASE("a_bad_record_gets_422_with_the_command_lines_problem_list", "[http]") {
    fixture f("bad-record");
    const std::string record = bad_record("http-bad-1");
    render::result direct = render::render_record(record, api_test::source_render_options());
    REQUIRE(direct.status == render::failure::bad_record);
    for (const char* path : {"/v1/render", "/v1/jobs"}) {
        reply r = f.call("POST", path, record);
        INFO(path << " " << r.body);
        CHECK(r.status == 422);
        CHECK(r.header("Content-Type") == "application/problem+json");
        auto problems = r.json()->getArray("problems");
        REQUIRE(problems);
        REQUIRE(problems->size() == direct.problems.items.size());
        auto first = problems->getObject(0);
        const vanthu::diagnostic& d = direct.problems.items.front();
        CHECK(first->getValue<int>("line") == d.where.line);
        CHECK(first->getValue<int>("column") == d.where.column);
        CHECK(first->getValue<std::string>("path") == d.where.path);
        CHECK(first->getValue<std::string>("text") == vanthu::format_diagnostic(d));
        CHECK(d.where.line > 0);
    }
    CHECK(f.store->list(std::nullopt, 0, 10).items.empty());  // nothing queued
}

TEST_CASE("post_jobs_is_202_with_location_idempotent_and_409_on_other_content", "[http]") {
    fixture f("submit");
    const std::string record = sample_record("http-job-1");
    reply first = f.call("POST", "/v1/jobs", record);
    REQUIRE(first.status == 202);
    const std::string location = first.header("Location");
    CHECK(location.rfind("/v1/jobs/", 0) == 0);
    CHECK(first.json()->getValue<std::string>("record_id") == "http-job-1");
    CHECK(first.json()->getValue<std::string>("state") == "queued");
    reply again = f.call("POST", "/v1/jobs", record);
    CHECK(again.status == 202);
    CHECK(again.header("Location") == location);
    std::string changed = record;
    changed.replace(changed.find("</title>"), 0, " (sửa)");
    reply conflict = f.call("POST", "/v1/jobs", changed);
    CHECK(conflict.status == 409);
    CHECK(conflict.header("Location") == location);
    reply shown = f.call("GET", location);
    CHECK(shown.status == 200);
    CHECK(shown.json()->getValue<int>("attempts") == 0);
    CHECK(shown.json()->getObject("progress")->getValue<int>("pages_total") == 0);
    CHECK(f.call("GET", "/v1/jobs/no-such-job").status == 404);
}

TEST_CASE("a_queued_job_is_rendered_and_its_result_is_the_pdf", "[http]") {
    api_test::server_setup setup;
    setup.with_pool = true;
    fixture f("result", setup);
    const std::string record = sample_record("http-result-1");
    reply accepted = f.call("POST", "/v1/jobs", record);
    REQUIRE(accepted.status == 202);
    auto job = wait_for_job(f, accepted.header("Location"));
    CHECK(job->getValue<std::string>("state") == "done");
    CHECK(job->getValue<int>("attempts") == 1);
    CHECK(job->getObject("progress")->getValue<int>("pages_done") >= 1);
    reply pdf = f.call("GET", job->getValue<std::string>("result"));
    CHECK(pdf.status == 200);
    CHECK(pdf.header("Content-Type") == "application/pdf");
    CHECK(pdf.body == render::render_record(record, api_test::source_render_options()).pdf);
}

TEST_CASE("the_result_of_an_unfinished_job_is_409_and_of_no_job_404", "[http]") {
    fixture f("no-result");
    reply accepted = f.call("POST", "/v1/jobs", sample_record("http-pending-1"));
    REQUIRE(accepted.status == 202);
    CHECK(f.call("GET", accepted.header("Location") + "/result").status == 409);
    CHECK(f.call("GET", "/v1/jobs/nothing/result").status == 404);
}

TEST_CASE("get_jobs_lists_by_state_a_page_at_a_time", "[http]") {
    fixture f("list");
    for (int i = 0; i < 5; ++i)
        REQUIRE(f.call("POST", "/v1/jobs", sample_record("http-list-" + std::to_string(i))).status == 202);
    reply page1 = f.call("GET", "/v1/jobs?state=queued&limit=3");
    REQUIRE(page1.status == 200);
    CHECK(page1.json()->getArray("items")->size() == 3);
    const std::string next = page1.json()->getValue<std::string>("next");
    CHECK(next == "/v1/jobs?state=queued&offset=3&limit=3");
    reply page2 = f.call("GET", next);
    CHECK(page2.json()->getArray("items")->size() == 2);
    CHECK_FALSE(page2.json()->has("next"));
    CHECK(f.call("GET", "/v1/jobs?state=done").json()->getArray("items")->size() == 0);
    CHECK(f.call("GET", "/v1/jobs?state=lost").status == 400);
    CHECK(f.call("GET", "/v1/jobs?limit=0").status == 400);
}

TEST_CASE("a_body_over_the_limit_gets_413", "[http]") {
    api_test::server_setup setup;
    setup.api.max_body = 1000;
    fixture f("too-large", setup);
    const std::string big = sample_record("http-big") + std::string(2000, ' ');
    CHECK(f.call("POST", "/v1/jobs", big).status == 413);
    CHECK(f.call("POST", "/v1/render", big).status == 413);
    // Chunked: no Content-Length to refuse by; the limit is counted while reading.
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(f.port()));
    Poco::Net::HTTPRequest request("POST", "/v1/jobs", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setChunkedTransferEncoding(true);
    session.sendRequest(request) << big;
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response);
    CHECK(response.getStatus() == 413);
}

TEST_CASE("a_full_queue_gets_429_with_retry_after", "[http]") {
    api_test::server_setup setup;
    setup.store.max_queue = 1;
    setup.api.retry_after_s = 7;
    fixture f("full", setup);
    CHECK(f.call("POST", "/v1/jobs", sample_record("http-full-1")).status == 202);
    reply refused = f.call("POST", "/v1/jobs", sample_record("http-full-2"));
    CHECK(refused.status == 429);
    CHECK(refused.header("Retry-After") == "7");
}

TEST_CASE("a_render_past_the_time_limit_gets_503_with_retry_after_and_the_limit_named", "[http]") {
    api_test::server_setup setup;
    setup.api.retry_after_s = 9;
    setup.api.render.time_limit = std::chrono::milliseconds(1);  // 507 certificates never fit in 1 ms
    fixture f("time-limit", setup);
    const std::string record =
        test_paths::read_file(test_paths::source("samples/certification-2022-11-15-fire-safe-groups.xml"));
    reply r = f.call("POST", "/v1/render", record);
    CHECK(r.status == 503);
    CHECK(r.header("Retry-After") == "9");
    CHECK(r.body.find("the time limit of 0.001 s") != std::string::npos);
    CHECK(r.body.find("POST /v1/jobs") != std::string::npos);
    CHECK(f.call("GET", "/livez").status == 200);  // still answering
}

TEST_CASE("readyz_fails_and_submissions_stop_once_draining_starts", "[http]") {
    fixture f("drain");
    CHECK(f.call("GET", "/readyz").status == 200);
    f.ctx->draining = true;
    CHECK(f.call("GET", "/readyz").status == 503);
    reply refused = f.call("POST", "/v1/jobs", sample_record("http-drain-1"));
    CHECK(refused.status == 503);
    CHECK_FALSE(refused.header("Retry-After").empty());
    CHECK(f.call("GET", "/livez").status == 200);
}

TEST_CASE("metrics_show_the_queue_depth_and_the_answers", "[http]") {
    fixture f("metrics");
    f.call("POST", "/v1/jobs", sample_record("http-metrics-1"));
    f.call("POST", "/v1/jobs", sample_record("http-metrics-2"));
    f.call("GET", "/nowhere");
    reply m = f.call("GET", "/metrics");
    CHECK(m.status == 200);
    CHECK(m.header("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
    CHECK(m.body.find("vanthu_queue_depth{state=\"queued\"} 2\n") != std::string::npos);
    CHECK(m.body.find("vanthu_http_responses_total{code=\"2xx\"} 2\n") != std::string::npos);
    CHECK(m.body.find("vanthu_http_responses_total{code=\"4xx\"} 1\n") != std::string::npos);
    CHECK(m.body.find("# TYPE vanthu_render_seconds histogram") != std::string::npos);
}

TEST_CASE("openapi_json_is_openapi_3_1_and_describes_every_route", "[http]") {
    fixture f("openapi");
    reply r = f.call("GET", "/openapi.json");
    REQUIRE(r.status == 200);
    auto doc = r.json();
    CHECK(doc->getValue<std::string>("openapi").rfind("3.1", 0) == 0);
    auto paths = doc->getObject("paths");
    REQUIRE(paths);
    struct op {
        const char* path;
        const char* method;
    };
    for (op o : {op{"/v1/render", "post"}, op{"/v1/jobs", "post"}, op{"/v1/jobs", "get"},
                 op{"/v1/jobs/{id}", "get"}, op{"/v1/jobs/{id}/result", "get"}, op{"/livez", "get"},
                 op{"/readyz", "get"}, op{"/metrics", "get"}, op{"/openapi.json", "get"},
                 op{"/v1/jobs/{id}", "delete"}, op{"/v1/session", "post"}, op{"/v1/session", "get"},
                 op{"/v1/session", "delete"}, op{"/verify/{code}", "get"},
                 op{"/v1/certificates/{record_id}/{recipient_id}", "delete"}}) {
        INFO(o.method << " " << o.path);
        REQUIRE(paths->has(o.path));
        CHECK(paths->getObject(o.path)->has(o.method));
    }
    // POST /v1/jobs takes the split flag, and a job's result may be a ZIP.
    auto submit_params = paths->getObject("/v1/jobs")->getObject("post")->getArray("parameters");
    REQUIRE(submit_params);
    bool has_split = false;
    for (std::size_t i = 0; i < submit_params->size(); ++i)
        has_split = has_split || submit_params->getObject(static_cast<unsigned>(i))->getValue<std::string>("name") == "split";
    CHECK(has_split);
    auto result_types = paths->getObject("/v1/jobs/{id}/result")->getObject("get")->getObject("responses")
                            ->getObject("200")->getObject("content");
    CHECK(result_types->has("application/pdf"));
    CHECK(result_types->has("application/zip"));
    // The security schemes, and the open routes marked open.
    auto schemes = doc->getObject("components")->getObject("securitySchemes");
    REQUIRE(schemes);
    CHECK(schemes->getObject("bearer")->getValue<std::string>("scheme") == "bearer");
    CHECK(schemes->getObject("sessionCookie")->getValue<std::string>("name") == "vanthu_session");
    CHECK(paths->getObject("/livez")->getObject("get")->getArray("security")->size() == 0);
    CHECK(paths->getObject("/v1/jobs")->getObject("get")->getObject("responses")->has("401"));
    // servers names the address this worker answered on; the rest is the file in the repo.
    CHECK(doc->getArray("servers")->getObject(0)->getValue<std::string>("url") ==
          "http://127.0.0.1:" + std::to_string(f.port()));
    auto built = Poco::JSON::Parser().parse(http::openapi_document()).extract<Poco::JSON::Object::Ptr>();
    doc->remove("servers");
    built->remove("servers");
    std::ostringstream served, kept;
    doc->stringify(served);
    built->stringify(kept);
    CHECK(served.str() == kept.str());
}

TEST_CASE("a_client_that_stalls_mid_body_is_cut_off_by_the_timeout", "[http]") {
    api_test::server_setup setup;
    setup.api.timeout_s = 1;
    fixture f("timeout", setup);
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(f.port())));
    const std::string head = "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n<meet";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    const auto start = std::chrono::steady_clock::now();
    char buf[4096];
    std::string answer;
    for (int n; (n = socket.receiveBytes(buf, sizeof buf)) > 0;) answer.append(buf, static_cast<std::size_t>(n));
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(waited < 5.0);  // the server let go, well before the client's own 10 s
    CHECK(answer.find("HTTP/1.1 408 ") == 0);
    // And the server still serves others.
    CHECK(f.call("GET", "/livez").status == 200);
}

TEST_CASE("post_render_split_answers_a_zip_of_one_pdf_per_recipient", "[http]") {
    fixture f("split");
    const std::string record = test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml"));
    std::vector<std::string> direct;
    render::result whole = render::render_split(record, api_test::source_render_options(),
        [&direct](const std::string&, const std::string& pdf, std::string&) { direct.push_back(pdf); return true; });
    REQUIRE(whole);
    REQUIRE(direct.size() >= 2);
    reply r = f.call("POST", "/v1/render?split=1", record);
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type") == "application/zip");
    std::istringstream zip_in(r.body);
    Poco::Zip::ZipArchive archive(zip_in);
    std::vector<std::string> entries;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        CHECK(it->first.size() > 4);
        CHECK(it->first.substr(it->first.size() - 4) == ".pdf");
        std::istringstream again(r.body);
        Poco::Zip::ZipInputStream entry(again, it->second);
        std::string bytes;
        Poco::StreamCopier::copyToString(entry, bytes);
        entries.push_back(bytes);
    }
    CHECK(entries == direct);
    CHECK(f.call("POST", "/v1/render?split=1", record).body == r.body);  // deterministic
    // A template that does not make pages per recipient cannot be split.
    CHECK(f.call("POST", "/v1/render?split=1", sample_record("http-split-meeting")).status == 422);
}

TEST_CASE("a_split_job_keeps_its_flag_and_its_result_is_the_zip", "[http]") {
    api_test::server_setup setup;
    setup.with_pool = true;
    fixture f("split-job", setup);
    const std::string record = test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml"));
    CHECK(f.call("POST", "/v1/jobs?split=yes", record).status == 400);
    reply accepted = f.call("POST", "/v1/jobs?split=1", record);
    REQUIRE(accepted.status == 202);
    CHECK(accepted.json()->getValue<bool>("split"));
    // The same record asking for one PDF is another job: a conflict, not the split one.
    CHECK(f.call("POST", "/v1/jobs", record).status == 409);
    CHECK(f.call("POST", "/v1/jobs?split=1", record).header("Location") == accepted.header("Location"));
    auto job = wait_for_job(f, accepted.header("Location"));
    REQUIRE(job->getValue<std::string>("state") == "done");
    CHECK(job->getValue<bool>("split"));
    render::result direct = render::render_zip(record, api_test::source_render_options());
    REQUIRE(direct);
    reply zip = f.call("GET", job->getValue<std::string>("result"));
    CHECK(zip.status == 200);
    CHECK(zip.header("Content-Type") == "application/zip");
    CHECK(zip.header("Content-Disposition").find(".zip\"") != std::string::npos);
    CHECK(zip.body == direct.pdf);
    CHECK(zip.body == f.call("POST", "/v1/render?split=1", record).body);
    // Its pages are all the recipients' pages, not one ZIP.
    CHECK(job->getObject("progress")->getValue<int>("pages_done") == static_cast<int>(direct.page_count));
    CHECK(job->getObject("progress")->getValue<int>("pages_done") >= 2);
}

TEST_CASE("a_split_job_of_a_record_that_cannot_be_split_is_refused_at_submission", "[http]") {
    api_test::server_setup setup;
    setup.with_pool = true;
    fixture f("split-meeting", setup);
    reply refused = f.call("POST", "/v1/jobs?split=1", sample_record("http-split-job-meeting"));
    CHECK(refused.status == 422);  // known before queueing: never a job that can only fail
    CHECK(refused.body.find("minutes.xml") != std::string::npos);
    CHECK(refused.body.find("does not make its pages per recipient") != std::string::npos);
    CHECK(f.call("GET", "/v1/jobs").body.find("http-split-job-meeting") == std::string::npos);
}
