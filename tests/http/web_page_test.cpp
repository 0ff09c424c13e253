// What the clerk's web page asks of a real worker: its files, the record schema, drafts kept
// per unit, the list of documents, and a render's page and warning counts.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <thread>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "guarded.hpp"
#include "serve_process.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;
using guarded::as_user;
using guarded::session;
using serve_test::answer;
using serve_test::send;

namespace {

const std::string page_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; frame-src 'self' blob:; "
    "object-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// The body of an answer as a JSON object.
Poco::JSON::Object::Ptr json_of(const answer& a) {
    INFO(a.body);
    return Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>();
}

// Writes a file of the page's folder.
void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// A folder of page files, with what must never be served beside them.
std::string page_folder(const std::string& dir) {
    const std::string web = dir + "/web";
    fs::create_directories(web + "/a");
    write_file(web + "/index.html", "<!doctype html><html><body>vanthu</body></html>\n");
    write_file(web + "/app.js", "export const x = 1;\n");
    write_file(web + "/style.css", "body { margin: 0 }\n");
    write_file(web + "/.hidden", "secret\n");
    write_file(web + "/notes.txt", "not a page file\n");
    write_file(web + "/a/b", "below\n");
    write_file(dir + "/outside.html", "outside\n");
    fs::create_symlink(dir + "/outside.html", web + "/link.html");
    return web;
}

// Adds a clerk of a unit to the store (REQUIREs success).
void add_clerk(const std::string& store, const std::string& name, const std::string& unit) {
    const test_paths::command_output r =
        guarded::store_command(store, "user", {"add", name, "--role", "clerk", "--unit", unit}, "mat-khau-" + name + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

// Signs a clerk added by add_clerk in.
session sign_in(int port, const std::string& name) { return guarded::sign_in(port, name, "mat-khau-" + name); }

// The minimal meeting under an id.
std::string minutes(const std::string& id) { return serve_test::meeting(id); }

// The minimal meeting under an id, without its chair.
std::string minutes_without_chair(const std::string& id) {
    std::string xml = minutes(id);
    const std::size_t from = xml.find("<chair>"), to = xml.find("</chair>") + 8;
    return xml.erase(from, to - from);
}

// The child of a schema element with this tag, or null.
Poco::JSON::Object::Ptr child_of(const Poco::JSON::Object::Ptr& e, const std::string& tag) {
    Poco::JSON::Array::Ptr children = e->getArray("children");
    for (unsigned i = 0; i < children->size(); ++i)
        if (children->getObject(i)->getValue<std::string>("tag") == tag) return children->getObject(i);
    return nullptr;
}

// The documents of a listing by id.
std::map<std::string, Poco::JSON::Object::Ptr> documents_of(const answer& a) {
    std::map<std::string, Poco::JSON::Object::Ptr> out;
    Poco::JSON::Array::Ptr items = json_of(a)->getArray("items");
    for (unsigned i = 0; i < items->size(); ++i) out[items->getObject(i)->getValue<std::string>("id")] = items->getObject(i);
    return out;
}

}  // namespace

TEST_CASE("the_web_page_is_served_with_its_policy_an_etag_and_304_and_nothing_else_of_the_folder", "[http][web]") {
    const std::string dir = test_paths::scratch_dir("web-files");
    const std::string web = page_folder(dir);
    auto p = guarded::start_guarded(guarded::store_of(dir), dir, {"-Dvanthu.web=" + web});
    const int port = p->wait_port();
    // No sign-in is needed for the page itself.
    answer index = send(port, "GET", "/");
    REQUIRE(index.status == 200);
    CHECK(index.body.find("<html>") != std::string::npos);
    CHECK(index.headers["content-type"] == "text/html; charset=utf-8");
    CHECK(index.headers["content-security-policy"] == page_policy);
    CHECK(index.headers["x-content-type-options"] == "nosniff");
    CHECK(index.headers["referrer-policy"] == "no-referrer");
    CHECK(index.headers["cache-control"] == "no-cache");
    const std::string etag = index.headers["etag"];
    REQUIRE(etag.size() > 2);
    CHECK(send(port, "GET", "/web/index.html").body == index.body);
    CHECK(send(port, "GET", "/web/app.js").headers["content-type"] == "text/javascript; charset=utf-8");
    CHECK(send(port, "GET", "/web/style.css").headers["content-type"] == "text/css; charset=utf-8");
    // The same file again: 304 without a body; a changed file has another tag.
    answer same = send(port, "GET", "/", {}, {{"If-None-Match", "\"other\", " + etag}});
    CHECK(same.status == 304);
    CHECK(same.body.empty());
    CHECK(same.headers["etag"] == etag);
    CHECK(same.headers["content-security-policy"] == page_policy);
    write_file(web + "/index.html", "<!doctype html><html><body>vanthu 2</body></html>\n");
    answer changed = send(port, "GET", "/", {}, {{"If-None-Match", etag}});
    CHECK(changed.status == 200);
    CHECK(changed.headers["etag"] != etag);
    answer head = send(port, "HEAD", "/web/app.js");
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(head.headers["content-length"] == "20");
    // Names that are not files of the folder: 404, with the page's headers all the same.
    for (const char* target : {"/web/..%2Fetc%2Fpasswd", "/web/../etc/passwd", "/web/.hidden", "/web/a/b", "/web/a",
                               "/web/notes.txt", "/web/link.html", "/web/", "/web/%2e%2e", "/web/missing.js",
                               "/web/index.html%00.js"}) {
        INFO(target);
        answer refused = send(port, "GET", target);
        CHECK(refused.status == 404);
        CHECK(refused.body.find("vanthu") == std::string::npos);
        CHECK(refused.body.find("root:") == std::string::npos);
        CHECK(refused.headers["content-security-policy"] == page_policy);
    }
    answer post = send(port, "POST", "/", "x");
    CHECK(post.status == 405);
    CHECK(post.headers["allow"] == "GET, HEAD");
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("pdf_js_is_served_from_its_own_folder_and_nothing_else_of_it", "[http][web]") {
    const std::string dir = test_paths::scratch_dir("web-pdfjs");
    const std::string web = page_folder(dir);
    const std::string pdfjs = dir + "/pdfjs";
    fs::create_directories(pdfjs);
    write_file(pdfjs + "/pdf.js", "var pdfjsLib = {};\n");
    write_file(pdfjs + "/pdf.worker.js", "self.onmessage = null;\n");
    write_file(pdfjs + "/pdf.sandbox.js", "not served\n");
    auto p = guarded::start_guarded(guarded::store_of(dir), dir, {"-Dvanthu.web=" + web, "-Dvanthu.web.pdfjs=" + pdfjs});
    const int port = p->wait_port();
    answer lib = send(port, "GET", "/web/pdfjs/pdf.js");
    REQUIRE(lib.status == 200);
    CHECK(lib.body == "var pdfjsLib = {};\n");
    CHECK(lib.headers["content-type"] == "text/javascript; charset=utf-8");
    CHECK(lib.headers["content-security-policy"] == page_policy);
    CHECK(send(port, "GET", "/web/pdfjs/pdf.worker.js").status == 200);
    // Only those two names; the page's own folder has no pdfjs/ to fall into either.
    CHECK(send(port, "GET", "/web/pdfjs/pdf.sandbox.js").status == 404);
    CHECK(send(port, "GET", "/web/pdfjs/../index.html").status != 200);
    CHECK(send(port, "GET", "/web/pdfjs/").status == 404);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("without_vanthu_web_the_worker_serves_the_page_of_its_source_tree", "[http][web]") {
    const std::string dir = test_paths::scratch_dir("web-default");
    auto p = serve_test::start_serve(serve_test::serve_args(guarded::store_of(dir), dir));
    const int port = p->wait_port();
    REQUIRE(port > 0);
    answer index = send(port, "GET", "/");
    CHECK(index.status == 200);
    CHECK(index.body.find("<html") != std::string::npos);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("the_record_schema_is_published_with_a_label_on_every_element_and_attribute", "[http][web]") {
    const std::string dir = test_paths::scratch_dir("web-schema");
    auto p = guarded::start_guarded(guarded::store_of(dir), dir);
    answer a = send(p->wait_port(), "GET", "/v1/schema");
    REQUIRE(a.status == 200);
    const Poco::JSON::Object::Ptr schema = json_of(a);
    CHECK(schema->getValue<std::string>("version") == "1");
    const Poco::JSON::Object::Ptr kinds = schema->getObject("kinds");
    REQUIRE(kinds->size() == 3);
    const Poco::JSON::Object::Ptr meeting = kinds->getObject("meeting");
    CHECK(meeting->getValue<std::string>("label") == "Biên bản cuộc họp");
    const Poco::JSON::Object::Ptr chair = child_of(meeting, "chair");
    REQUIRE(chair);
    CHECK(chair->getValue<std::string>("label") == "Chủ trì");
    CHECK(chair->getValue<bool>("required"));
    CHECK(child_of(chair, "name")->getValue<std::string>("label") == "Họ và tên");
    CHECK(child_of(meeting, "started")->getValue<std::string>("type") == "datetime");
    const Poco::JSON::Object::Ptr party = child_of(child_of(kinds->getObject("ceremony"), "parties"), "party");
    const Poco::JSON::Object::Ptr role = party->getArray("attributes")->getObject(0);
    CHECK(role->getValue<std::string>("check") == "one_of");
    CHECK(role->getArray("choices")->size() == 3);
    CHECK_FALSE(meeting->getArray("attributes")->getObject(1)->has("choices"));
    // Every element and attribute of every kind has a label of its own, not its tag.
    std::size_t seen = 0;
    std::function<void(const Poco::JSON::Object::Ptr&)> walk = [&](const Poco::JSON::Object::Ptr& e) {
        ++seen;
        INFO(e->getValue<std::string>("tag"));
        CHECK(e->getValue<std::string>("label") != e->getValue<std::string>("tag"));
        Poco::JSON::Array::Ptr attributes = e->getArray("attributes");
        for (unsigned i = 0; i < attributes->size(); ++i)
            CHECK(attributes->getObject(i)->getValue<std::string>("label") !=
                  attributes->getObject(i)->getValue<std::string>("name"));
        Poco::JSON::Array::Ptr children = e->getArray("children");
        for (unsigned i = 0; i < children->size(); ++i) walk(children->getObject(i));
    };
    for (const char* k : {"meeting", "ceremony", "certification"}) walk(kinds->getObject(k));
    CHECK(seen > 100);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_clerk_keeps_drafts_of_the_unit_with_their_problems_and_versions_another_unit_never_sees_them",
          "[http][web][drafts]") {
    const std::string dir = test_paths::scratch_dir("web-drafts");
    const std::string store = guarded::store_of(dir);
    add_clerk(store, "lan", "PC07");
    add_clerk(store, "mai", "PC07");
    add_clerk(store, "hung", "PC08");
    auto p = guarded::start_guarded(store, dir);
    const int port = p->wait_port();
    const session lan = sign_in(port, "lan"), mai = sign_in(port, "mai"), hung = sign_in(port, "hung");
    // Saved new (201), then over its version with a problem it keeps (200).
    CHECK(as_user(port, lan, "PUT", "/v1/drafts/bb-1", minutes("bb-1"), false).status == 403);
    answer created = as_user(port, lan, "PUT", "/v1/drafts/bb-1", minutes("bb-1"));
    REQUIRE(created.status == 201);
    CHECK(created.headers["etag"] == "\"v1\"");
    CHECK(created.location == "/v1/drafts/bb-1");
    CHECK(json_of(created)->getValue<int>("version") == 1);
    CHECK(json_of(created)->getValue<std::string>("kind") == "meeting");
    CHECK(json_of(created)->getArray("problems")->size() == 0);
    answer saved = as_user(port, lan, "PUT", "/v1/drafts/bb-1", minutes_without_chair("bb-1"), true,
                                 {{"If-Match", "\"v1\""}});
    REQUIRE(saved.status == 200);
    CHECK(saved.headers["etag"] == "\"v2\"");
    const Poco::JSON::Array::Ptr problems = json_of(saved)->getArray("problems");
    REQUIRE(problems->size() == 1);
    CHECK(problems->getObject(0)->getValue<std::string>("path") == "/meeting");
    CHECK(problems->getObject(0)->getValue<std::string>("message") == "missing <chair>");
    CHECK(problems->getObject(0)->getValue<std::string>("severity") == "error");
    CHECK(problems->getObject(0)->getValue<int>("line") == 2);
    // A save over a version that is gone: 412 naming the stored one.
    answer stale = as_user(port, mai, "PUT", "/v1/drafts/bb-1", minutes("bb-1"), true, {{"If-Match", "\"v1\""}});
    CHECK(stale.status == 412);
    CHECK(json_of(stale)->getValue<std::string>("detail").find("version 2") != std::string::npos);
    CHECK(as_user(port, mai, "PUT", "/v1/drafts/bb-1", minutes("bb-1"), true, {{"If-Match", "v2"}}).status == 412);
    // The unit's other clerk reads it as it was saved; another unit's clerk does not find it.
    answer read = as_user(port, mai, "GET", "/v1/drafts/bb-1");
    CHECK(read.status == 200);
    CHECK(read.body == minutes_without_chair("bb-1"));
    CHECK(read.headers["content-type"] == "application/xml; charset=utf-8");
    CHECK(read.headers["etag"] == "\"v2\"");
    CHECK(as_user(port, hung, "GET", "/v1/drafts/bb-1").status == 404);
    CHECK(as_user(port, hung, "DELETE", "/v1/drafts/bb-1").status == 404);
    CHECK(as_user(port, hung, "PUT", "/v1/drafts/bb-1", minutes("bb-1")).status == 201);  // its own
    CHECK(documents_of(as_user(port, hung, "GET", "/v1/documents")).at("bb-1")->getObject("draft")->getValue<int>("version") == 1);
    CHECK(documents_of(as_user(port, lan, "GET", "/v1/documents")).at("bb-1")->getObject("draft")->getValue<int>("version") == 2);
    // What cannot be kept as bb-2: not XML, another id, no id, another root, no record id.
    std::string broken = minutes("bb-2");
    broken.replace(broken.find("</place>"), 8, "</plac>");
    answer not_xml = as_user(port, lan, "PUT", "/v1/drafts/bb-2", broken);
    CHECK(not_xml.status == 422);
    const Poco::JSON::Object::Ptr where = json_of(not_xml)->getArray("problems")->getObject(0);
    CHECK(where->getValue<int>("line") == 4);
    CHECK(where->getValue<int>("column") > 1);
    CHECK(where->getValue<std::string>("message").rfind("malformed XML", 0) == 0);
    answer other_id = as_user(port, lan, "PUT", "/v1/drafts/bb-2", minutes("bb-3"));
    CHECK(other_id.status == 422);
    CHECK(json_of(other_id)->getArray("problems")->getObject(0)->getValue<std::string>("path") == "/meeting/@id");
    CHECK(as_user(port, lan, "PUT", "/v1/drafts/bb-2", "<minutes id=\"bb-2\"/>").status == 422);
    CHECK(as_user(port, lan, "PUT", "/v1/drafts/bb-2", "<meeting schema=\"1\"/>").status == 422);
    CHECK(as_user(port, lan, "PUT", "/v1/drafts/bb%202", "<meeting id=\"bb 2\"/>").status == 422);
    CHECK(as_user(port, lan, "GET", "/v1/drafts/bb-2").status == 404);
    // Deleted by the unit's other clerk: gone for both.
    CHECK(as_user(port, mai, "DELETE", "/v1/drafts/bb-1").status == 204);
    CHECK(as_user(port, lan, "GET", "/v1/drafts/bb-1").status == 404);
    CHECK(as_user(port, lan, "DELETE", "/v1/drafts/bb-1").status == 404);
    CHECK(as_user(port, hung, "GET", "/v1/drafts/bb-1").status == 200);
    const std::string audit = test_paths::read_file(dir + "/audit.jsonl");
    CHECK(audit.find(R"("event":"draft.save","actor":"user:lan")") != std::string::npos);
    CHECK(audit.find(R"("event":"draft.delete","actor":"user:mai")") != std::string::npos);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("the_list_of_documents_merges_a_submitted_job_with_its_draft_and_shows_its_progress", "[http][web][drafts]") {
    const std::string dir = test_paths::scratch_dir("web-documents");
    const std::string store = guarded::store_of(dir);
    add_clerk(store, "lan", "PC07");
    auto p = guarded::start_guarded(store, dir);
    const int port = p->wait_port();
    const session lan = sign_in(port, "lan");
    REQUIRE(as_user(port, lan, "PUT", "/v1/drafts/bb-1", minutes("bb-1")).status == 201);
    REQUIRE(as_user(port, lan, "PUT", "/v1/drafts/bb-draft", minutes_without_chair("bb-draft")).status == 201);
    answer issued = as_user(port, lan, "POST", "/v1/jobs", minutes("bb-1"));
    REQUIRE(issued.status == 202);
    answer job_only = as_user(port, lan, "POST", "/v1/jobs", minutes("bb-job"));
    REQUIRE(job_only.status == 202);
    for (const answer* a : {&issued, &job_only}) {
        std::map<std::string, std::string> cookie = {{"Cookie", "vanthu_session=" + lan.cookie}};
        for (int i = 0; i < 3000 && json_of(send(port, "GET", a->location, {}, cookie))->getValue<std::string>("state") != "done"; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    answer listed = as_user(port, lan, "GET", "/v1/documents");
    REQUIRE(listed.status == 200);
    std::map<std::string, Poco::JSON::Object::Ptr> docs = documents_of(listed);
    REQUIRE(docs.size() == 3);
    const Poco::JSON::Object::Ptr both = docs.at("bb-1");
    CHECK(both->getValue<std::string>("kind") == "meeting");
    CHECK(both->getValue<std::string>("title") == "Họp giao ban tuần");
    CHECK(both->getValue<std::string>("date") == "2022-08-01");
    CHECK(both->getValue<std::string>("updated_by") == "user:lan");
    CHECK(both->getObject("draft")->getValue<int>("version") == 1);
    const Poco::JSON::Object::Ptr job = both->getObject("job");
    REQUIRE(job);
    CHECK(job->getValue<std::string>("state") == "done");
    CHECK(job->getValue<int>("revision") == 1);
    CHECK(job->getValue<int>("pages") >= 1);
    CHECK(job->getValue<int>("pages_done") == job->getValue<int>("pages_total"));
    CHECK_FALSE(job->getValue<bool>("split"));
    CHECK("/v1/jobs/" + job->getValue<std::string>("id") == issued.location);
    CHECK(job->getValue<std::string>("result") == issued.location + "/result");
    CHECK(docs.at("bb-draft")->isNull("job"));
    const Poco::JSON::Object::Ptr submitted = docs.at("bb-job");
    CHECK(submitted->isNull("draft"));
    CHECK(submitted->isNull("updated_by"));
    CHECK(submitted->getValue<std::string>("kind") == "meeting");
    CHECK(submitted->getValue<std::string>("title") == "Họp giao ban tuần");
    CHECK(submitted->getObject("job")->getValue<std::string>("state") == "done");
    // The latest updated first: the jobs ended after the drafts were saved.
    Poco::JSON::Array::Ptr items = json_of(listed)->getArray("items");
    CHECK(items->getObject(2)->getValue<std::string>("id") == "bb-draft");
    // Searched by id, title or number in any letter case, and by kind.
    CHECK(documents_of(as_user(port, lan, "GET", "/v1/documents?q=BB-JOB")).size() == 1);
    CHECK(documents_of(as_user(port, lan, "GET", "/v1/documents?q=GIAO%20BAN")).size() == 3);
    CHECK(documents_of(as_user(port, lan, "GET", "/v1/documents?q=H%E1%BB%8CP")).size() == 3);  // HỌP
    CHECK(documents_of(as_user(port, lan, "GET", "/v1/documents?q=khong-co")).empty());
    CHECK(documents_of(as_user(port, lan, "GET", "/v1/documents?kind=meeting")).size() == 3);
    CHECK(documents_of(as_user(port, lan, "GET", "/v1/documents?kind=certification")).empty());
    CHECK(as_user(port, lan, "GET", "/v1/documents?kind=minutes").status == 400);
    CHECK(send(port, "GET", "/v1/documents").status == 401);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_rendered_pdf_says_its_pages_and_its_warnings_in_headers", "[http][web]") {
    const std::string dir = test_paths::scratch_dir("web-render-headers");
    auto p = serve_test::start_serve(serve_test::serve_args(guarded::store_of(dir), dir));
    const int port = p->wait_port();
    REQUIRE(port > 0);
    answer clean = send(port, "POST", "/v1/render", minutes("bb-1"));
    REQUIRE(clean.status == 200);
    CHECK(clean.headers["x-vanthu-pages"] == "1");
    CHECK(clean.headers["x-vanthu-warnings"] == "0");
    // The archive line of Nơi nhận before another line is a warning, and the PDF is made.
    std::string warned = minutes("bb-2");
    warned.insert(warned.find("</meeting>"), "<distribution><to>Lưu: VT</to><to>Phòng PC07</to></distribution>\n");
    answer with_warning = send(port, "POST", "/v1/render", warned);
    REQUIRE(with_warning.status == 200);
    CHECK(with_warning.headers["x-vanthu-warnings"] == "1");
    CHECK(p->stop(SIGTERM) == 0);
}
