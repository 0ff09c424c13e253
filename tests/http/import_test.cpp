// Lists over HTTP on a real worker: POST /v1/import answers the filled record, /v1/render and
// /v1/jobs take the same multipart body, and a bad list is a 422 naming its cells.
#include <catch2/catch.hpp>

#include <csignal>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace {

const std::string boundary = "----vanthu-test-7f3a";

struct part {
    std::string name;
    std::string file_name;  // empty: a plain field
    std::string bytes;
};

// A multipart/form-data body of parts.
std::string form_of(const std::vector<part>& parts) {
    std::string body;
    for (const part& p : parts) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.file_name.empty()) body += "; filename=\"" + p.file_name + "\"\r\nContent-Type: application/octet-stream";
        body += "\r\n\r\n" + p.bytes + "\r\n";
    }
    return body + "--" + boundary + "--\r\n";
}

const std::map<std::string, std::string> form_headers = {{"Content-Type", "multipart/form-data; boundary=" + boundary}};

std::string skeleton() {
    std::string s = test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml"));
    const std::size_t a = s.find("  <recipients>"), b = s.find("</recipients>\n");
    return s.erase(a, b + 14 - a);
}

std::string list(const std::string& name) { return test_paths::read_file(test_paths::source("tests/sheet/data/" + name)); }

std::unique_ptr<serve_test::serve_process> start_worker(const std::string& name) {
    const std::string dir = test_paths::scratch_dir("http-import-" + name);
    auto p = serve_test::start_serve(serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir));
    INFO(p->text());
    REQUIRE(p->wait_port() > 0);
    return p;
}

}  // namespace

TEST_CASE("post_import_answers_the_record_filled_from_the_spreadsheet", "[http][sheet]") {
    auto worker = start_worker("import");
    const int port = worker->wait_port();
    const std::string body = form_of({{"record", "skeleton.xml", skeleton()}, {"recipients", "Danh sách.xlsx", list("openpyxl.xlsx")}});
    serve_test::answer xml = serve_test::send(port, "POST", "/v1/import", body, form_headers);
    INFO(xml.body.substr(0, 400));
    REQUIRE(xml.status == 200);
    CHECK(xml.headers["content-type"] == "application/xml; charset=utf-8");
    CHECK(xml.body.find("<recipient id=\"gk-001\">\n      <rank>Đại úy</rank>\n      <name>Nguyễn Văn An</name>") != std::string::npos);
    // What the command makes of the same files, byte for byte.
    const std::string dir = test_paths::scratch_dir("http-import-cli-files");
    REQUIRE(test_paths::run_command({"sh", "-c", "cat > " + dir + "/s.xml"}, skeleton()).exit_code == 0);
    auto cli = test_paths::run_command({test_paths::vanthu_program(), "import", "--recipients",
                                        test_paths::source("tests/sheet/data/openpyxl.xlsx"), dir + "/s.xml"});
    CHECK(cli.out == xml.body);
    // JSON with the notes: a TCVN3 list says how it was read.
    auto headers = form_headers;
    headers["Accept"] = "application/json";
    serve_test::answer json = serve_test::send(
        port, "POST", "/v1/import", form_of({{"record", "", skeleton()}, {"recipients", "cu.csv", list("tcvn3.csv")}}), headers);
    REQUIRE(json.status == 200);
    auto doc = Poco::JSON::Parser().parse(json.body).extract<Poco::JSON::Object::Ptr>();
    CHECK(doc->getValue<std::string>("record").find("<name>Trần Thị Bình</name>") != std::string::npos);
    CHECK(doc->getArray("problems")->getObject(0)->getValue<std::string>("message") == "the list is not UTF-8; read as TCVN3");
    CHECK(worker->stop(SIGTERM) == 0);
}

TEST_CASE("a_bad_list_over_http_is_422_naming_each_cell_and_creates_no_job", "[http][sheet]") {
    auto worker = start_worker("bad");
    const int port = worker->wait_port();
    // A client's file name is shown by its last segment only.
    const std::string body = form_of({{"record", "", skeleton()},
                                      {"recipients", "../../etc/Danh sách.csv", "Mã,Họ và tên\nx,\nx,Trần Thị Bình\n"}});
    for (const char* path : {"/v1/import", "/v1/render", "/v1/jobs"}) {
        INFO(path);
        serve_test::answer a = serve_test::send(port, "POST", path, body, form_headers);
        REQUIRE(a.status == 422);
        auto problems = Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>()->getArray("problems");
        REQUIRE(problems->size() == 2);
        CHECK(problems->getObject(0)->getValue<std::string>("file") == "Danh sách.csv:B2");
        CHECK(problems->getObject(0)->getValue<std::string>("message") == "empty name");
        CHECK(problems->getObject(1)->getValue<std::string>("text") == "Danh sách.csv:A3: the id 'x' is also the id of row 2");
    }
    auto listed = Poco::JSON::Parser().parse(serve_test::call(port, "GET", "/v1/jobs").body).extract<Poco::JSON::Object::Ptr>();
    CHECK(listed->getArray("items")->size() == 0);
    // Not a form, or a form without its fields.
    CHECK(serve_test::call(port, "POST", "/v1/import", skeleton()).status == 415);
    CHECK(serve_test::send(port, "POST", "/v1/import", form_of({{"record", "", skeleton()}}), form_headers).status == 400);
    CHECK(serve_test::send(port, "POST", "/v1/import", "--" + boundary + "\r\ngarbage", form_headers).status == 400);
    CHECK(worker->stop(SIGTERM) == 0);
}

TEST_CASE("render_and_jobs_take_the_skeleton_and_its_list_in_one_form", "[http][sheet]") {
    auto worker = start_worker("render");
    const int port = worker->wait_port();
    const std::string body = form_of({{"record", "", skeleton()}, {"recipients", "lo.xlsx", list("libreoffice.xlsx")}});
    serve_test::answer pdf = serve_test::send(port, "POST", "/v1/render", body, form_headers);
    REQUIRE(pdf.status == 200);
    CHECK(pdf.body.rfind("%PDF-", 0) == 0);
    const std::string dir = test_paths::scratch_dir("http-import-render-pdf");
    REQUIRE(test_paths::run_command({"sh", "-c", "cat > " + dir + "/a.pdf"}, pdf.body).exit_code == 0);
    const auto text = test_paths::run_command({"pdftotext", "-raw", dir + "/a.pdf", "-"});
    CHECK(text.out.find("Đại úy Nguyễn Văn An\n") != std::string::npos);
    CHECK(text.out.find("Chợ Tam Bạc\n") != std::string::npos);
    serve_test::answer job = serve_test::send(port, "POST", "/v1/jobs", body, form_headers);
    REQUIRE(job.status == 202);
    auto done = serve_test::wait_job(port, job.location);
    CHECK(done->getValue<std::string>("state") == "done");
    CHECK(done->getValue<std::string>("record_id") == "gk-pccc-2021");
    CHECK(serve_test::call(port, "GET", job.location + "/result").body == pdf.body);
    CHECK(worker->stop(SIGTERM) == 0);
}
