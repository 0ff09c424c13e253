// QR codes in templates: drawn as vector squares, read back from the printed page by a QR
// reader nobody here wrote (zbarimg), refused with the template's place when too long.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "bind/bind.hpp"
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

namespace {

// Renders the first recipients of the 507 sample with the built-in templates and a
// verification key; the QR codes the pages carry, read by zbarimg, one per page.
std::vector<std::string> scanned_codes(const std::string& dir, const std::string& key, const std::string& template_name) {
    std::ofstream(dir + "/key", std::ios::binary) << key;
    std::ofstream(dir + "/three.xml", std::ios::binary) << first_recipients(3);
    const test_paths::command_output r = test_paths::run_command(
        {test_paths::vanthu_program(), "render", "--template", template_name, "--verify-key", dir + "/key", "--public-url",
         "https://vanban.example.gov.vn/", "-o", dir + "/three.pdf", dir + "/three.xml"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(test_paths::run_command({"pdftoppm", "-r", "150", "-png", dir + "/three.pdf", dir + "/page"}).exit_code == 0);
    std::vector<std::string> out;
    for (int page = 1; page <= 3; ++page)
        out.push_back(test_paths::run_command({"zbarimg", "-q", "--raw", dir + "/page-" + std::to_string(page) + ".png"}).out);
    return out;
}

}  // namespace

TEST_CASE("a_certificate_leads_by_its_qr_code_to_the_verification_page_of_its_own_code", "[render][qr]") {
    const std::string dir = test_paths::scratch_dir("qr-verify");
    const std::string key(32, 'k');
    const std::vector<std::string> codes = scanned_codes(dir, key, "certificate-standard");
    const std::regex url("https://vanban\\.example\\.gov\\.vn/verify/([A-Za-z0-9_-]{16})\n");
    std::vector<std::string> seen;
    for (const std::string& scanned : codes) {
        std::smatch m;
        REQUIRE(std::regex_match(scanned, m, url));
        seen.push_back(m[1]);
    }
    // One code per recipient, printed beside the QR code, the HMAC of the record's and the
    // recipient's ids and register under the key.
    CHECK(seen[0] != seen[1]);
    CHECK(seen[1] != seen[2]);
    CHECK(seen[0] == bind::verify_code(key, "gcn-khu-dan-cu-an-toan-pccc-2022", "tdp-00001", "001/GCN-PC07"));
    const std::string text = test_paths::run_command({"pdftotext", "-raw", dir + "/three.pdf", "-"}).out;
    for (const std::string& code : seen) CHECK(text.find(code) != std::string::npos);
    // The pre-printed blank carries them too, the same.
    CHECK(scanned_codes(test_paths::scratch_dir("qr-verify-blank"), key, "certificate-standard-blank") == codes);
    // Without a key, no code and no QR code: the page is as it was.
    const test_paths::command_output plain = test_paths::run_command(
        {test_paths::vanthu_program(), "render", "-o", dir + "/plain.pdf", dir + "/three.xml"});
    REQUIRE(plain.exit_code == 0);
    REQUIRE(test_paths::run_command({"pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", dir + "/plain.pdf", dir + "/plain"}).exit_code == 0);
    CHECK(test_paths::run_command({"zbarimg", "-q", "--raw", dir + "/plain-1.png"}).out.empty());
}

TEST_CASE("a_verification_code_changes_with_every_part_it_covers_and_the_key", "[render][qr]") {
    const std::string key(32, 'k'), other(32, 'o');
    const std::string code = bind::verify_code(key, "gk-2022", "gk-001", "125");
    CHECK(code.size() == 16);
    CHECK(code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
    CHECK(bind::verify_code(key, "gk-2022", "gk-001", "125") == code);
    CHECK(bind::verify_code(other, "gk-2022", "gk-001", "125") != code);
    CHECK(bind::verify_code(key, "gk-2023", "gk-001", "125") != code);
    CHECK(bind::verify_code(key, "gk-2022", "gk-002", "125") != code);
    CHECK(bind::verify_code(key, "gk-2022", "gk-001", "126") != code);
    // The parts are kept apart: moving a character from one to the next is another code.
    CHECK(bind::verify_code(key, "gk-2022g", "k-001", "125") != code);
    CHECK(bind::verify_code(std::string(31, 'k'), "gk-2022", "gk-001", "125").empty());
}

TEST_CASE("a_public_url_without_a_key_or_a_short_key_is_refused", "[render][qr]") {
    const std::string dir = test_paths::scratch_dir("qr-refused");
    std::ofstream(dir + "/one.xml", std::ios::binary) << first_recipients(1);
    std::ofstream(dir + "/short", std::ios::binary) << std::string(16, 'k');
    const test_paths::command_output no_key = test_paths::run_command(
        {test_paths::vanthu_program(), "render", "--public-url", "https://x.example", "-o", dir + "/a.pdf", dir + "/one.xml"});
    CHECK(no_key.exit_code == 64);
    CHECK(no_key.err.find("needs the key") != std::string::npos);
    const test_paths::command_output short_key = test_paths::run_command(
        {test_paths::vanthu_program(), "render", "--verify-key", dir + "/short", "-o", dir + "/b.pdf", dir + "/one.xml"});
    CHECK(short_key.exit_code == 64);
    CHECK(short_key.err.find("has 16 bytes; it needs 32 or more") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/a.pdf"));
    CHECK_FALSE(fs::exists(dir + "/b.pdf"));
}
