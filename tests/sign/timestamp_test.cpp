// PAdES B-T: vanthu sign --tsa asks an RFC 3161 service (a local `openssl ts -reply` behind
// tests/sign/data/tsa_server.py) to time-stamp the signature value.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "sign_fixture.hpp"
#include "support/test_paths.hpp"

using namespace sign_test;

namespace {

// The time-stamping authority's certificate (timeStamping only) and openssl ts's configuration.
void make_tsa(const std::string& dir) {
    const pki& p = test_pki();
    write_file(dir + "/ext.cnf", "[tsa]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                                 "extendedKeyUsage=critical,timeStamping\n");
    auto run = [](const std::vector<std::string>& argv) { REQUIRE(test_paths::run_command(argv).exit_code == 0); };
    run({"openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir + "/tsa.key"});
    run({"openssl", "req", "-new", "-key", dir + "/tsa.key", "-subj", "/CN=vanthu test TSA", "-out", dir + "/tsa.csr"});
    run({"openssl", "x509", "-req", "-in", dir + "/tsa.csr", "-CA", p.ca_pem, "-CAkey", p.dir + "/root.key",
         "-CAcreateserial", "-days", "30", "-extfile", dir + "/ext.cnf", "-extensions", "tsa", "-out", dir + "/tsa.pem"});
    write_file(dir + "/serial", "01\n");
    write_file(dir + "/tsa.cnf", "[tsa]\ndefault_tsa = test\n[test]\nserial = " + dir + "/serial\n" +
                                     "signer_cert = " + dir + "/tsa.pem\nsigner_key = " + dir + "/tsa.key\n" +
                                     "certs = " + p.ca_pem + "\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n"
                                     "digests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\n");
}

// The local service (HTTP, or HTTPS with the certificate and key), started; its port.
struct tsa_process {
    FILE* pipe = nullptr;
    int port = 0;
    tsa_process(const std::string& dir, const std::string& tls_files = "") {
        const std::string server = "python3 '" + test_paths::source("tests/sign/data/tsa_server.py") + "' '" + dir + "' " + tls_files;
        pipe = ::popen(server.c_str(), "r");
        char line[16] = {};
        if (pipe && std::fgets(line, sizeof line, pipe)) port = std::atoi(line);
    }
    ~tsa_process() {
        if (pipe) ::pclose(pipe);
    }
};

// A server certificate for 127.0.0.1 (not for localhost) from the test CA.
void make_server_certificate(const std::string& dir) {
    const pki& p = test_pki();
    write_file(dir + "/server.cnf", "[server]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                                    "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n");
    auto run = [](const std::vector<std::string>& argv) { REQUIRE(test_paths::run_command(argv).exit_code == 0); };
    run({"openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", dir + "/server.key"});
    run({"openssl", "req", "-new", "-key", dir + "/server.key", "-subj", "/CN=127.0.0.1", "-out", dir + "/server.csr"});
    run({"openssl", "x509", "-req", "-in", dir + "/server.csr", "-CA", p.ca_pem, "-CAkey", p.dir + "/root.key",
         "-CAcreateserial", "-days", "30", "-extfile", dir + "/server.cnf", "-extensions", "server", "-out", dir + "/server.pem"});
}

}  // namespace

TEST_CASE("an_https_tsa_is_asked_over_tls_when_its_certificate_chains_to_tsa_ca_and_refused_otherwise") {
    const std::string dir = test_paths::scratch_dir("sign-tsa-https");
    make_tsa(dir);
    make_server_certificate(dir);
    write_file(dir + "/doc.pdf", certificate_with_fields());
    const std::string tls_files = "'" + dir + "/server.pem' '" + dir + "/server.key'";
    auto sign_with = [&](const std::string& url, const std::vector<std::string>& more) {
        std::vector<std::string> argv{"sign", dir + "/doc.pdf", "-o", dir + "/stamped.pdf", "--p12", test_pki().person_p12,
                                      "--pass-file", test_pki().pass_file, "--tsa", url};
        argv.insert(argv.end(), more.begin(), more.end());
        return vanthu(argv);
    };
    {
        // The test CA is none of the system's: the service's certificate is refused, nothing written.
        tsa_process tsa(dir, tls_files);
        REQUIRE(tsa.port > 0);
        auto refused = sign_with("https://127.0.0.1:" + std::to_string(tsa.port) + "/tsa", {});
        CHECK(refused.exit_code == 70);
        CHECK(refused.err.find("cannot talk TLS with https://127.0.0.1:") != std::string::npos);
        CHECK(refused.err.find("its certificate is not trusted") != std::string::npos);
        CHECK_FALSE(std::ifstream(dir + "/stamped.pdf").good());
    }
    {
        // Trusted through --tsa-ca, but asked by a name the certificate does not carry.
        tsa_process tsa(dir, tls_files);
        REQUIRE(tsa.port > 0);
        auto misnamed = sign_with("https://localhost:" + std::to_string(tsa.port) + "/tsa", {"--tsa-ca", test_pki().ca_pem});
        CHECK(misnamed.exit_code == 70);
        CHECK(misnamed.err.find("its certificate is not trusted: hostname mismatch") != std::string::npos);
        CHECK_FALSE(std::ifstream(dir + "/stamped.pdf").good());
    }
    {
        tsa_process tsa(dir, tls_files);
        REQUIRE(tsa.port > 0);
        auto r = sign_with("https://127.0.0.1:" + std::to_string(tsa.port) + "/tsa", {"--tsa-ca", test_pki().ca_pem});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    auto verified = vanthu({"verify", dir + "/stamped.pdf", "--ca", test_pki().ca_pem});
    INFO(verified.out);
    CHECK(verified.exit_code == 0);
    CHECK(verified.out.find("  time-stamp: 20") != std::string::npos);
    CHECK(count(pdfsig(dir + "/stamped.pdf"), "Signature Validation: Signature is Valid.") == 1);
    // Plain HTTP to the HTTPS service gets no time-stamp.
    tsa_process tsa(dir, tls_files);
    REQUIRE(tsa.port > 0);
    std::remove((dir + "/stamped.pdf").c_str());
    auto plain = sign_with("http://127.0.0.1:" + std::to_string(tsa.port) + "/tsa", {});
    CHECK(plain.exit_code == 70);
    CHECK(plain.err.find("cannot time-stamp the signature") != std::string::npos);
    CHECK_FALSE(std::ifstream(dir + "/stamped.pdf").good());
}

TEST_CASE("a_signature_with_tsa_carries_a_timestamp_token") {
    const std::string dir = test_paths::scratch_dir("sign-tsa");
    make_tsa(dir);
    write_file(dir + "/doc.pdf", certificate_with_fields());
    const std::string server = "python3 '" + test_paths::source("tests/sign/data/tsa_server.py") + "' '" + dir + "'";
    FILE* tsa = ::popen(server.c_str(), "r");
    REQUIRE(tsa);
    char port[16] = {};
    REQUIRE(std::fgets(port, sizeof port, tsa));
    auto r = vanthu({"sign", dir + "/doc.pdf", "-o", dir + "/stamped.pdf", "--p12", test_pki().person_p12, "--pass-file",
                     test_pki().pass_file, "--tsa", "http://127.0.0.1:" + std::to_string(std::atoi(port)) + "/tsa"});
    ::pclose(tsa);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto verified = vanthu({"verify", dir + "/stamped.pdf", "--ca", test_pki().ca_pem});
    INFO(verified.out);
    CHECK(verified.exit_code == 0);
    CHECK(verified.out.find("  time-stamp: 20") != std::string::npos);
    CHECK(count(pdfsig(dir + "/stamped.pdf"), "Signature Validation: Signature is Valid.") == 1);
    const std::string bytes = test_paths::read_file(dir + "/stamped.pdf");
    signed_parts parts = extract_signature(bytes, 0);
    write_file(dir + "/sig.der", parts.der);
    auto printed = test_paths::run_command({"openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", dir + "/sig.der"});
    CHECK(printed.out.find("id-smime-aa-timeStampToken") != std::string::npos);

    // The token's time moved by a minute in the file: the document's signature still verifies
    // (the token lies outside the ByteRange), the time-stamp does not, and neither does the whole.
    // The TSTInfo's GeneralizedTime: tag 0x18, 15 bytes, yyyymmddhhMMssZ. The two tag bytes can also
    // occur by chance inside a signature value, so the 15 bytes after them must be the time's.
    auto is_generalized_time = [&](std::size_t at) {
        if (at + 17 > parts.der.size() || parts.der[at + 16] != 'Z') return false;
        for (std::size_t i = at + 2; i < at + 16; ++i)
            if (parts.der[i] < '0' || parts.der[i] > '9') return false;
        return true;
    };
    std::size_t gen_time = parts.der.find(std::string("\x18\x0f", 2));
    while (gen_time != std::string::npos && !is_generalized_time(gen_time))
        gen_time = parts.der.find(std::string("\x18\x0f", 2), gen_time + 1);
    REQUIRE(gen_time != std::string::npos);
    const std::size_t minute = gen_time + 2 + 11;  // yyyymmddhhMMssZ: the minute's last digit
    const std::size_t contents = std::stoul(bytes.substr(bytes.find("/ByteRange [0 ") + 14, 20));  // its '<'
    REQUIRE(bytes[contents] == '<');
    std::string moved = bytes;
    char* digit = &moved[contents + 1 + 2 * minute + 1];  // 3X in hex: X is the digit
    *digit = *digit == '0' ? '1' : '0';
    write_file(dir + "/moved.pdf", moved);
    auto refused = vanthu({"verify", dir + "/moved.pdf", "--ca", test_pki().ca_pem});
    INFO(refused.out);
    CHECK(refused.exit_code != 0);
    CHECK(refused.out.find("(does not verify)") != std::string::npos);
    CHECK(refused.out.find("problem: the time-stamp does not verify against this signature") != std::string::npos);
    CHECK(count(pdfsig(dir + "/moved.pdf"), "Signature Validation: Signature is Valid.") == 1);  // pdfsig does not look
    auto untrusted = vanthu({"verify", dir + "/moved.pdf"});  // without anchors the token's own signature still counts
    CHECK(untrusted.exit_code != 0);
    CHECK(untrusted.out.find("(does not verify)") != std::string::npos);
}

TEST_CASE("an_unreachable_tsa_fails_the_signing_and_writes_nothing") {
    const std::string dir = test_paths::scratch_dir("sign-tsa-down");
    write_file(dir + "/doc.pdf", certificate_with_fields());
    auto r = vanthu({"sign", dir + "/doc.pdf", "-o", dir + "/out.pdf", "--p12", test_pki().person_p12, "--pass-file",
                     test_pki().pass_file, "--tsa", "http://127.0.0.1:9/tsa"});
    CHECK(r.exit_code == 70);
    CHECK(r.err.find("cannot time-stamp the signature") != std::string::npos);
    CHECK(!std::ifstream(dir + "/out.pdf").good());
}
