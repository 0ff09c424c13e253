// A worker given the body's key and public address puts on every certificate it renders the
// QR code of the certificate's verification page, and registers the certificate so that the
// page, read with a real QR reader and fetched from the running worker, says whom it certifies;
// vanthu render --register and vanthu revoke work on the same register.
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

// What zbarimg reads on one page of a PDF (empty: no code).
std::string scan_page(const std::string& dir, const std::string& pdf_bytes, int page = 1) {
    std::ofstream(dir + "/c.pdf", std::ios::binary) << pdf_bytes;
    const std::string n = std::to_string(page);
    REQUIRE(test_paths::run_command({"pdftoppm", "-r", "150", "-png", "-singlefile", "-f", n, "-l", n, dir + "/c.pdf",
                                     dir + "/c"}).exit_code == 0);
    return test_paths::run_command({"zbarimg", "-q", "--raw", dir + "/c.png"}).out;
}

std::string scan_first_page(const std::string& dir, const std::string& pdf_bytes) { return scan_page(dir, pdf_bytes); }

// The path of the verification page a scanned URL leads to: /verify/CODE.
std::string verify_path(const std::string& scanned) {
    std::smatch m;
    REQUIRE(std::regex_search(scanned, m, std::regex("https://vanban\\.example\\.gov\\.vn(/verify/[A-Za-z0-9_-]{16})")));
    return m[1].str();
}

// The same code with its last character changed.
std::string altered(std::string path) {
    path.back() = path.back() == 'A' ? 'B' : 'A';
    return path;
}

// A worker with the key, the public address and a low lookup limit.
std::unique_ptr<serve_test::serve_process> start_verifying(const std::string& dir, const std::string& per_minute) {
    std::ofstream(dir + "/verify.key", std::ios::binary) << std::string(48, 'v');
    std::vector<std::string> args = serve_test::serve_args("sqlite:" + dir + "/vanthu.db", dir);
    args.push_back("-Dvanthu.verify.key_file=" + dir + "/verify.key");
    args.push_back("-Dvanthu.public_url=https://vanban.example.gov.vn");
    args.push_back("-Dvanthu.verify.per_minute=" + per_minute);
    return serve_test::start_serve(args);
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

TEST_CASE("a_scanned_qr_code_leads_to_the_certificates_page_and_a_revocation_shows_there", "[http][verify]") {
    const std::string dir = test_paths::scratch_dir("verify-page");
    auto p = start_verifying(dir, "12");
    const int port = p->wait_port();
    REQUIRE(port > 0);

    // /v1/render: the first recipient of the fire-safe sample, found by its scanned code.
    const serve_test::answer rendered = serve_test::send(port, "POST", "/v1/render", one_certificate());
    REQUIRE(rendered.status == 200);
    const std::string path = verify_path(scan_first_page(dir, rendered.body));
    serve_test::answer page = serve_test::send(port, "GET", path);
    CHECK(page.status == 200);
    CHECK(page.headers["content-type"] == "text/html; charset=utf-8");
    CHECK(page.headers["cache-control"] == "no-store");
    CHECK(page.headers["content-security-policy"].find("default-src 'none'") != std::string::npos);
    CHECK(page.body.find("Tổ dân phố số 3") != std::string::npos);
    CHECK(page.body.find("Còn giá trị") == std::string::npos);
    CHECK(page.body.find("còn giá trị") != std::string::npos);
    CHECK(page.body.find("GIẤY CHỨNG NHẬN") != std::string::npos);
    // Nothing of the register beyond the certificate: no job, owner or worker.
    CHECK(page.body.find("job") == std::string::npos);

    // One character changed: no such certificate, said plainly.
    const serve_test::answer forged = serve_test::send(port, "GET", altered(path));
    CHECK(forged.status == 404);
    CHECK(forged.body.find("Không tìm thấy giấy này") != std::string::npos);
    CHECK(serve_test::send(port, "GET", "/verify/%3Cscript%3E").body.find("<script>") == std::string::npos);

    // A job's certificates are registered too: the second page of a two-recipient batch.
    const serve_test::answer submitted = serve_test::send(port, "POST", "/v1/jobs", serve_test::certification_of(2));
    REQUIRE(submitted.status == 202);
    REQUIRE(serve_test::wait_job(port, submitted.location)->getValue<std::string>("state") == "done");
    const serve_test::answer result = serve_test::send(port, "GET", submitted.location + "/result");
    REQUIRE(result.status == 200);
    const std::string second = verify_path(scan_page(dir, result.body, 2));
    CHECK(second != verify_path(scan_page(dir, result.body, 1)));
    CHECK(serve_test::send(port, "GET", second).status == 200);

    // Revoked by an admin (authentication is off here): the page says so; the other stands.
    serve_test::answer revoked = serve_test::send(port, "DELETE", "/v1/certificates/gcn-2/r-1?reason=c%E1%BA%A5p%20nh%E1%BA%A7m");
    CHECK(revoked.status == 200);
    CHECK(revoked.body.find("\"revoked\":1") != std::string::npos);
    page = serve_test::send(port, "GET", second);
    CHECK(page.status == 200);
    CHECK(page.body.find("Đã bị thu hồi") != std::string::npos);
    CHECK(page.body.find("cấp nhầm") == std::string::npos);  // the reason stays in the register
    CHECK(serve_test::send(port, "DELETE", "/v1/certificates/gcn-2/r-1").body.find("\"already_revoked\":true") !=
          std::string::npos);
    CHECK(serve_test::send(port, "DELETE", "/v1/certificates/gcn-2/r-9").status == 404);
    CHECK(serve_test::send(port, "GET", path).body.find("Đã bị thu hồi") == std::string::npos);

    // Twelve lookups a minute from one address, then 429 with a Vietnamese page and Retry-After.
    serve_test::answer last;
    for (int i = 0; i < 12 && last.status != 429; ++i) last = serve_test::send(port, "GET", path);
    CHECK(last.status == 429);
    CHECK(last.body.find("Quá nhiều lượt tra cứu") != std::string::npos);
    CHECK(std::stoi(last.headers["retry-after"]) > 0);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("vanthu_render_register_and_vanthu_revoke_work_on_the_workers_register", "[http][verify]") {
    const std::string dir = test_paths::scratch_dir("verify-command");
    std::ofstream(dir + "/verify.key", std::ios::binary) << std::string(48, 'v');
    const std::string store = "-Dvanthu.store=sqlite:" + dir + "/vanthu.db";
    const std::string sample = test_paths::source("samples/certification-2022-12-20-merit-advanced-units.xml");
    const std::string vanthu = test_paths::vanthu_program();

    // Without a key there is nothing to register: a usage error, and no file.
    test_paths::command_output r = test_paths::run_command({vanthu, "render", "--register", store, "-o", dir + "/a.pdf", sample});
    CHECK(r.exit_code == 64);
    CHECK(r.err.find("--verify-key") != std::string::npos);
    // A store that cannot be opened: exit 69, and no PDF whose codes lead nowhere.
    r = test_paths::run_command({vanthu, "render", "--register", "--verify-key", dir + "/verify.key",
                                 "-Dvanthu.store=postgresql://nobody@127.0.0.1:1/none", "-o", dir + "/a.pdf", sample});
    CHECK(r.exit_code == 69);
    CHECK(!std::ifstream(dir + "/a.pdf"));

    r = test_paths::run_command({vanthu, "render", "--register", "--verify-key", dir + "/verify.key", "--public-url",
                                 "https://vanban.example.gov.vn", store, "-o", dir + "/a.pdf", sample});
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("150 certificate(s) registered") != std::string::npos);
    const std::string pdf = test_paths::read_file(dir + "/a.pdf");
    const std::string first = verify_path(scan_page(dir, pdf, 1)), second = verify_path(scan_page(dir, pdf, 2));

    r = test_paths::run_command({vanthu, "revoke", "gk-dien-hinh-tien-tien-pccc-2022", "gk-0002", "--reason", "trùng", store});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "revoked 1 certificate(s) of gk-0002 in gk-dien-hinh-tien-tien-pccc-2022\n");
    CHECK(test_paths::run_command({vanthu, "revoke", "gk-dien-hinh-tien-tien-pccc-2022", "gk-0002", store}).exit_code == 0);
    CHECK(test_paths::run_command({vanthu, "revoke", "gk-dien-hinh-tien-tien-pccc-2022", "gk-9999", store}).exit_code == 65);
    CHECK(test_paths::run_command({vanthu, "revoke", "only-one-word", store}).exit_code == 64);

    auto p = start_verifying(dir, "60");
    const int port = p->wait_port();
    REQUIRE(port > 0);
    serve_test::answer page = serve_test::send(port, "GET", first);
    CHECK(page.status == 200);
    CHECK(page.body.find("Trường Trung học cơ sở Bắc Sơn") != std::string::npos);
    CHECK(page.body.find("Quyết định số 2106/QĐ-CAHP ngày 20 tháng 12 năm 2022") != std::string::npos);
    CHECK(page.body.find("Đã bị thu hồi") == std::string::npos);
    page = serve_test::send(port, "GET", second);
    CHECK(page.body.find("Tổ liên gia an toàn phòng cháy, chữa cháy số 26") != std::string::npos);
    CHECK(page.body.find("Đã bị thu hồi") != std::string::npos);
    CHECK(p->stop(SIGTERM) == 0);
}
