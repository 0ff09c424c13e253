// Owns RFC 3161 time-stamps: the request, the HTTP POST to the service (OpenSSL's own HTTP
// client, over its TLS for https://, so the vanthu program loads no Poco), the token out of the reply, its time.
#include <arpa/inet.h>
#include <openssl/http.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include <memory>

#include "sign/cms.hpp"

namespace sign {

namespace {

constexpr int timeout_seconds = 30;
constexpr std::size_t max_reply = 64 * 1024;

// The request: SHA-256 imprint of the bytes, a random nonce, the service's certificate asked for.
std::string timestamp_request(std::string_view stamped) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_length = 0;
    EVP_Digest(stamped.data(), stamped.size(), md, &md_length, EVP_sha256(), nullptr);
    TS_REQ* req = TS_REQ_new();
    TS_MSG_IMPRINT* imprint = TS_MSG_IMPRINT_new();
    X509_ALGOR* algorithm = X509_ALGOR_new();
    ASN1_INTEGER* nonce = ASN1_INTEGER_new();
    unsigned char random[8];
    std::string der;
    bool ok = req && imprint && algorithm && nonce && RAND_bytes(random, sizeof random) == 1 &&
              X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) == 1 &&
              TS_MSG_IMPRINT_set_algo(imprint, algorithm) == 1 &&
              TS_MSG_IMPRINT_set_msg(imprint, md, static_cast<int>(md_length)) == 1 &&
              TS_REQ_set_version(req, 1) == 1 && TS_REQ_set_msg_imprint(req, imprint) == 1 &&
              ASN1_STRING_set(nonce, random, sizeof random) == 1 && TS_REQ_set_nonce(req, nonce) == 1 &&
              TS_REQ_set_cert_req(req, 1) == 1;
    unsigned char* out = nullptr;
    int length = ok ? i2d_TS_REQ(req, &out) : 0;
    if (length > 0) der.assign(reinterpret_cast<char*>(out), static_cast<std::size_t>(length));
    OPENSSL_free(out);
    ASN1_INTEGER_free(nonce);
    X509_ALGOR_free(algorithm);
    TS_MSG_IMPRINT_free(imprint);
    TS_REQ_free(req);
    return der;
}

// The TLS client of an https:// service, pushed onto the connected socket: TLS 1.2 or later,
// the certificate chained to a CA of ca_file (else of the system's) and naming host. The
// handshake is done here, so a refused certificate is said as such; nullptr with why.
BIO* start_tls(BIO* connection, const std::string& host, const std::string& ca_file, std::string& why) {
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
    if (!ctx || SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION) != 1) {
        why = "cannot start TLS (" + openssl_error() + ")";
        return nullptr;
    }
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    if (ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx.get()) != 1
                        : SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr) != 1) {
        why = ca_file.empty() ? "cannot read the system's CA certificates (" + openssl_error() + ")"
                              : "cannot read the CA certificates of " + ca_file + " (" + openssl_error() + ")";
        return nullptr;
    }
    BIO* tls_bio = BIO_new_ssl(ctx.get(), 1);  // holds its own reference to the context
    SSL* ssl = nullptr;
    if (!tls_bio || BIO_get_ssl(tls_bio, &ssl) != 1 || !ssl) {
        BIO_free(tls_bio);
        why = "cannot start TLS (" + openssl_error() + ")";
        return nullptr;
    }
    unsigned char address[16];
    const bool literal = inet_pton(AF_INET, host.c_str(), address) == 1 || inet_pton(AF_INET6, host.c_str(), address) == 1;
    char* name = const_cast<char*>(host.c_str());
    const bool named = literal ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1
                               : SSL_set1_host(ssl, host.c_str()) == 1 && SSL_set_tlsext_host_name(ssl, name) == 1;
    BIO_push(tls_bio, connection);
    if (!named || BIO_do_handshake(tls_bio) <= 0) {
        const long verified = SSL_get_verify_result(ssl);
        why = verified != X509_V_OK ? std::string("its certificate is not trusted: ") + X509_verify_cert_error_string(verified)
                                    : "the TLS handshake failed (" + openssl_error() + ")";
        BIO_pop(tls_bio);  // the connection is the caller's to free
        BIO_free(tls_bio);
        return nullptr;
    }
    return tls_bio;
}

// POSTs the request; the reply's body, or empty with the reason in error.
std::string post_request(const std::string& url, const std::string& ca_file, const std::string& request,
                         std::string& error) {
    char *host = nullptr, *port = nullptr, *path = nullptr;
    int use_ssl = 0;
    if (OSSL_HTTP_parse_url(url.c_str(), &use_ssl, nullptr, &host, &port, nullptr, &path, nullptr, nullptr) != 1) {
        error = "'" + url + "' is not an http:// or https:// URL";
        return {};
    }
    std::string reply, why;
    BIO* body = BIO_new_mem_buf(request.data(), static_cast<int>(request.size()));
    BIO* answer = nullptr;
    // One blocking connect of our own: OpenSSL's would retry a refused or unresolvable
    // address until the timeout. A host that never answers is left to the system's timeout.
    BIO* connection = BIO_new_connect((std::string(host) + ":" + port).c_str());
    BIO* tls = nullptr;
    if (!connection || BIO_do_connect(connection) <= 0)
        error = "cannot connect to " + url + " (" + openssl_error() + ")";
    else if (use_ssl && !(tls = start_tls(connection, host, ca_file, why)))
        error = "cannot talk TLS with " + url + ": " + why;
    else {
        BIO* channel = tls ? tls : connection;
        answer = OSSL_HTTP_transfer(nullptr, host, port, path, 0, nullptr, nullptr, channel, channel, nullptr,
                                    nullptr, 0, nullptr, "application/timestamp-query", body,
                                    "application/timestamp-reply", 1, max_reply, timeout_seconds, 0);
    }
    if (answer) {
        char chunk[4096];
        for (int n; (n = BIO_read(answer, chunk, sizeof chunk)) > 0;) reply.append(chunk, static_cast<std::size_t>(n));
    } else if (error.empty()) {
        error = "no answer from " + url + " (" + openssl_error() + ")";
    }
    BIO_free_all(tls ? tls : connection);  // the TLS filter and the socket under it
    BIO_free(answer);
    BIO_free(body);
    OPENSSL_free(host);
    OPENSSL_free(port);
    OPENSSL_free(path);
    return reply;
}

}  // namespace

bool fetch_timestamp(const std::string& url, const std::string& ca_file, std::string_view stamped, std::string& token,
                     vanthu::diagnostics& problems) {
    std::string error;
    const std::string request = timestamp_request(stamped);
    const std::string reply = request.empty() ? std::string() : post_request(url, ca_file, request, error);
    const auto* bytes = reinterpret_cast<const unsigned char*>(reply.data());
    TS_RESP* response = reply.empty() ? nullptr : d2i_TS_RESP(nullptr, &bytes, static_cast<long>(reply.size()));
    PKCS7* signed_token = response ? TS_RESP_get_token(response) : nullptr;
    long status = response ? ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(response))) : -1;
    if (response && (status > 1 || !signed_token)) error = "the service refused the request (status " + std::to_string(status) + ")";
    else if (!response && error.empty()) error = "the reply is not a time-stamp response";
    unsigned char* der = nullptr;
    int length = error.empty() ? i2d_PKCS7(signed_token, &der) : 0;
    if (length > 0) token.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    TS_RESP_free(response);
    if (token.empty()) {
        problems.error({}, "cannot time-stamp the signature: " + (error.empty() ? openssl_error() : error),
                       "check --tsa (and, for an https:// service, --tsa-ca), or sign without it");
        return false;
    }
    return true;
}

std::string timestamp_time(std::string_view token) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(token.data());
    PKCS7* p7 = d2i_PKCS7(nullptr, &bytes, static_cast<long>(token.size()));
    TS_TST_INFO* info = p7 ? PKCS7_to_TS_TST_INFO(p7) : nullptr;
    const ASN1_GENERALIZEDTIME* time = info ? TS_TST_INFO_get_time(info) : nullptr;
    std::string out;
    struct tm t {};
    if (time && ASN1_TIME_to_tm(time, &t) == 1) {
        char text[80];
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                      t.tm_hour, t.tm_min, t.tm_sec);
        out = text;
    }
    TS_TST_INFO_free(info);
    PKCS7_free(p7);
    return out;
}

}  // namespace sign
