// vanthu check loads and checks the template a record would use, or --template NAME alone.
#include <catch2/catch.hpp>

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

// A folder whose minutes.xml has an unknown attribute on line 2, column 11 (a typo of "size").
std::string folder_with_broken_minutes(const std::string& name) {
    const std::string dir = test_paths::scratch_dir(name) + "/templates";
    fs::create_directories(dir);
    std::ofstream(dir + "/minutes.xml") << "<template kind=\"meeting\" name=\"minutes\">\n"
                                           "  <page sise=\"A4\"/>\n"
                                           "  <body><p>Biên bản</p></body>\n"
                                           "</template>\n";
    return dir;
}

}  // namespace

TEST_CASE("check_of_a_record_fails_with_78_when_its_template_is_broken", "[cli]") {
    const std::string dir = folder_with_broken_minutes("check-broken-minutes");
    auto r = run_command({vanthu_program(), "check", "--templates", dir, test_paths::source("samples/meeting-minimal.xml")});
    INFO(r.err);
    CHECK(r.exit_code == 78);
    CHECK(has(r.err, "minutes.xml:2:9: unknown attribute 'sise' on <page>"));
    CHECK_FALSE(has(r.out, "valid"));
}

TEST_CASE("check_of_a_record_naming_a_missing_template_fails_with_78", "[cli]") {
    const std::string dir = test_paths::scratch_dir("check-missing-template");
    std::string xml = test_paths::read_file(test_paths::source("samples/meeting-minimal.xml"));
    const std::size_t root = xml.find("<meeting ");
    REQUIRE(root != std::string::npos);
    xml.insert(root + 9, "template=\"bien-ban-cu\" ");
    std::ofstream(dir + "/record.xml", std::ios::binary) << xml;
    auto r = run_command({vanthu_program(), "check", dir + "/record.xml"});
    CHECK(r.exit_code == 78);
    CHECK(has(r.err, "bien-ban-cu.xml: cannot open the template"));
}

TEST_CASE("check_of_a_good_record_names_the_template_and_the_file_it_came_from", "[cli]") {
    auto r = run_command({vanthu_program(), "check", test_paths::source("samples/certification-2022-01-10-merit-pccc.xml")});
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, ": valid certification record 'gk-pccc-2021', template 'certificate-merit' (" +
                         test_paths::source("templates/certificate-merit.xml") + ")"));
}

TEST_CASE("check_template_alone_accepts_every_installed_template", "[cli]") {
    for (const char* name : {"minutes", "pledge", "ceremony", "certificate-merit", "certificate-standard",
                             "certificate-merit-blank", "certificate-standard-blank", "annex"}) {
        auto r = run_command({vanthu_program(), "check", "--template", name});
        INFO(name << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(has(r.out, "valid template '" + std::string(name) + "'"));
    }
}

TEST_CASE("check_template_alone_reports_a_broken_template_at_file_line_column_with_78", "[cli]") {
    const std::string dir = folder_with_broken_minutes("check-template-alone");
    auto r = run_command({vanthu_program(), "check", "--templates", dir, "--template", "minutes"});
    CHECK(r.exit_code == 78);
    CHECK(has(r.err, "minutes.xml:2:9: unknown attribute 'sise' on <page>"));
    auto missing = run_command({vanthu_program(), "check", "--template", "khong-co"});
    CHECK(missing.exit_code == 78);
    CHECK(has(missing.err, "khong-co.xml: cannot open the template"));
}

TEST_CASE("check_without_a_record_or_a_template_is_a_usage_error", "[cli]") {
    auto r = run_command({vanthu_program(), "check", "--templates", "."});
    CHECK(r.exit_code == 64);
    CHECK(has(r.err, "no record given"));
}
