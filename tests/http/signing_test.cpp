// A worker given the body's key (vanthu.sign.*) seals the results of jobs asking
// sign=organization, for clients with the signer scope only; a job asking sign=person waits,
// as awaiting_signature, for the PDF a person signed on their own machine, takes it back only
// when it is the job's own PDF with a valid signature appended, and then puts the seal on it.
#include <catch2/catch.hpp>

#include <signal.h>

#include <fstream>

#include "../sign/sign_fixture.hpp"
#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace {

const std::string valid = "Signature Validation: Signature is Valid.";

struct signing_worker {
    std::string dir, clerk, signer;
    std::unique_ptr<serve_test::serve_process> process;
    int port = 0;
};

// The token `vanthu token add NAME --scope SCOPES` prints.
std::string add_token(const std::string& dir, const std::string& name, const std::string& scopes) {
    test_paths::command_output r = test_paths::run_command({test_paths::vanthu_program(), "token", "add", name, "--scope",
                                                            scopes, "-Dvanthu.store=sqlite:" + dir + "/vanthu.db"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out.substr(7, r.out.find('\n') - 7);
}

// A worker with authentication, the organisation's key and seal, and the test CA as the trust
// anchor of persons' signatures; a clerk's token and a signer's.
signing_worker start_signing(const std::string& name) {
    signing_worker w;
    w.dir = test_paths::scratch_dir(name);
    w.clerk = add_token(w.dir, "van-thu", "submit,read");
    w.signer = add_token(w.dir, "lanh-dao", "submit,read,signer");
    const sign_test::pki& p = sign_test::test_pki();
    std::vector<std::string> args = serve_test::serve_args("sqlite:" + w.dir + "/vanthu.db", w.dir);
    args.front() = "-Dvanthu.auth=required";
    for (const std::string& s : {"-Dvanthu.sign.p12=" + p.org_p12, "-Dvanthu.sign.pass_file=" + p.pass_file,
                                 "-Dvanthu.sign.image=" + test_paths::source("tests/sign/data/seal.png"),
                                 "-Dvanthu.sign.trust=" + p.ca_pem})
        args.push_back(s);
    w.process = serve_test::start_serve(args);
    w.port = w.process->wait_port();
    REQUIRE(w.port > 0);
    return w;
}

std::string minutes() { return test_paths::read_file(test_paths::source("samples/meeting-2022-08-01-pccc-models.xml")); }

// pdfsig's report of the bytes, written into the folder.
std::string pdfsig_of(const std::string& dir, const std::string& pdf) {
    sign_test::write_file(dir + "/check.pdf", pdf);
    return sign_test::pdfsig(dir + "/check.pdf");
}

}  // namespace

TEST_CASE("a_job_asking_sign_organization_comes_back_sealed_for_a_signer_only", "[http][sign]") {
    signing_worker w = start_signing("sign-organization");
    // A clerk may not put the body's seal on anything.
    const serve_test::answer refused = serve_test::call_as(w.port, w.clerk, "POST", "/v1/jobs?sign=organization", minutes());
    CHECK(refused.status == 403);
    CHECK(refused.body.find("signer scope") != std::string::npos);
    CHECK(serve_test::call_as(w.port, w.signer, "POST", "/v1/jobs?sign=seal", minutes()).status == 400);
    CHECK(serve_test::call_as(w.port, w.signer, "POST", "/v1/jobs?sign=person&split=1",
                              test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml")))
              .status == 422);

    const serve_test::answer a = serve_test::call_as(w.port, w.signer, "POST", "/v1/jobs?sign=organization", minutes());
    REQUIRE(a.status == 202);
    Poco::JSON::Object::Ptr job = serve_test::wait_job_as(w.port, w.signer, a.location);
    REQUIRE(job->getValue<std::string>("state") == "done");
    CHECK(job->getValue<std::string>("sign") == "organization");
    const serve_test::answer result = serve_test::call_as(w.port, w.signer, "GET", a.location + "/result");
    REQUIRE(result.status == 200);
    const std::string report = pdfsig_of(w.dir, result.body);
    INFO(report);
    CHECK(sign_test::count(report, valid) == 1);
    CHECK(report.find("Công an thành phố Hải Phòng") != std::string::npos);
    CHECK(w.process->stop(SIGTERM) == 0);
}

TEST_CASE("a_job_awaiting_a_persons_signature_takes_back_only_its_own_pdf_validly_signed", "[http][sign]") {
    signing_worker w = start_signing("sign-person");
    const sign_test::pki& p = sign_test::test_pki();
    // An API client's jobs are its own: the system that submits is the one that sends back.
    const serve_test::answer a =
        serve_test::call_as(w.port, w.signer, "POST", "/v1/jobs?sign=person,organization", minutes());
    REQUIRE(a.status == 202);
    Poco::JSON::Object::Ptr job = serve_test::wait_job_as(w.port, w.signer, a.location);
    REQUIRE(job->getValue<std::string>("state") == "awaiting_signature");
    CHECK(job->getValue<std::string>("signed") == a.location + "/signed");
    // The PDF to sign is the job's result meanwhile, with no signature yet.
    const serve_test::answer unsigned_pdf = serve_test::call_as(w.port, w.signer, "GET", a.location + "/result");
    REQUIRE(unsigned_pdf.status == 200);
    CHECK(unsigned_pdf.body.find("/ByteRange") == std::string::npos);

    // The chair signs it on their own machine.
    sign_test::write_file(w.dir + "/to-sign.pdf", unsigned_pdf.body);
    auto chair = sign_test::vanthu({"sign", w.dir + "/to-sign.pdf", "-o", w.dir + "/signed.pdf", "--p12", p.person_p12,
                                    "--pass-file", p.pass_file, "--image",
                                    test_paths::source("tests/sign/data/signature.png")});
    REQUIRE(chair.exit_code == 0);
    const std::string signed_pdf = test_paths::read_file(w.dir + "/signed.pdf");
    const std::string path = a.location + "/signed";

    // Only a signer sends it back; the PDF unchanged, another PDF, or a broken signature are refused.
    CHECK(serve_test::call_as(w.port, w.clerk, "PUT", path, signed_pdf).status == 403);
    const serve_test::answer same = serve_test::call_as(w.port, w.signer, "PUT", path, unsigned_pdf.body);
    CHECK(same.status == 422);
    std::string other = signed_pdf;
    other[unsigned_pdf.body.size() / 2] ^= 0x01;  // a byte of the job's own PDF changed
    const serve_test::answer changed = serve_test::call_as(w.port, w.signer, "PUT", path, other);
    CHECK(changed.status == 422);
    CHECK(changed.body.find("unchanged") != std::string::npos);
    std::string broken = signed_pdf;
    const std::size_t contents = broken.find("/Contents <", unsigned_pdf.body.size());
    REQUIRE(contents != std::string::npos);
    broken[contents + 60] = broken[contents + 60] == '0' ? '1' : '0';  // inside the CMS
    const serve_test::answer forged = serve_test::call_as(w.port, w.signer, "PUT", path, broken);
    CHECK(forged.status == 422);
    CHECK(forged.body.find("not valid") != std::string::npos);
    CHECK(serve_test::job_as(w.port, w.signer, a.location)->getValue<std::string>("state") == "awaiting_signature");

    // The real one: the job is done, the person's signature and the body's seal both valid.
    const serve_test::answer taken = serve_test::call_as(w.port, w.signer, "PUT", path, signed_pdf);
    INFO(taken.body);
    REQUIRE(taken.status == 200);
    CHECK(serve_test::job_as(w.port, w.signer, a.location)->getValue<std::string>("state") == "done");
    const serve_test::answer result = serve_test::call_as(w.port, w.signer, "GET", a.location + "/result");
    REQUIRE(result.status == 200);
    CHECK(result.body.compare(0, signed_pdf.size(), signed_pdf) == 0);  // the person's bytes kept as they were
    const std::string report = pdfsig_of(w.dir, result.body);
    INFO(report);
    CHECK(sign_test::count(report, valid) == 2);
    CHECK(serve_test::call_as(w.port, w.signer, "PUT", path, signed_pdf).status == 409);  // done: nothing awaits
    const std::string audit = test_paths::read_file(w.dir + "/audit.jsonl");
    CHECK(audit.find("\"job.signed\"") != std::string::npos);
    CHECK(w.process->stop(SIGTERM) == 0);
}
