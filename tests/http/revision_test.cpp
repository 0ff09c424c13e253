// Revisions and job control on a real worker: a corrected record, a changed template, DELETE,
// progress while a long batch runs, a chosen template.
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

#include "serve_process.hpp"
#include "support/test_paths.hpp"

using serve_test::answer;
using serve_test::call;
using serve_test::certification_of;
using serve_test::meeting;

namespace {

// A worker with auth off on a scratch store, with extra settings.
std::unique_ptr<serve_test::serve_process> start(const std::string& dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir);
    args.insert(args.end(), extra.begin(), extra.end());
    auto p = serve_test::start_serve(args);
    INFO(p->text());
    REQUIRE(p->wait_port() > 0);
    return p;
}

Poco::JSON::Object::Ptr json_of(const answer& a) {
    return Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

TEST_CASE("a_corrected_record_is_a_409_saying_how_and_with_revise_its_next_revision", "[http][revisions]") {
    const std::string dir = test_paths::scratch_dir("revision-corrected");
    auto p = start(dir);
    const int port = p->wait_port();
    answer first = call(port, "POST", "/v1/jobs", meeting("bb-07"));
    REQUIRE(first.status == 202);
    CHECK(first.headers["retry-after"] == "1");
    REQUIRE(serve_test::wait_job(port, first.location)->getValue<std::string>("state") == "done");
    const std::string old_pdf = call(port, "GET", first.location + "/result").body;
    // The same content with other line endings and no XML declaration is the same job.
    std::string crlf = meeting("bb-07");
    crlf = crlf.substr(crlf.find("?>") + 2);
    for (std::size_t at = crlf.find('\n'); at != std::string::npos; at = crlf.find('\n', at + 2)) crlf.insert(at, "\r");
    CHECK(call(port, "POST", "/v1/jobs", crlf).location == first.location);
    answer refused = call(port, "POST", "/v1/jobs", meeting("bb-07", "Hội trường Công an quận Lê Chân"));
    CHECK(refused.status == 409);
    CHECK(refused.body.find("?revise=1") != std::string::npos);
    CHECK(refused.body.find("revision 2") != std::string::npos);
    answer second = call(port, "POST", "/v1/jobs?revise=1", meeting("bb-07", "Hội trường Công an quận Lê Chân"));
    REQUIRE(second.status == 202);
    CHECK(second.location != first.location);
    auto shown = serve_test::wait_job(port, second.location);
    CHECK(shown->getValue<int>("revision") == 2);
    Poco::JSON::Array::Ptr revisions = serve_test::job_at(port, second.location)->getArray("revisions");
    REQUIRE(revisions->size() == 2);
    CHECK(revisions->getObject(0)->getValue<std::string>("location") == first.location);
    CHECK(revisions->getObject(1)->getValue<int>("revision") == 2);
    // The first revision's result stays readable, unchanged; the second is another PDF.
    CHECK(call(port, "GET", first.location + "/result").body == old_pdf);
    CHECK(call(port, "GET", second.location + "/result").body != old_pdf);
    // Looked up by record id: both revisions.
    auto listed = json_of(call(port, "GET", "/v1/jobs?record_id=bb-07"))->getArray("items");
    CHECK(listed->size() == 2);
    CHECK(json_of(call(port, "GET", "/v1/jobs?record_id=khac"))->getArray("items")->size() == 0);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("the_same_record_after_a_template_change_is_rendered_anew", "[http][revisions]") {
    const std::string dir = test_paths::scratch_dir("revision-template");
    const std::string mine = dir + "/templates";
    std::filesystem::create_directories(mine);
    std::string minutes = test_paths::read_file(test_paths::source("templates/minutes.xml"));
    std::ofstream(mine + "/minutes.xml", std::ios::binary) << minutes;
    auto p = start(dir, {"-Dvanthu.templates=" + mine});
    const int port = p->wait_port();
    answer first = call(port, "POST", "/v1/jobs", meeting("bb-08"));
    REQUIRE(serve_test::wait_job(port, first.location)->getValue<std::string>("state") == "done");
    CHECK(call(port, "POST", "/v1/jobs", meeting("bb-08")).location == first.location);  // nothing changed
    const std::string title = ">BIÊN BẢN<";
    minutes.replace(minutes.find(title), title.size(), ">BIÊN BẢN HỌP<");
    std::ofstream(mine + "/minutes.xml", std::ios::binary | std::ios::trunc) << minutes;
    answer again = call(port, "POST", "/v1/jobs", meeting("bb-08"));
    REQUIRE(again.status == 202);
    CHECK(again.location != first.location);
    auto shown = serve_test::wait_job(port, again.location);
    CHECK(shown->getValue<std::string>("state") == "done");
    CHECK(shown->getValue<int>("revision") == 2);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_chosen_template_that_does_not_exist_is_a_422_at_submission", "[http][revisions]") {
    const std::string dir = test_paths::scratch_dir("revision-template-422");
    auto p = start(dir);
    const int port = p->wait_port();
    answer bad = call(port, "POST", "/v1/jobs?template=khong-co", meeting("bb-09"));
    CHECK(bad.status == 422);
    CHECK(bad.body.find("khong-co") != std::string::npos);
    CHECK(json_of(call(port, "GET", "/v1/jobs"))->getArray("items")->size() == 0);
    answer chosen = call(port, "POST", "/v1/jobs?template=minutes", meeting("bb-09"));
    CHECK(chosen.status == 202);
    CHECK(serve_test::wait_job(port, chosen.location)->getValue<std::string>("template") == "minutes");
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("deleting_a_running_10000_recipient_job_stops_it_and_a_done_one_loses_its_result", "[http][revisions]") {
    const std::string dir = test_paths::scratch_dir("revision-delete");
    auto p = start(dir);
    const int port = p->wait_port();
    answer big = call(port, "POST", "/v1/jobs", certification_of(10000));
    REQUIRE(big.status == 202);
    // Progress shows the size of the batch while it runs, long before it ends.
    Poco::JSON::Object::Ptr seen;
    for (int i = 0; i < 1000; ++i) {
        seen = serve_test::job_at(port, big.location);
        if (seen->getObject("progress")->getValue<int>("pages_total") > 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(seen->getValue<std::string>("state") == "running");
    CHECK(seen->getObject("progress")->getValue<int>("pages_total") == 10000);
    CHECK(seen->getObject("progress")->getValue<int>("pages_done") < 10000);
    CHECK(call(port, "DELETE", big.location).status == 204);
    CHECK(serve_test::job_at(port, big.location)->getValue<std::string>("state") == "cancelled");
    // The render, on this worker, stops at once instead of painting the rest.
    bool stopped = false;
    for (int i = 0; i < 500 && !stopped; ++i) {
        stopped = p->text().find("stopping") != std::string::npos;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    INFO("the worker's log:\n" << p->text());
    CHECK(stopped);
    CHECK(call(port, "GET", big.location + "/result").status == 409);
    CHECK(call(port, "DELETE", big.location).status == 204);  // again: nothing changes
    // A finished job: its result goes, the job stays as a record.
    answer small = call(port, "POST", "/v1/jobs", meeting("bb-10"));
    REQUIRE(serve_test::wait_job(port, small.location)->getValue<std::string>("state") == "done");
    CHECK(call(port, "DELETE", small.location).status == 204);
    CHECK(serve_test::job_at(port, small.location)->getValue<std::string>("state") == "deleted");
    CHECK(call(port, "GET", small.location + "/result").status == 409);
    CHECK(call(port, "DELETE", "/v1/jobs/khong-co-viec-nay").status == 404);
    CHECK(call(port, "PUT", small.location).status == 405);
    CHECK(p->stop(SIGTERM) == 0);
}
