// A worker given the body's key and public address puts on every certificate it renders the
// QR code of the certificate's verification page; without the key, none.
#include <catch2/catch.hpp>

#include <signal.h>

#include <fstream>
#include <regex>

#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace {

// The first recipient of the 507 sample as a record of its own.
std::string one_certificate() {
    const std::string sample =
        test_paths::read_file(test_paths::source("samples/certification-2022-11-15-fire-safe-groups.xml"));
    const std::size_t end = sample.find("</recipient>") + 12;
    return sample.substr(0, end) + "\n  </recipients>\n</certification>\n";
}

// What zbarimg reads on the first page of a PDF (empty: no code).
std::string scan_first_page(const std::string& dir, const std::string& pdf_bytes) {
    std::ofstream(dir + "/c.pdf", std::ios::binary) << pdf_bytes;
    REQUIRE(test_paths::run_command({"pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", dir + "/c.pdf", dir + "/c"}).exit_code == 0);
    return test_paths::run_command({"zbarimg", "-q", "--raw", dir + "/c-1.png"}).out;
}

}  // namespace

TEST_CASE("a_worker_with_the_verification_key_prints_the_qr_code_of_each_certificate", "[http][verify]") {
    const std::string dir = test_paths::scratch_dir("verify-worker");
    std::ofstream(dir + "/verify.key", std::ios::binary) << std::string(48, 'v');
    std::vector<std::string> args = serve_test::serve_args("sqlite:" + dir + "/vanthu.db", dir);
    args.push_back("-Dvanthu.verify.key_file=" + dir + "/verify.key");
    args.push_back("-Dvanthu.public_url=https://vanban.example.gov.vn");
    auto p = serve_test::start_serve(args);
    const int port = p->wait_port();
    REQUIRE(port > 0);
    const serve_test::answer a = serve_test::send(port, "POST", "/v1/render", one_certificate());
    REQUIRE(a.status == 200);
    CHECK(std::regex_match(scan_first_page(dir, a.body),
                           std::regex("https://vanban\\.example\\.gov\\.vn/verify/[A-Za-z0-9_-]{16}\n")));
    CHECK(p->stop(SIGTERM) == 0);

    // A key file too short stops the worker at start, naming the key.
    const std::string short_dir = test_paths::scratch_dir("verify-worker-short");
    std::ofstream(short_dir + "/verify.key", std::ios::binary) << "short";
    std::vector<std::string> bad = serve_test::serve_args("sqlite:" + short_dir + "/vanthu.db", short_dir);
    bad.push_back("-Dvanthu.verify.key_file=" + short_dir + "/verify.key");
    auto q = serve_test::start_serve(bad);
    CHECK(q->wait_port() <= 0);
    CHECK(q->stop(SIGTERM) == 78);
}
