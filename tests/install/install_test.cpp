// The installed program: `cmake --install` into a scratch prefix, then run with no
// configuration and no environment, far from the source tree's working directory.
#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../http/serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;
using test_paths::command_output;
using test_paths::run_command;

namespace {

// Installs this build into a fresh scratch prefix and returns the prefix.
std::string install_into(const std::string& name) {
    const std::string prefix = test_paths::scratch_dir(name);
    command_output r = run_command({VANTHU_CMAKE, "--install", test_paths::binary_dir(), "--prefix", prefix});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return prefix;
}

// argv run with an empty environment in the folder dir (env -i -C dir ...).
command_output run_bare(const std::string& dir, std::vector<std::string> argv) {
    argv.insert(argv.begin(), {"/usr/bin/env", "-i", "-C", dir});
    return run_command(argv);
}

// The PDF the build tree's program makes of a sample.
std::string built_render(const std::string& sample, const std::string& dir) {
    const std::string out = dir + "/built.pdf";
    command_output r = run_command({test_paths::vanthu_program(), "render", "-o", out, test_paths::source(sample)});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return test_paths::read_file(out);
}

}  // namespace

TEST_CASE("install_puts_the_program_its_data_its_web_page_and_the_sample_configuration_under_the_prefix", "[install]") {
    const std::string prefix = install_into("install-layout");
    CHECK(fs::is_regular_file(prefix + "/bin/vanthu"));
    CHECK(fs::is_regular_file(prefix + "/bin/vanthu-serve"));
    CHECK(fs::is_regular_file(prefix + "/share/vanthu/vanthu.properties"));
    CHECK(fs::exists(prefix + "/share/vanthu/templates"));
    CHECK_FALSE(fs::is_empty(prefix + "/share/vanthu/templates"));
    CHECK_FALSE(fs::is_empty(prefix + "/share/vanthu/fonts"));
    CHECK(fs::is_regular_file(prefix + "/share/vanthu/web/index.html"));
}

TEST_CASE("the_installed_program_renders_with_no_configuration_and_no_environment", "[install]") {
    const std::string prefix = install_into("install-render");
    const std::string work = test_paths::scratch_dir("install-render-work");
    for (const char* sample : {"samples/meeting-minimal.xml", "samples/certification-2022-01-10-merit-pccc.xml"}) {
        INFO(sample);
        command_output r = run_bare(work, {prefix + "/bin/vanthu", "render", "-o", "out.pdf", test_paths::source(sample)});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(test_paths::read_file(work + "/out.pdf") == built_render(sample, work));
    }
    // The templates come from the prefix: without them there, the installed program has none.
    fs::remove_all(prefix + "/share/vanthu/templates");
    fs::create_directories(prefix + "/share/vanthu/templates");
    command_output broken = run_bare(work, {prefix + "/bin/vanthu", "render", "-o", "out.pdf",
                                            test_paths::source("samples/meeting-minimal.xml")});
    CHECK(broken.exit_code == 78);  // the source tree's templates were not taken instead
}

TEST_CASE("the_installed_worker_finds_its_templates_fonts_and_web_page_from_its_prefix", "[install]") {
    const std::string prefix = install_into("install-serve");
    const std::string work = test_paths::scratch_dir("install-serve-work");
    // A client made with the installed program, in the store of the working folder.
    command_output added = run_bare(work, {prefix + "/bin/vanthu", "token", "add", "secretariat"});
    INFO(added.err);
    REQUIRE(added.exit_code == 0);
    REQUIRE(added.out.rfind("token: ", 0) == 0);
    const std::string token = added.out.substr(7, added.out.find('\n') - 7);
    serve_test::serve_process p("/usr/bin/env", {"-i", "-C", work, prefix + "/bin/vanthu", "serve", "-Dvanthu.http.port=0"});
    const int port = p.wait_port();
    INFO(p.text());
    REQUIRE(port > 0);
    // vanthu exec'd the installed vanthu-serve in its place: the process started is the worker.
    CHECK(fs::read_symlink("/proc/" + std::to_string(p.pid()) + "/exe") == fs::path(prefix) / "bin/vanthu-serve");
    const std::string record = test_paths::read_file(test_paths::source("samples/meeting-minimal.xml"));
    // With no configuration authentication is required: nothing is rendered without the token.
    CHECK(serve_test::call(port, "POST", "/v1/render", record).status == 401);
    serve_test::answer a = serve_test::call_as(port, token, "POST", "/v1/render", record);
    CHECK(a.status == 200);
    CHECK(a.body == built_render("samples/meeting-minimal.xml", work));
    // The web page comes from the prefix too, and needs no token.
    serve_test::answer page = serve_test::call(port, "GET", "/");
    CHECK(page.status == 200);
    CHECK(page.body == test_paths::read_file(prefix + "/share/vanthu/web/index.html"));
    CHECK(p.stop(SIGTERM) == 0);
    // With no configuration the store and the spool are made in the working folder.
    CHECK(fs::exists(work + "/var/vanthu.db"));
    CHECK(fs::is_directory(work + "/spool/incoming"));
}

TEST_CASE("the_installed_vanthu_loads_no_poco_sqlite_or_libpq_and_serve_help_works", "[install]") {
    const std::string prefix = install_into("install-libraries");
    command_output vanthu = run_command({"ldd", prefix + "/bin/vanthu"});
    INFO(vanthu.out << vanthu.err);
    REQUIRE(vanthu.exit_code == 0);
    CHECK(vanthu.out.find("libhpdf") != std::string::npos);  // ldd did list the libraries
    // libssl is linked in (statically, or shared in sanitizer builds) for https:// time-stamping.
    for (const char* lib : {"libPoco", "libsqlite3", "libpq", "libkrb5"}) {
        INFO(lib);
        CHECK(vanthu.out.find(lib) == std::string::npos);
    }
    command_output worker = run_command({"ldd", prefix + "/bin/vanthu-serve"});
    CHECK(worker.out.find("libPocoNet") != std::string::npos);
    command_output help = run_bare("/", {prefix + "/bin/vanthu", "serve", "--help"});
    INFO(help.err);
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("usage: vanthu serve") != std::string::npos);
}

TEST_CASE("the_installed_systemd_unit_restarts_on_failure_and_starts_the_installed_program", "[install]") {
    const std::string prefix = install_into("install-unit");
    const std::string unit = test_paths::read_file(prefix + "/lib/systemd/system/vanthu.service");
    std::istringstream lines(unit);
    std::vector<std::string> service;
    bool in_service = false;
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line[0] == '[') in_service = line == "[Service]";
        else if (in_service) service.push_back(line);
    }
    auto has = [&service](const std::string& line) {
        return std::find(service.begin(), service.end(), line) != service.end();
    };
    CHECK(has("Type=exec"));
    CHECK(has("Restart=on-failure"));
    std::string exec_start;
    for (const std::string& line : service)
        if (line.rfind("ExecStart=", 0) == 0) exec_start = line;
    CHECK(exec_start.rfind("ExecStart=" + prefix + "/bin/vanthu serve", 0) == 0);
}

TEST_CASE("install_puts_the_record_contract_and_its_examples_under_share_doc_vanthu", "[install]") {
    const std::string prefix = install_into("install-docs");
    const std::string doc = prefix + "/share/doc/vanthu";
    REQUIRE(fs::is_regular_file(doc + "/records.md"));
    CHECK(test_paths::read_file(doc + "/records.md") == test_paths::read_file(test_paths::source("docs/records.md")));
    for (const char* kind : {"meeting", "ceremony", "certification"}) {
        const std::string example = doc + "/examples/" + kind + ".xml";
        INFO(example);
        REQUIRE(fs::is_regular_file(example));
        command_output r = run_bare("/", {prefix + "/bin/vanthu", "check", example});
        INFO(r.err);
        CHECK(r.exit_code == 0);
    }
}

// A secretariat's folder holding only its own minutes.xml (its heading "BIÊN BẢN HỌP").
static std::string own_minutes_folder(const std::string& name) {
    const std::string dir = test_paths::scratch_dir(name);
    std::string xml = test_paths::read_file(test_paths::source("templates/minutes.xml"));
    const std::string heading = "<p style=\"doctype\">BIÊN BẢN</p>";
    REQUIRE(xml.find(heading) != std::string::npos);
    xml.replace(xml.find(heading), heading.size(), "<p style=\"doctype\">BIÊN BẢN HỌP</p>");
    std::ofstream(dir + "/minutes.xml", std::ios::binary) << xml;
    return dir;
}

TEST_CASE("the_installed_program_searches_the_templates_folder_first_then_its_own_templates", "[install]") {
    const std::string prefix = install_into("install-search");
    const std::string mine = own_minutes_folder("install-search-mine");
    const std::string work = test_paths::scratch_dir("install-search-work");
    command_output meeting = run_bare(work, {prefix + "/bin/vanthu", "render", "--templates", mine, "--dump-layout", "-o", "-",
                                             test_paths::source("samples/meeting-minimal.xml")});
    INFO(meeting.err);
    CHECK(meeting.exit_code == 0);
    CHECK(meeting.out.find("\"BIÊN BẢN HỌP\"") != std::string::npos);
    command_output certificate = run_bare(work, {prefix + "/bin/vanthu", "render", "--templates", mine, "-o", "gk.pdf",
                                                 test_paths::source("samples/certification-2022-01-10-merit-pccc.xml")});
    INFO(certificate.err);
    CHECK(certificate.exit_code == 0);
    command_output missing = run_bare(work, {prefix + "/bin/vanthu", "check", "--templates", mine, "--template", "khong-co"});
    CHECK(missing.exit_code == 78);
    CHECK(missing.err.find("no khong-co.xml in " + mine + ", " + fs::weakly_canonical(prefix + "/share/vanthu/templates").string()) !=
          std::string::npos);
}

TEST_CASE("the_installed_worker_searches_vanthu_templates_first_then_its_own_templates", "[install]") {
    const std::string prefix = install_into("install-serve-search");
    const std::string mine = own_minutes_folder("install-serve-search-mine");
    const std::string work = test_paths::scratch_dir("install-serve-search-work");
    serve_test::serve_process p("/usr/bin/env", {"-i", "-C", work, prefix + "/bin/vanthu", "serve", "-Dvanthu.auth=off", "-Dvanthu.http.port=0",
                                                 "-Dvanthu.templates=" + mine});
    const int port = p.wait_port();
    INFO(p.text());
    REQUIRE(port > 0);
    const std::string record = test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml"));
    serve_test::answer a = serve_test::call(port, "POST", "/v1/render", record);
    CHECK(a.status == 200);
    CHECK(a.body.rfind("%PDF-", 0) == 0);
    CHECK(p.stop(SIGTERM) == 0);
}
