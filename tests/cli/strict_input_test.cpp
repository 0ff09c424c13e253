// The vanthu command on malformed and mis-encoded records: exit 65, or a warning, as --strict-text says.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using test_paths::run_command;
using test_paths::vanthu_program;
namespace fs = std::filesystem;

namespace {

// samples/meeting-minimal.xml with its first `from` replaced by `to`, written to a scratch folder.
std::string minimal_with(const std::string& dir, const std::string& name, const std::string& from, const std::string& to) {
    std::string xml = test_paths::read_file(test_paths::source("samples/meeting-minimal.xml"));
    const std::size_t at = xml.find(from);
    REQUIRE(at != std::string::npos);
    xml.replace(at, from.size(), to);
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << xml;
    return path;
}

}  // namespace

// Line 4 of the sample is "  <place>Hải Phòng</place>": the '&' after "Hải Phòng " is column 20.
TEST_CASE("a_bare_ampersand_in_a_record_exits_65_at_its_line_and_column", "[cli]") {
    const std::string dir = test_paths::scratch_dir("cli-bare-ampersand");
    const std::string input = minimal_with(dir, "amp.xml", "<place>Hải Phòng</place>", "<place>Hải Phòng & Lạch Tray</place>");
    const std::string problem = "amp.xml:4:20: malformed XML: a bare '&' that starts no reference";
    auto checked = run_command({vanthu_program(), "check", input});
    INFO(checked.err);
    CHECK(checked.exit_code == 65);
    CHECK(checked.err.find(problem) != std::string::npos);
    auto rendered = run_command({vanthu_program(), "render", "-o", dir + "/out.pdf", input});
    INFO(rendered.err);
    CHECK(rendered.exit_code == 65);
    CHECK(rendered.err.find(problem) != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/out.pdf"));
}

TEST_CASE("vni_text_is_a_warning_and_with_strict_text_exits_65", "[cli]") {
    const std::string dir = test_paths::scratch_dir("cli-strict-text");
    const std::string input = minimal_with(dir, "vni.xml", "<place>Hải Phòng</place>", "<place>Haûi Phoøng</place>");
    const std::string warning = "vni.xml:4:3: /meeting/place: warning: text looks like VNI bytes, not Vietnamese: 'Haûi'";
    auto checked = run_command({vanthu_program(), "check", input});
    INFO(checked.err);
    CHECK(checked.exit_code == 0);
    CHECK(checked.err.find(warning) != std::string::npos);
    auto rendered = run_command({vanthu_program(), "render", "-o", dir + "/out.pdf", input});
    CHECK(rendered.exit_code == 0);
    CHECK(rendered.err.find(warning) != std::string::npos);
    CHECK(fs::exists(dir + "/out.pdf"));

    const std::string error = "vni.xml:4:3: /meeting/place: text looks like VNI bytes, not Vietnamese: 'Haûi'";
    auto strict_check = run_command({vanthu_program(), "check", "--strict-text", input});
    INFO(strict_check.err);
    CHECK(strict_check.exit_code == 65);
    CHECK(strict_check.err.find(error) != std::string::npos);
    auto strict_render = run_command({vanthu_program(), "render", "--strict-text", "-o", dir + "/strict.pdf", input});
    CHECK(strict_render.exit_code == 65);
    CHECK(strict_render.err.find(error) != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/strict.pdf"));
}
