// QR codes in templates: drawn as vector squares, read back from the printed page by a QR
// reader nobody here wrote (zbarimg), refused with the template's place when too long.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

// The built-in certificate template with a QR code of `value` placed where the blank leaves room
// (bottom right), written into dir as certificate-standard.xml.
void write_template_with_qr(const std::string& dir, const std::string& value) {
    std::string xml = test_paths::read_file(test_paths::source("templates/certificate-standard.xml"));
    const std::size_t at = xml.find("      <!-- The variable text. -->");
    REQUIRE(at != std::string::npos);
    xml.insert(at, "      <box x=\"245mm\" y=\"140mm\" width=\"24mm\" height=\"24mm\"><qr value=\"" + value +
                       "\" size=\"22mm\"/></box>\n");
    std::ofstream(dir + "/certificate-standard.xml", std::ios::binary) << xml;
}

// The 507-recipient sample cut to its first n recipients.
std::string first_recipients(std::size_t n) {
    const std::string sample =
        test_paths::read_file(test_paths::source("samples/certification-2022-11-15-fire-safe-groups.xml"));
    std::size_t end = sample.find("<recipient ");
    for (std::size_t i = 0; i < n; ++i) end = sample.find("</recipient>", end) + 12;
    return sample.substr(0, end) + "\n  </recipients>\n</certification>\n";
}

}  // namespace

TEST_CASE("a_qr_code_scans_back_to_its_text_on_every_certificate", "[render][qr]") {
    const std::string dir = test_paths::scratch_dir("qr-scan");
    write_template_with_qr(dir, "https://vanthu.example/verify/{@id}/{r/@id}");
    std::ofstream(dir + "/three.xml", std::ios::binary) << first_recipients(3);
    const test_paths::command_output rendered = test_paths::run_command(
        {test_paths::vanthu_program(), "render", "--templates", dir, "-o", dir + "/three.pdf", dir + "/three.xml"});
    INFO(rendered.err);
    REQUIRE(rendered.exit_code == 0);
    REQUIRE(test_paths::run_command({"pdftoppm", "-r", "150", "-png", dir + "/three.pdf", dir + "/page"}).exit_code == 0);
    for (const std::string id : {"tdp-00001", "tdp-00002", "tdp-00003"}) {
        const int page = id.back() - '0';
        const test_paths::command_output scan =
            test_paths::run_command({"zbarimg", "-q", "--raw", dir + "/page-" + std::to_string(page) + ".png"});
        INFO(scan.err);
        CHECK(scan.out == "https://vanthu.example/verify/gcn-khu-dan-cu-an-toan-pccc-2022/" + std::string(id) + "\n");
    }
    // Vectors, not an image: the page holds no image at all.
    const test_paths::command_output images = test_paths::run_command({"pdfimages", "-list", dir + "/three.pdf"});
    CHECK(std::count(images.out.begin(), images.out.end(), '\n') == 2);  // the header lines only
}

TEST_CASE("a_qr_code_too_long_to_encode_is_refused_at_its_place_in_the_template", "[render][qr]") {
    const std::string dir = test_paths::scratch_dir("qr-long");
    write_template_with_qr(dir, std::string(3000, 'x') + "{r/@id}");
    std::ofstream(dir + "/one.xml", std::ios::binary) << first_recipients(1);
    const test_paths::command_output r = test_paths::run_command(
        {test_paths::vanthu_program(), "render", "--templates", dir, "-o", dir + "/one.pdf", dir + "/one.xml"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("certificate-standard.xml:") != std::string::npos);
    CHECK(r.err.find("cannot make a QR code of 3009 bytes") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/one.pdf"));
}
