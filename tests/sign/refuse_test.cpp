// What sign and verify refuse, and how they say it: PDFs they cannot update, keys that do
// not open, passphrases on the command line, documents without signatures.
#include <catch2/catch.hpp>

#include <filesystem>

#include "sign_fixture.hpp"
#include "support/test_paths.hpp"

using namespace sign_test;

namespace {

// A rendered document, unsigned, in the folder.
std::string plain_pdf(const std::string& dir) {
    auto r = vanthu({"render", test_paths::source("samples/meeting-minimal.xml"), "-o", dir + "/plain.pdf"});
    REQUIRE(r.exit_code == 0);
    return dir + "/plain.pdf";
}

// vanthu sign with the person's key from the pass file, IN to OUT.
test_paths::command_output sign_as_person(const std::string& in, const std::string& out) {
    return vanthu({"sign", in, "-o", out, "--p12", test_pki().person_p12, "--pass-file", test_pki().pass_file});
}

}  // namespace

TEST_CASE("sign_refuses_pdfs_with_cross_reference_streams_or_encryption") {
    const std::string dir = test_paths::scratch_dir("sign-refuse-pdf");
    const std::string plain = plain_pdf(dir);
    REQUIRE(test_paths::run_command({"qpdf", "--object-streams=generate", plain, dir + "/streams.pdf"}).exit_code == 0);
    REQUIRE(test_paths::run_command({"qpdf", "--encrypt", "u", "o", "256", "--", plain, dir + "/encrypted.pdf"}).exit_code == 0);
    auto streams = sign_as_person(dir + "/streams.pdf", dir + "/out.pdf");
    CHECK(streams.exit_code == 65);
    CHECK(streams.err.find("cannot sign: ") != std::string::npos);
    CHECK(streams.err.find("cross-reference streams") != std::string::npos);
    auto encrypted = sign_as_person(dir + "/encrypted.pdf", dir + "/out.pdf");
    INFO(encrypted.err);
    CHECK(encrypted.exit_code == 65);
    CHECK(encrypted.err.find("cannot sign: ") != std::string::npos);
    CHECK(!std::filesystem::exists(dir + "/out.pdf"));
}

TEST_CASE("a_wrong_passphrase_writes_nothing_and_is_not_printed") {
    const std::string dir = test_paths::scratch_dir("sign-refuse-pass");
    write_file(dir + "/wrong.txt", "not the passphrase\n");
    auto r = vanthu({"sign", plain_pdf(dir), "-o", dir + "/out.pdf", "--p12", test_pki().person_p12, "--pass-file",
                     dir + "/wrong.txt"});
    CHECK(r.exit_code == 65);
    CHECK(r.err.find("cannot be opened with this passphrase") != std::string::npos);
    CHECK(r.err.find("not the passphrase") == std::string::npos);
    CHECK(!std::filesystem::exists(dir + "/out.pdf"));
}

TEST_CASE("the_passphrase_never_comes_from_the_command_line") {
    const std::string dir = test_paths::scratch_dir("sign-refuse-usage");
    const std::string plain = plain_pdf(dir);
    auto given = vanthu({"sign", plain, "-o", dir + "/out.pdf", "--p12", test_pki().person_p12, "--pass", "x"});
    CHECK(given.exit_code == 64);
    CHECK(given.err.find("never given on the command line") != std::string::npos);
    auto none = vanthu({"sign", plain, "-o", dir + "/out.pdf", "--p12", test_pki().person_p12});
    CHECK(none.exit_code == 64);
    auto role = vanthu({"sign", plain, "-o", dir + "/out.pdf", "--p12", test_pki().person_p12, "--pass-file",
                        test_pki().pass_file, "--as", "clerk"});
    CHECK(role.exit_code == 64);
}

TEST_CASE("missing_inputs_exit_66") {
    const std::string dir = test_paths::scratch_dir("sign-refuse-missing");
    auto key = vanthu({"sign", plain_pdf(dir), "-o", dir + "/out.pdf", "--p12", dir + "/none.p12", "--pass-file",
                       test_pki().pass_file});
    CHECK(key.exit_code == 66);
    CHECK(vanthu({"verify", dir + "/none.pdf"}).exit_code == 66);
}

TEST_CASE("verify_fails_a_pdf_without_signatures") {
    const std::string dir = test_paths::scratch_dir("sign-refuse-unsigned");
    auto r = vanthu({"verify", plain_pdf(dir)});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("no signature") != std::string::npos);
}

TEST_CASE("person_fills_only_an_unsigned_field_it_is_told") {
    const std::string dir = test_paths::scratch_dir("sign-refuse-field");
    write_file(dir + "/doc.pdf", certificate_with_fields());
    auto r = vanthu({"sign", dir + "/doc.pdf", "-o", dir + "/out.pdf", "--p12", test_pki().person_p12, "--pass-file",
                     test_pki().pass_file, "--field", "sign-9"});
    CHECK(r.exit_code == 65);
    CHECK(r.err.find("no unsigned signature field named 'sign-9'") != std::string::npos);
}

TEST_CASE("sign_and_verify_print_their_help") {
    for (const char* command : {"sign", "verify"}) {
        auto r = vanthu({command, "--help"});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find(std::string("usage: vanthu ") + command) != std::string::npos);
    }
}

TEST_CASE("a_prev_chain_that_loops_is_refused_not_followed_forever") {
    const std::string dir = test_paths::scratch_dir("sign-refuse-loop");
    std::string bytes = test_paths::read_file(plain_pdf(dir));
    const std::size_t at = bytes.size();
    bytes += "xref\n0 0\ntrailer\n<< /Size 1 /Root 1 0 R /Prev " + std::to_string(at) + " >>\nstartxref\n" +
             std::to_string(at) + "\n%%EOF\n";
    write_file(dir + "/loop.pdf", bytes);
    auto r = sign_as_person(dir + "/loop.pdf", dir + "/out.pdf");
    CHECK(r.exit_code == 65);
    CHECK(r.err.find("cannot sign: ") != std::string::npos);
    CHECK(r.err.find("loops") != std::string::npos);
    auto v = vanthu({"verify", dir + "/loop.pdf"});
    CHECK(v.exit_code == 65);
    CHECK(v.err.find("cannot verify: ") != std::string::npos);
}
