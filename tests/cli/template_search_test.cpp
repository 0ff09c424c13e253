// The template folders: --templates DIR (or VANTHU_TEMPLATES) first, the installed templates after.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using test_paths::run_command;
using test_paths::vanthu_program;
namespace fs = std::filesystem;

namespace {

// Whether text contains part.
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A secretariat's folder holding only its own minutes.xml, whose heading says "BIÊN BẢN HỌP".
std::string folder_with_own_minutes(const std::string& name) {
    const std::string dir = test_paths::scratch_dir(name) + "/my-templates";
    fs::create_directories(dir);
    std::string xml = test_paths::read_file(test_paths::source("templates/minutes.xml"));
    const std::string heading = "<p style=\"doctype\">BIÊN BẢN</p>";
    REQUIRE(xml.find(heading) != std::string::npos);
    xml.replace(xml.find(heading), heading.size(), "<p style=\"doctype\">BIÊN BẢN HỌP</p>");
    std::ofstream(dir + "/minutes.xml", std::ios::binary) << xml;
    return dir;
}

}  // namespace

TEST_CASE("a_templates_folder_holding_only_minutes_still_renders_certificates_and_ceremonies", "[cli]") {
    const std::string dir = folder_with_own_minutes("search-only-minutes");
    const std::string out = test_paths::scratch_dir("search-only-minutes-out");
    for (const char* sample : {"samples/certification-2022-01-10-merit-pccc.xml", "samples/ceremony-2017-pledge-cluster-12.xml"}) {
        auto r = run_command({vanthu_program(), "render", "--templates", dir, "-o", out + "/", test_paths::source(sample)});
        INFO(sample << ": " << r.err);
        CHECK(r.exit_code == 0);
    }
    CHECK(fs::exists(out + "/gk-pccc-2021.pdf"));
    CHECK(fs::exists(out + "/cum12-giao-uoc-2017.pdf"));
}

TEST_CASE("the_template_in_the_templates_folder_wins_over_the_installed_one", "[cli]") {
    const std::string dir = folder_with_own_minutes("search-own-wins");
    const std::string record = test_paths::source("samples/meeting-minimal.xml");
    auto own = run_command({vanthu_program(), "render", "--dump-layout", "--templates", dir, "-o", "-", record});
    INFO(own.err);
    CHECK(own.exit_code == 0);
    CHECK(has(own.out, "\"BIÊN BẢN HỌP\""));
    auto installed = run_command({vanthu_program(), "render", "--dump-layout", "-o", "-", record});
    CHECK(has(installed.out, "\"BIÊN BẢN\""));
    CHECK_FALSE(has(installed.out, "BIÊN BẢN HỌP"));
}

TEST_CASE("vanthu_templates_in_the_environment_is_searched_before_the_installed_templates", "[cli]") {
    const std::string dir = folder_with_own_minutes("search-environment");
    ::setenv("VANTHU_TEMPLATES", dir.c_str(), 1);
    auto meeting = run_command({vanthu_program(), "render", "--dump-layout", "-o", "-", test_paths::source("samples/meeting-minimal.xml")});
    auto certificate = run_command({vanthu_program(), "render", "-o", test_paths::scratch_dir("search-environment-out") + "/gk.pdf",
                                    test_paths::source("samples/certification-2022-01-10-merit-pccc.xml")});
    ::unsetenv("VANTHU_TEMPLATES");
    CHECK(meeting.exit_code == 0);
    CHECK(has(meeting.out, "\"BIÊN BẢN HỌP\""));
    INFO(certificate.err);
    CHECK(certificate.exit_code == 0);
}

TEST_CASE("a_missing_template_names_every_folder_searched", "[cli]") {
    const std::string dir = folder_with_own_minutes("search-missing");
    auto r = run_command({vanthu_program(), "render", "--templates", dir, "--template", "bien-ban-rieng", "-o", "-",
                          test_paths::source("samples/meeting-minimal.xml")});
    INFO(r.err);
    CHECK(r.exit_code == 78);
    CHECK(has(r.err, "bien-ban-rieng.xml: cannot open the template: no bien-ban-rieng.xml in " + dir + ", " +
                         test_paths::source("templates")));
    CHECK(r.out.empty());
}

TEST_CASE("a_blank_of_template_in_the_templates_folder_finds_its_base_among_the_installed_ones", "[cli]") {
    const std::string dir = test_paths::scratch_dir("search-blank-of") + "/my-templates";
    fs::create_directories(dir);
    std::ofstream(dir + "/giay-khen-in-san.xml")
        << "<template kind=\"certification\" name=\"giay-khen-in-san\" blank-of=\"certificate-merit\"/>\n";
    auto r = run_command({vanthu_program(), "render", "--templates", dir, "--template", "giay-khen-in-san", "-o",
                          test_paths::scratch_dir("search-blank-of-out") + "/blank.pdf",
                          test_paths::source("samples/certification-2022-01-10-merit-pccc.xml")});
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("a_template_linked_out_of_the_templates_folder_is_refused_not_replaced_by_the_installed_one", "[cli]") {
    const std::string dir = test_paths::scratch_dir("search-link") + "/my-templates";
    fs::create_directories(dir);
    fs::create_symlink(test_paths::source("templates/minutes.xml"), dir + "/minutes.xml");
    auto r = run_command({vanthu_program(), "render", "--templates", dir, "-o", "-", test_paths::source("samples/meeting-minimal.xml")});
    CHECK(r.exit_code == 78);
    CHECK(has(r.err, "minutes.xml: the template is not a regular file inside the template folder"));
    CHECK(r.out.empty());
}
