// HTTPS on a real worker: a test CA made here with the openssl program, curl and s_client as
// clients, TLS 1.2 and later only, and `vanthu serve` refusing certificates it cannot use.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using test_paths::command_output;
using test_paths::run_command;

namespace {

// Whether a program is on the PATH.
bool have_program(const std::string& name) {
    return run_command({"sh", "-c", "command -v " + name}).exit_code == 0;
}

// Runs the openssl program; REQUIREs success.
void openssl(const std::vector<std::string>& words) {
    std::vector<std::string> argv = {"openssl"};
    argv.insert(argv.end(), words.begin(), words.end());
    command_output r = run_command(argv);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

// A CA key and certificate (ca.pem), and a server key and certificate it signed for 127.0.0.1
// and localhost (server.pem, server.key), in dir.
void make_test_ca(const std::string& dir) {
    openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
             dir + "/ca.key", "-out", dir + "/ca.pem", "-days", "2", "-subj", "/O=Bo Cong an (thu nghiem)/CN=vanthu test CA",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
    openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/server.key", "-out", dir + "/server.csr",
             "-subj", "/CN=localhost"});
    std::ofstream(dir + "/server.ext") << "subjectAltName = IP:127.0.0.1, DNS:localhost\n"
                                          "extendedKeyUsage = serverAuth\n";
    openssl({"x509", "-req", "-in", dir + "/server.csr", "-CA", dir + "/ca.pem", "-CAkey", dir + "/ca.key",
             "-CAcreateserial", "-out", dir + "/server.pem", "-days", "2", "-extfile", dir + "/server.ext"});
}

// An OpenSSL configuration that allows TLS 1.0 and every cipher, as an old system's might: the
// worker must refuse old protocols by itself, and the clients must be willing to try them.
std::string write_permissive_openssl_conf(const std::string& dir) {
    const std::string path = dir + "/permissive.cnf";
    std::ofstream(path) << "openssl_conf = permissive_init\n[permissive_init]\nssl_conf = permissive_ssl\n"
                           "[permissive_ssl]\nsystem_default = permissive_defaults\n"
                           "[permissive_defaults]\nMinProtocol = TLSv1\nCipherString = DEFAULT:@SECLEVEL=0\n";
    return path;
}

// A worker with authentication required, HTTPS with the test CA's server certificate, started
// under the given OpenSSL configuration (empty: the system's).
std::unique_ptr<serve_test::serve_process> start_https(const std::string& dir, const std::string& openssl_conf,
                                                       const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir);
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("-Dvanthu.auth=required");
    args.push_back("-Dvanthu.http.tls.cert=" + dir + "/server.pem");
    args.push_back("-Dvanthu.http.tls.key=" + dir + "/server.key");
    if (!openssl_conf.empty()) ::setenv("OPENSSL_CONF", openssl_conf.c_str(), 1);  // inherited by the worker
    auto p = serve_test::start_serve(args);
    ::unsetenv("OPENSSL_CONF");
    INFO(p->text());
    REQUIRE(p->wait_port() > 0);
    return p;
}

// curl with the given arguments under an OpenSSL configuration (empty: the system's).
command_output curl(const std::string& openssl_conf, const std::vector<std::string>& words) {
    std::vector<std::string> argv = {"env", "OPENSSL_CONF=" + openssl_conf, "curl", "-sS", "--max-time", "20"};
    if (openssl_conf.empty()) argv.erase(argv.begin(), argv.begin() + 2);
    argv.insert(argv.end(), words.begin(), words.end());
    return run_command(argv);
}

// `openssl s_client` connecting to the worker with extra options, under a configuration.
command_output s_client(const std::string& openssl_conf, int port, const std::vector<std::string>& words) {
    std::vector<std::string> argv = {"env", "OPENSSL_CONF=" + openssl_conf, "openssl", "s_client", "-connect",
                                     "127.0.0.1:" + std::to_string(port)};
    argv.insert(argv.end(), words.begin(), words.end());
    return run_command(argv, "Q\n");
}

// The token `vanthu token add NAME` prints on its first line.
std::string add_token(const std::string& dir, const std::string& name) {
    command_output r = run_command({test_paths::vanthu_program(), "token", "add", name, "--scope", "submit,read",
                                    "-Dvanthu.store=sqlite:" + dir + "/jobs.db"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.rfind("token: ", 0) == 0);
    return r.out.substr(7, r.out.find('\n') - 7);
}

// Whether the tools these tests drive are here; WARNs about the first that is not.
bool have_tls_tools() {
    for (const char* tool : {"openssl", "curl"}) {
        if (!have_program(tool)) {
            WARN(std::string(tool) + " is not installed (.ci/install-deps installs it): HTTPS not tested");
            return false;
        }
    }
    return true;
}

}  // namespace

TEST_CASE("https_worker_answers_clients_that_trust_the_test_ca_and_nothing_over_plain_http", "[http][tls]") {
    if (!have_tls_tools()) return;
    const std::string dir = test_paths::scratch_dir("tls-https");
    make_test_ca(dir);
    const std::string token = add_token(dir, "van-phong-so-tu-phap");
    auto p = start_https(dir, "", {"-Dvanthu.metrics.port=0"});
    const std::string base = "https://127.0.0.1:" + std::to_string(p->wait_port());
    const std::string ca = dir + "/ca.pem";
    CHECK(p->text().find("over HTTPS (TLS 1.2+)") != std::string::npos);

    command_output live = curl("", {"--cacert", ca, base + "/livez"});
    INFO(live.err);
    CHECK(live.exit_code == 0);
    CHECK(live.out == "ok\n");
    CHECK(curl("", {"--cacert", ca, "https://localhost:" + std::to_string(p->wait_port()) + "/readyz"}).out == "ready\n");
    // Without the test CA the certificate is not trusted: the answers above came over TLS.
    CHECK(curl("", {base + "/livez"}).exit_code == 60);

    const std::string record = test_paths::source("samples/meeting-minimal.xml");
    command_output anonymous = curl("", {"--cacert", ca, "-o", "/dev/null", "-w", "%{http_code}", "--data-binary",
                                         "@" + record, base + "/v1/render"});
    CHECK(anonymous.out == "401");
    command_output pdf = curl("", {"--cacert", ca, "-H", "Authorization: Bearer " + token, "--data-binary",
                                   "@" + record, "-w", "\n%{http_code}", base + "/v1/render"});
    CHECK(pdf.out.rfind("%PDF-", 0) == 0);
    CHECK(pdf.out.substr(pdf.out.size() - 4) == "\n200");
    command_output job = curl("", {"--cacert", ca, "-H", "Authorization: Bearer " + token, "--data-binary",
                                   "@" + record, "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", base + "/v1/jobs"});
    CHECK(job.out.rfind("202 ", 0) == 0);

    // Plain HTTP on the HTTPS port: the handshake fails, no HTTP status line comes back.
    command_output plain = curl("", {"-i", "http://127.0.0.1:" + std::to_string(p->wait_port()) + "/livez"});
    CHECK(plain.exit_code != 0);
    CHECK(plain.out.find("HTTP/") == std::string::npos);
    // The loopback metrics listener stays plain HTTP beside it.
    const std::string key = "without tokens on 127.0.0.1:";
    const std::string log = p->text();
    REQUIRE(log.find(key) != std::string::npos);
    const std::string metrics = "http://127.0.0.1:" + std::to_string(std::stoi(log.substr(log.find(key) + key.size())));
    CHECK(curl("", {metrics + "/livez"}).out == "ok\n");
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("https_worker_refuses_tls_1_1_and_weak_ciphers_even_where_openssl_allows_them", "[http][tls]") {
    if (!have_tls_tools()) return;
    const std::string dir = test_paths::scratch_dir("tls-versions");
    make_test_ca(dir);
    const std::string loose = write_permissive_openssl_conf(dir);
    auto p = start_https(dir, loose);
    const int port = p->wait_port();
    const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/livez";
    const std::string ca = dir + "/ca.pem";

    command_output tls12 = curl(loose, {"--cacert", ca, "--tlsv1.2", "--tls-max", "1.2", url});
    INFO(tls12.err);
    CHECK(tls12.out == "ok\n");
    command_output tls11 = curl(loose, {"--cacert", ca, "--tlsv1.1", "--tls-max", "1.1", url});
    INFO(tls11.err);
    CHECK(tls11.exit_code == 35);  // the handshake failed
    CHECK(tls11.out.empty());
    CHECK(curl(loose, {"--cacert", ca, "--tlsv1.0", "--tls-max", "1.0", url}).exit_code == 35);

    command_output ok = s_client(loose, port, {"-tls1_2", "-CAfile", ca, "-servername", "localhost"});
    INFO(ok.out);
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("Protocol  : TLSv1.2") != std::string::npos);
    CHECK(ok.out.find("Cipher    : ECDHE-RSA-AES128-GCM-SHA256") != std::string::npos);  // the server's first choice
    CHECK(ok.out.find("Verify return code: 0 (ok)") != std::string::npos);
    CHECK(s_client(loose, port, {"-tls1_1", "-CAfile", ca}).exit_code != 0);
    CHECK(s_client(loose, port, {"-tls1", "-CAfile", ca}).exit_code != 0);
    // TLS 1.2 with a suite without forward secrecy, or with CBC and SHA-1: refused.
    CHECK(s_client(loose, port, {"-tls1_2", "-cipher", "AES128-SHA", "-CAfile", ca}).exit_code != 0);
    CHECK(s_client(loose, port, {"-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA", "-CAfile", ca}).exit_code != 0);
    CHECK(s_client(loose, port, {"-tls1_3", "-CAfile", ca}).exit_code == 0);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("serve_refuses_to_start_with_a_tls_file_missing_unreadable_or_not_matching_and_says_which", "[http][tls]") {
    if (!have_tls_tools()) return;
    const std::string dir = test_paths::scratch_dir("tls-refusals");
    make_test_ca(dir);
    const std::string cert = dir + "/server.pem", key = dir + "/server.key";
    openssl({"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir + "/other.key"});
    openssl({"pkey", "-in", key, "-out", dir + "/locked.key", "-aes256", "-passout", "pass:mat-khau-cu"});
    // `vanthu serve` with these TLS files; it must end at once.
    auto serve_with = [&dir](const std::string& c, const std::string& k) {
        // Bounded: a worker that started after all would end as 124, not hang the test.
        std::vector<std::string> argv = {"timeout", "20", test_paths::vanthu_program(), "serve"};
        for (const std::string& a : serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir)) argv.push_back(a);
        if (!c.empty()) argv.push_back("-Dvanthu.http.tls.cert=" + c);
        if (!k.empty()) argv.push_back("-Dvanthu.http.tls.key=" + k);
        return run_command(argv);
    };
    struct refusal {
        std::string cert, key, says;
    };
    const std::vector<refusal> cases = {
        {dir + "/missing.pem", key, "vanthu.http.tls.cert " + dir + "/missing.pem: cannot be read: No such file or directory"},
        {cert, dir + "/missing.key", "vanthu.http.tls.key " + dir + "/missing.key: cannot be read: No such file or directory"},
        {dir, key, "vanthu.http.tls.cert " + dir + ": cannot be read: it is a folder, not a PEM file"},
        {key, cert, "vanthu.http.tls.cert " + key + ": holds no PEM certificate"},
        {cert, cert, "vanthu.http.tls.key " + cert + ": holds no PEM private key"},
        {cert, dir + "/other.key", "vanthu.http.tls.key " + dir + "/other.key: does not belong to the certificate in vanthu.http.tls.cert " + cert},
        {cert, dir + "/locked.key", "vanthu.http.tls.key " + dir + "/locked.key: is encrypted"},
        {cert, "", "vanthu.http.tls.cert is set but vanthu.http.tls.key is not"},
        {"", key, "vanthu.http.tls.key is set but vanthu.http.tls.cert is not"},
    };
    for (const refusal& r : cases) {
        command_output run = serve_with(r.cert, r.key);
        INFO(r.cert << " + " << r.key << "\n" << run.err);
        CHECK(run.exit_code == 78);
        CHECK(run.err.find("vanthu serve: " + r.says) != std::string::npos);
        CHECK(run.err.find("listening on") == std::string::npos);
    }
    if (::geteuid() != 0) {  // root reads any file
        const std::string shut = dir + "/shut.key";
        std::filesystem::copy_file(key, shut);
        ::chmod(shut.c_str(), 0);
        command_output run = serve_with(cert, shut);
        CHECK(run.exit_code == 78);
        CHECK(run.err.find("vanthu.http.tls.key " + shut + ": cannot be read: Permission denied") != std::string::npos);
    }
    // Nothing was started: no store was opened.
    CHECK_FALSE(std::filesystem::exists(dir + "/jobs.db"));
}

TEST_CASE("serve_warns_at_start_about_an_expired_certificate_and_still_listens", "[http][tls]") {
    if (!have_tls_tools()) return;
    const std::string dir = test_paths::scratch_dir("tls-expired");
    make_test_ca(dir);
    // Signed yesterday for -1 days: it ended yesterday.
    openssl({"x509", "-req", "-in", dir + "/server.csr", "-CA", dir + "/ca.pem", "-CAkey", dir + "/ca.key",
             "-out", dir + "/server.pem", "-days", "-1", "-extfile", dir + "/server.ext"});
    auto p = start_https(dir, "");
    const std::string warning = "vanthu.http.tls.cert " + dir + "/server.pem: has expired: clients will refuse it";
    CHECK(p->text().find("\"level\":\"warning\",\"message\":\"" + warning + "\"") != std::string::npos);
    command_output live = curl("", {"--cacert", dir + "/ca.pem", "https://127.0.0.1:" + std::to_string(p->wait_port()) + "/livez"});
    CHECK(live.exit_code == 60);  // as the warning said
    CHECK(live.err.find("expired") != std::string::npos);
    CHECK(p->stop(SIGTERM) == 0);
}
