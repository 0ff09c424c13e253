// vanthu render --sign: the PDFs a render makes come out signed, the merged PDF once and every
// PDF of a split ZIP, each checked by pdfsig against the test CA; a key that cannot be opened
// leaves nothing written.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "sign_fixture.hpp"
#include "support/test_paths.hpp"

using namespace sign_test;

namespace {

const std::string valid = "Signature Validation: Signature is Valid.";
const std::string trusted = "Certificate Validation: Certificate is Trusted.";

// The signing options of the organisation's key, with the seal.
std::vector<std::string> as_organization() {
    const pki& p = test_pki();
    return {"--sign", "--as", "organization", "--p12", p.org_p12, "--pass-file", p.pass_file, "--image",
            test_paths::source("tests/sign/data/seal.png")};
}

std::string folder(const std::string& name) { return test_paths::scratch_dir(name + "-" + std::to_string(::getpid())); }

}  // namespace

TEST_CASE("render_sign_seals_the_minutes_in_the_blank_their_template_left") {
    const std::string dir = folder("render-sign-minutes");
    std::vector<std::string> args = {"render", "-o", dir + "/bb.pdf",
                                     test_paths::source("samples/meeting-2022-08-01-pccc-models.xml")};
    for (const std::string& a : as_organization()) args.push_back(a);
    const auto r = vanthu(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("1 PDF(s) signed as Công an thành phố Hải Phòng") != std::string::npos);
    CHECK(r.err.find("invisible") == std::string::npos);  // the seal went into the marked place
    const std::string report = pdfsig(dir + "/bb.pdf");
    INFO(report);
    CHECK(count(report, valid) == 1);
    CHECK(count(report, trusted) == 1);
    CHECK(test_paths::run_command({"qpdf", "--check", dir + "/bb.pdf"}).exit_code == 0);
    // The text is still the text: the signature is an update after it.
    const std::string text = test_paths::run_command({"pdftotext", "-raw", dir + "/bb.pdf", "-"}).out;
    CHECK(text.find("BIÊN BẢN") != std::string::npos);
}

TEST_CASE("render_split_sign_signs_every_pdf_in_the_zip") {
    const std::string dir = folder("render-sign-split");
    std::vector<std::string> args = {"render", "--split", "-o", dir + "/merit.zip",
                                     test_paths::source("samples/certification-2022-01-10-merit-pccc.xml")};
    for (const std::string& a : as_organization()) args.push_back(a);
    const auto r = vanthu(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(test_paths::run_command({"unzip", "-q", "-o", dir + "/merit.zip", "-d", dir + "/out"}).exit_code == 0);
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir + "/out")) {
        ++files;
        const std::string report = pdfsig(entry.path().string());
        INFO(entry.path().string() << "\n" << report);
        CHECK(count(report, valid) == 1);
        CHECK(count(report, trusted) == 1);
        CHECK(vanthu({"verify", entry.path().string(), "--ca", test_pki().ca_pem}).exit_code == 0);
    }
    CHECK(files == 3);
    CHECK(r.err.find("3 PDF(s) signed") != std::string::npos);
}

TEST_CASE("render_sign_refuses_bad_signing_options_and_writes_nothing_with_a_wrong_passphrase") {
    const std::string dir = folder("render-sign-refuse");
    const std::string record = test_paths::source("samples/meeting-minimal.xml");
    const pki& p = test_pki();
    // Signing options without --sign, and --sign without a key, are usage errors.
    auto stray = vanthu({"render", "-o", dir + "/a.pdf", "--p12", p.org_p12, record});
    CHECK(stray.exit_code == 64);
    CHECK(stray.err.find("they go with --sign") != std::string::npos);
    auto keyless = vanthu({"render", "-o", dir + "/a.pdf", "--sign", record});
    CHECK(keyless.exit_code == 64);
    CHECK(keyless.err.find("--p12") != std::string::npos);
    CHECK(vanthu({"render", "-o", dir + "/a.pdf", "--sign", "--p12", p.org_p12, "--pass", "x", record}).exit_code == 64);
    // A wrong passphrase: exit 65, and no PDF, signed or not.
    write_file(dir + "/wrong.pass", "not the passphrase\n");
    auto wrong = vanthu({"render", "-o", dir + "/a.pdf", "--sign", "--p12", p.org_p12, "--pass-file",
                         dir + "/wrong.pass", record});
    INFO(wrong.err);
    CHECK(wrong.exit_code == 65);
    CHECK(!std::filesystem::exists(dir + "/a.pdf"));
    CHECK(wrong.err.find("not the passphrase") == std::string::npos);
}
