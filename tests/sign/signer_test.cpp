// Signing many PDFs with one sign::signer (a batch): every file valid for pdfsig, the same
// bytes as sign_pdf, the /Contents room measured tight, a room too small refused.
#include <catch2/catch.hpp>

#include <unistd.h>

#include "sign/cms.hpp"
#include "sign/parts.hpp"
#include "sign/sign.hpp"
#include "sign_fixture.hpp"
#include "support/test_paths.hpp"

using namespace sign_test;

namespace {

const std::string valid = "Signature Validation: Signature is Valid.";
constexpr std::time_t signing_time = 1'800'000'000;  // 2027-01-15T15:00:00+07:00

// The first diagnostic's message, to show when a step fails.
std::string first_problem(const vanthu::diagnostics& problems) {
    return problems.items.empty() ? std::string() : problems.items.front().message;
}

// The signer of the PKCS#12 in the test PKI, loaded in this process.
sign::credentials load(const std::string& p12) {
    std::string pass = test_paths::read_file(test_pki().pass_file);
    pass.pop_back();  // the file's newline
    sign::credentials who;
    vanthu::diagnostics problems;
    const bool loaded = sign::load_credentials(test_paths::read_file(p12), pass, who, problems);
    INFO(first_problem(problems));
    REQUIRE(loaded);
    return who;
}

// Options with the clock and the face fixed, so two runs give the same bytes.
sign::sign_options fixed_options(sign::signer_role as, const std::string& image) {
    sign::sign_options o;
    o.as = as;
    o.image = test_paths::read_file(test_paths::source(image));
    o.now = signing_time;
    o.font_path = test_paths::source("fonts/LiberationSerif-Regular.ttf");
    return o;
}

// Two different rendered certificates with a sign-1 field in the same place (so the
// signer's second PDF reuses the first one's drawn look); the first has an annex field too.
std::vector<std::string> two_certificates() {
    const std::string dir = test_paths::scratch_dir("signer-inputs-" + std::to_string(::getpid()));
    auto r = sign_test::vanthu({"render", test_paths::source("samples/certification-2022-12-20-merit-advanced-units.xml"), "-o",
                     dir + "/other.pdf"});
    REQUIRE(r.exit_code == 0);
    return {certificate_with_fields(),
            add_unsigned_fields(test_paths::read_file(dir + "/other.pdf"), {{"sign-1", 0, 500, 82, 720, 172}})};
}

// Signs each PDF with the one signer; fails the test on any failure.
std::vector<std::string> sign_each(sign::signer& s, const std::vector<std::string>& pdfs) {
    std::vector<std::string> out;
    for (const std::string& pdf : pdfs) {
        vanthu::diagnostics problems;
        out.emplace_back();
        const sign::sign_status status = s.sign(pdf, out.back(), problems);
        INFO(first_problem(problems));
        REQUIRE(status == sign::sign_status::done);
    }
    return out;
}

}  // namespace

TEST_CASE("one_signer_signs_two_different_pdfs_and_pdfsig_finds_each_valid") {
    const std::string dir = test_paths::scratch_dir("signer-two-" + std::to_string(::getpid()));
    const std::vector<std::string> inputs = two_certificates();
    REQUIRE(inputs[0] != inputs[1]);
    const sign::credentials person = load(test_pki().person_p12), body = load(test_pki().org_p12);
    sign::signer by_person(person, fixed_options(sign::signer_role::person, "tests/sign/data/signature.png"));
    sign::signer by_body(body, fixed_options(sign::signer_role::organization, "tests/sign/data/seal.png"));
    const std::vector<std::string> signed_once = sign_each(by_person, inputs);
    const std::vector<std::string> signed_twice = sign_each(by_body, signed_once);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string path = dir + "/signed-" + std::to_string(i) + ".pdf";
        write_file(path, signed_twice[i]);
        const std::string report = pdfsig(path);
        INFO(path << "\n" << report);
        CHECK(count(report, valid) == 2);
        CHECK(count(report, "Certificate Validation: Certificate is Trusted.") == 2);
        CHECK(report.find("Signer Certificate Common Name: Nguyễn Văn An") != std::string::npos);
        CHECK(report.find("Signer Certificate Common Name: Công an thành phố Hải Phòng") != std::string::npos);
        CHECK(test_paths::run_command({"qpdf", "--check", path}).exit_code == 0);
    }
    // One look, one time: the two files carry the same appearance and signing time.
    CHECK(count(signed_twice[1], "/M (D:20270115150000+07'00')") == 2);
}

// RSA PKCS#1 v1.5 signatures are deterministic, so the bytes can be compared whole.
TEST_CASE("a_signer_gives_the_bytes_sign_pdf_gives_for_the_same_options_and_time") {
    const std::vector<std::string> inputs = two_certificates();
    const sign::credentials person = load(test_pki().person_p12);
    const sign::sign_options options = fixed_options(sign::signer_role::person, "tests/sign/data/signature.png");
    sign::signer batch(person, options);
    const std::vector<std::string> from_signer = sign_each(batch, inputs);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::string alone;
        vanthu::diagnostics problems;
        REQUIRE(sign::sign_pdf(inputs[i], person, options, alone, problems) == sign::sign_status::done);
        CHECK(alone.size() == from_signer[i].size());
        CHECK(alone == from_signer[i]);
    }
}

// The room is a trial signature's size and a few bytes, not kilobytes of zeros.
TEST_CASE("the_contents_room_is_the_measured_signature_and_a_little_more") {
    const std::vector<std::string> inputs = two_certificates();
    for (const std::string& p12 : {test_pki().person_p12, test_pki().org_p12}) {
        const sign::credentials who = load(p12);
        sign::sign_options options = fixed_options(sign::signer_role::organization, "tests/sign/data/seal.png");
        options.image.clear();  // invisible: only the signature's room is added
        sign::signer s(who, options);
        for (const std::string& pdf : sign_each(s, inputs)) {
            const signed_parts parts = extract_signature(pdf, 0);
            const std::size_t room = (pdf.size() - parts.content.size() - 2) / 2;
            INFO(p12 << ": room " << room << ", signature " << parts.der.size());
            CHECK(room >= parts.der.size());
            CHECK(room - parts.der.size() <= 100);
        }
    }
}

// A signature that does not fit its room fails with a diagnostic; the file is never handed out.
TEST_CASE("a_signature_larger_than_its_room_fails_cleanly") {
    const sign::credentials who = load(test_pki().org_p12);
    const std::string head = "%PDF-1.7\n1 0 obj\n";
    std::string file = head + sign::signature_dictionary("test", "", signing_time, 64) + "\nendobj\n%%EOF\n";
    const std::string before = file;
    vanthu::diagnostics problems;
    const sign::der_maker make_der = [&who](std::string_view first, std::string_view second, std::string& der,
                                            vanthu::diagnostics& p) {
        return sign::make_signature(first, second, who, "", "", der, p);
    };
    CHECK_FALSE(sign::fill_signature(file, head.size(), make_der, problems));
    REQUIRE(problems.items.size() == 1);
    CHECK(problems.items.front().message.find("is larger than the room made for it (64 bytes)") != std::string::npos);
    CHECK(file.find("/Contents <" + std::string(128, '0') + ">") != std::string::npos);  // nothing written into it
    CHECK(file.size() == before.size());
}
