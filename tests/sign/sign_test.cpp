// Signing a rendered document as a person then as the organisation, checked by tools nobody
// here wrote: pdfsig (poppler + NSS), qpdf, openssl cms, pdftotext, pdftoppm.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "sign_fixture.hpp"
#include "support/test_paths.hpp"

using namespace sign_test;

namespace {

const std::string valid = "Signature Validation: Signature is Valid.";

// The document signed by the person (RSA) with the scribble, then by the body (P-256) with
// the seal; the three files' paths in the folder.
struct signed_twice {
    std::string dir, unsigned_pdf, person_pdf, both_pdf;
};

const signed_twice& sign_twice() {
    static const signed_twice made = [] {
        signed_twice s;
        s.dir = test_paths::scratch_dir("sign-twice-" + std::to_string(::getpid()));
        s.unsigned_pdf = s.dir + "/doc.pdf";
        s.person_pdf = s.dir + "/person.pdf";
        s.both_pdf = s.dir + "/both.pdf";
        write_file(s.unsigned_pdf, certificate_with_fields());
        const pki& p = test_pki();
        auto person = vanthu({"sign", s.unsigned_pdf, "-o", s.person_pdf, "--p12", p.person_p12, "--pass-file",
                              p.pass_file, "--as", "person", "--image", test_paths::source("tests/sign/data/signature.png"),
                              "--reason", "Ký duyệt"});
        INFO(person.err);
        REQUIRE(person.exit_code == 0);
        std::string pass = test_paths::read_file(p.pass_file);
        pass.pop_back();
        ::setenv("VANTHU_TEST_PASS", pass.c_str(), 1);
        auto org = vanthu({"sign", s.person_pdf, "-o", s.both_pdf, "--p12", p.org_p12, "--pass-env", "VANTHU_TEST_PASS",
                           "--as", "organization", "--image", test_paths::source("tests/sign/data/seal.png")});
        ::unsetenv("VANTHU_TEST_PASS");
        INFO(org.err);
        REQUIRE(org.exit_code == 0);
        return s;
    }();
    return made;
}

}  // namespace

// The annex's attachment-1 field became the organisation's text stamp: no unsigned field is left.
TEST_CASE("a_person_then_the_organisation_sign_and_pdfsig_finds_both_valid") {
    const signed_twice& s = sign_twice();
    const std::string report = pdfsig(s.both_pdf);
    INFO(report);
    CHECK(count(report, valid) == 2);
    CHECK(count(report, "Certificate Validation: Certificate is Trusted.") == 2);
    CHECK(report.find("Signature Field Name: attachment-1") == std::string::npos);
    CHECK(report.find("is not signed") == std::string::npos);
    CHECK(report.find("Signer Certificate Common Name: Nguyễn Văn An") != std::string::npos);
    CHECK(report.find("Signer Certificate Common Name: Công an thành phố Hải Phòng") != std::string::npos);
    CHECK(report.find("Signature Field Name: sign-1") != std::string::npos);
    CHECK(report.find("Signature Field Name: organization") != std::string::npos);
    CHECK(report.find("Signature Type: ETSI.CAdES.detached") != std::string::npos);
}

TEST_CASE("signed_files_pass_qpdf_check") {
    const signed_twice& s = sign_twice();
    for (const std::string& pdf : {s.person_pdf, s.both_pdf}) {
        auto r = test_paths::run_command({"qpdf", "--check", pdf});
        INFO(pdf << "\n" << r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("No syntax or stream encoding errors found") != std::string::npos);
    }
}

TEST_CASE("signing_appends_and_leaves_the_earlier_bytes_untouched") {
    const signed_twice& s = sign_twice();
    const std::string before = test_paths::read_file(s.unsigned_pdf);
    const std::string person = test_paths::read_file(s.person_pdf);
    const std::string both = test_paths::read_file(s.both_pdf);
    CHECK(person.compare(0, before.size(), before) == 0);
    CHECK(both.compare(0, person.size(), person) == 0);
    CHECK(count(both, "/Prev ") == 3);  // fields, person, organisation
}

TEST_CASE("openssl_cms_verifies_each_signature_over_its_byte_range") {
    const signed_twice& s = sign_twice();
    const std::string both = test_paths::read_file(s.both_pdf);
    for (std::size_t i = 0; i < 2; ++i) {
        signed_parts parts = extract_signature(both, i);
        const std::string der = s.dir + "/sig" + std::to_string(i) + ".der";
        const std::string content = s.dir + "/content" + std::to_string(i) + ".bin";
        write_file(der, parts.der);
        write_file(content, parts.content);
        auto r = test_paths::run_command({"openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", der,
                                          "-content", content, "-CAfile", test_pki().ca_pem, "-out", "/dev/null"});
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.err.find("Verification successful") != std::string::npos);
        // PAdES: content-type, message-digest, signing-certificate-v2, and no signingTime.
        auto printed = test_paths::run_command({"openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", der});
        REQUIRE(printed.exit_code == 0);
        CHECK(printed.out.find("signingTime") == std::string::npos);
        CHECK(printed.out.find("id-smime-aa-signingCertificateV2") != std::string::npos);
        CHECK(printed.out.find("messageDigest") != std::string::npos);
    }
}

TEST_CASE("vanthu_verify_lists_both_signatures_and_what_each_covers") {
    const signed_twice& s = sign_twice();
    auto r = vanthu({"verify", s.both_pdf, "--ca", test_pki().ca_pem});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(count(r.out, ": valid") == 2);
    CHECK(r.out.find("signature 1 (field sign-1): valid\n  signer: Nguyễn Văn An") != std::string::npos);
    CHECK(r.out.find("signature 2 (field organization): valid\n  signer: Công an thành phố Hải Phòng") != std::string::npos);
    CHECK(r.out.find("covers: revision 3 of 4; later revisions were appended after it") != std::string::npos);
    CHECK(r.out.find("covers: revision 4 of 4, the whole file") != std::string::npos);
    CHECK(r.out.find("+07:00 (claimed by the signer)") != std::string::npos);
}

TEST_CASE("the_signed_document_keeps_its_vietnamese_text") {
    const signed_twice& s = sign_twice();
    auto r = test_paths::run_command({"pdftotext", "-raw", s.both_pdf, "-"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("GIẤY KHEN") != std::string::npos);
    CHECK(r.out.find("Chợ Tam Bạc") != std::string::npos);
    CHECK(r.out.find("Đại tá Lê Trung Sơn") != std::string::npos);
    // The seal's text is drawn with an embedded Liberation Serif subset, so it extracts too
    // (on page 1 by the seal, on page 2 as the annex's stamp).
    CHECK(count(r.out, "Công an thành phố Hải Phòng") >= 2);
}

TEST_CASE("the_first_page_with_signature_and_seal_can_be_rasterised") {
    const signed_twice& s = sign_twice();
    auto r = test_paths::run_command({"pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", s.both_pdf, s.dir + "/page"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());  // poppler complains of nothing in the appearances
}

TEST_CASE("flipping_one_signed_byte_breaks_the_signature") {
    const std::string dir = test_paths::scratch_dir("sign-flip");
    const signed_twice& s = sign_twice();
    std::string bytes = test_paths::read_file(s.person_pdf);
    const std::size_t at = bytes.size() / 5;  // inside the rendered document, far from /Contents
    bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
    write_file(dir + "/flipped.pdf", bytes);
    const std::string report = pdfsig(dir + "/flipped.pdf");
    INFO(report);
    CHECK(report.find("Signature #1") != std::string::npos);
    CHECK(report.find(valid) == std::string::npos);
    auto r = vanthu({"verify", dir + "/flipped.pdf"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("NOT VALID") != std::string::npos);
}

TEST_CASE("a_pdf_without_signature_fields_gets_an_invisible_signature") {
    const std::string dir = test_paths::scratch_dir("sign-invisible");
    auto rendered = vanthu({"render", test_paths::source("samples/meeting-minimal.xml"), "-o", dir + "/plain.pdf"});
    REQUIRE(rendered.exit_code == 0);
    auto r = vanthu({"sign", dir + "/plain.pdf", "-o", dir + "/signed.pdf", "--p12", test_pki().org_p12, "--pass-file",
                     test_pki().pass_file, "--as", "organization"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("the signature is invisible, on page 1") != std::string::npos);
    CHECK(test_paths::read_file(dir + "/signed.pdf").find("/Rect [ 0 0 0 0 ]") != std::string::npos);
    CHECK(count(pdfsig(dir + "/signed.pdf"), valid) == 1);
    CHECK(vanthu({"verify", dir + "/signed.pdf"}).exit_code == 0);
}

TEST_CASE("a_person_signs_the_last_unsigned_sign_field_unless_told_another") {
    const std::string dir = test_paths::scratch_dir("sign-fields");
    auto rendered = vanthu({"render", test_paths::source("samples/meeting-minimal.xml"), "-o", dir + "/plain.pdf"});
    REQUIRE(rendered.exit_code == 0);
    write_file(dir + "/two.pdf", add_unsigned_fields(test_paths::read_file(dir + "/plain.pdf"),
                                                     {{"sign-1", 0, 60, 100, 260, 160}, {"sign-2", 0, 330, 100, 530, 160}}));
    const pki& p = test_pki();
    const std::string picture = test_paths::source("tests/sign/data/signature.png");
    auto first = vanthu({"sign", dir + "/two.pdf", "-o", dir + "/one-signed.pdf", "--p12", p.person_p12, "--pass-file",
                         p.pass_file, "--image", picture});
    REQUIRE(first.exit_code == 0);
    CHECK(first.err.find("invisible") == std::string::npos);
    auto second = vanthu({"sign", dir + "/one-signed.pdf", "-o", dir + "/both-signed.pdf", "--p12", p.org_p12,
                          "--pass-file", p.pass_file, "--field", "sign-1", "--image", picture});
    REQUIRE(second.exit_code == 0);
    auto r = vanthu({"verify", dir + "/both-signed.pdf"});
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("(field sign-2): valid\n  signer: Nguyễn Văn An") != std::string::npos);
    CHECK(r.out.find("(field sign-1): valid\n  signer: Công an thành phố Hải Phòng") != std::string::npos);
    CHECK(count(pdfsig(dir + "/both-signed.pdf"), valid) == 2);
}

// The renderer marks each signature block's blank (/VanthuSignPlaces): rendered minutes are
// signed there, the chair (the last place) first, then the secretary by name, then the body.
TEST_CASE("rendered_minutes_are_signed_in_the_blanks_their_template_left") {
    const std::string dir = test_paths::scratch_dir("sign-minutes");
    const pki& p = test_pki();
    REQUIRE(vanthu({"render", "-o", dir + "/bb.pdf",
                    test_paths::source("samples/meeting-2022-08-01-pccc-models.xml")}).exit_code == 0);
    const std::string picture = test_paths::source("tests/sign/data/signature.png");
    auto chair = vanthu({"sign", dir + "/bb.pdf", "-o", dir + "/chair.pdf", "--p12", p.person_p12, "--pass-file",
                         p.pass_file, "--as", "person", "--image", picture});
    INFO(chair.err);
    REQUIRE(chair.exit_code == 0);
    CHECK(chair.err.find("invisible") == std::string::npos);
    auto secretary = vanthu({"sign", dir + "/chair.pdf", "-o", dir + "/both.pdf", "--p12", p.person_p12,
                             "--pass-file", p.pass_file, "--as", "person", "--field", "sign-1", "--image", picture});
    REQUIRE(secretary.exit_code == 0);
    // A third person finds no unsigned place, and is told so by name.
    CHECK(vanthu({"sign", dir + "/both.pdf", "-o", dir + "/x.pdf", "--p12", p.person_p12, "--pass-file", p.pass_file,
                  "--as", "person", "--field", "sign-2"}).exit_code != 0);
    auto body = vanthu({"sign", dir + "/both.pdf", "-o", dir + "/all.pdf", "--p12", p.org_p12, "--pass-file",
                        p.pass_file, "--as", "organization", "--image", test_paths::source("tests/sign/data/seal.png")});
    REQUIRE(body.exit_code == 0);
    const std::string report = pdfsig(dir + "/all.pdf");
    INFO(report);
    CHECK(count(report, valid) == 3);
    CHECK(report.find("Signature Field Name: sign-2") < report.find("Signature Field Name: sign-1"));
    CHECK(vanthu({"verify", dir + "/all.pdf", "--ca", p.ca_pem}).exit_code == 0);
    // The chair's widget is the place the renderer marked on the last page, to the point.
    const std::string bytes = test_paths::read_file(dir + "/all.pdf");
    const std::size_t marked = bytes.find("/VanthuSignPlaces");
    REQUIRE(marked != std::string::npos);
    const std::size_t second = bytes.find('[', bytes.find(']', bytes.find('[', bytes.find('[', marked) + 1)) + 1);
    const std::string chair_place = bytes.substr(second + 1, bytes.find(']', second) - second - 1);
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    REQUIRE(std::sscanf(chair_place.c_str(), "%lf %lf %lf %lf", &x0, &y0, &x1, &y1) == 4);
    char expected[96];
    std::snprintf(expected, sizeof expected, "/T (sign-2)");
    CHECK(bytes.find(expected) != std::string::npos);
    CHECK(x1 > x0);
    CHECK(y1 - y0 == Approx(3 * 72 / 2.54).epsilon(0.001));  // the template's 3 cm blank
    // The body's name and the time stay in the chair's column (they ran over the secretary's
    // signature, left of the seal): the time's word starts at the chair's place or right of it.
    auto text = test_paths::run_command({"pdftotext", "-bbox", "-f", "3", "-l", "3", dir + "/all.pdf", "-"});
    REQUIRE(text.exit_code == 0);
    const std::size_t time_word = text.out.find("+07:00</word>");
    REQUIRE(time_word != std::string::npos);
    const std::size_t x_min = text.out.rfind("xMin=\"", time_word);
    REQUIRE(x_min != std::string::npos);
    INFO(text.out.substr(x_min, time_word - x_min));
    CHECK(std::atof(text.out.c_str() + x_min + 6) >= x0 - 0.5);
}

// A body's name too long for one line beside the seal is broken at spaces into lines of the
// seal's text box (240 pt), the time under them, all of it on the page and nothing clipped.
TEST_CASE("a_long_body_name_beside_the_seal_is_broken_into_lines_of_its_box") {
    const std::string dir = test_paths::scratch_dir("sign-long-name");
    const std::string name = "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an thành phố Hải Phòng";
    write_file(dir + "/doc.pdf", certificate_with_fields());
    const pki& p = test_pki();
    auto r = vanthu({"sign", dir + "/doc.pdf", "-o", dir + "/sealed.pdf", "--p12", p.org_p12, "--pass-file", p.pass_file,
                     "--as", "organization", "--image", test_paths::source("tests/sign/data/seal.png"), "--name", name});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(count(pdfsig(dir + "/sealed.pdf"), valid) == 1);
    auto text = test_paths::run_command({"pdftotext", "-bbox", "-f", "1", "-l", "1", dir + "/sealed.pdf", "-"});
    REQUIRE(text.exit_code == 0);
    struct word {
        std::string text;
        double x0, y0, x1;
    };
    std::vector<word> words;
    for (std::size_t at = text.out.find("<word "); at != std::string::npos; at = text.out.find("<word ", at + 1)) {
        word w{};
        if (std::sscanf(text.out.c_str() + at, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\"", &w.x0, &w.y0, &w.x1) != 3)
            continue;
        const std::size_t open = text.out.find('>', at) + 1;
        w.text = text.out.substr(open, text.out.find("</word>", open) - open);
        words.push_back(w);
    }
    std::vector<std::string> wanted;
    for (std::size_t from = 0; from < name.size();) {
        std::size_t space = std::min(name.find(' ', from), name.size());
        wanted.push_back(name.substr(from, space - from));
        from = space + 1;
    }
    std::size_t first = 0;
    while (first + wanted.size() <= words.size() &&
           !std::equal(wanted.begin(), wanted.end(), words.begin() + static_cast<std::ptrdiff_t>(first),
                       [](const std::string& a, const word& b) { return a == b.text; }))
        ++first;
    INFO(text.out);
    REQUIRE(first + wanted.size() <= words.size());  // every word of the name, in order
    double left = 1e9, right = 0;
    std::set<long> lines;
    for (std::size_t i = first; i < first + wanted.size(); ++i) {
        left = std::min(left, words[i].x0);
        right = std::max(right, words[i].x1);
        lines.insert(std::lround(words[i].y0));
    }
    CHECK(lines.size() >= 2);           // broken
    CHECK(right - left <= 240 + 0.5);   // within the box
    CHECK(left >= 0);
    const std::size_t time = first + wanted.size();  // the time follows, on a line of its own below
    REQUIRE(time < words.size());
    CHECK(words[time].text.find("+07:00") != std::string::npos);
    CHECK(std::lround(words[time].y0) > *lines.rbegin());
}
