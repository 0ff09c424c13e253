// Owns RFC 3161 time-stamps: the request, the HTTP POST to the service (OpenSSL's own HTTP
// client, so the vanthu program loads no Poco), the token out of the reply, its time.
#include <openssl/http.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/ts.h>

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

// POSTs the request; the reply's body, or empty with the reason in error.
std::string post_request(const std::string& url, const std::string& request, std::string& error) {
    char *host = nullptr, *port = nullptr, *path = nullptr;
    int use_ssl = 0;
    if (OSSL_HTTP_parse_url(url.c_str(), &use_ssl, nullptr, &host, &port, nullptr, &path, nullptr, nullptr) != 1) {
        error = "'" + url + "' is not an http:// URL";
        return {};
    }
    std::string reply;
    BIO* body = BIO_new_mem_buf(request.data(), static_cast<int>(request.size()));
    BIO* answer = nullptr;
    // One blocking connect of our own: OpenSSL's would retry a refused or unresolvable
    // address until the timeout. A host that never answers is left to the system's timeout.
    BIO* connection = use_ssl ? nullptr : BIO_new_connect((std::string(host) + ":" + port).c_str());
    if (use_ssl) error = "https:// time-stamping services are not supported; give the http:// address";
    else if (!connection || BIO_do_connect(connection) <= 0)
        error = "cannot connect to " + url + " (" + openssl_error() + ")";
    else
        answer = OSSL_HTTP_transfer(nullptr, host, port, path, 0, nullptr, nullptr, connection, connection, nullptr,
                                    nullptr, 0, nullptr, "application/timestamp-query", body,
                                    "application/timestamp-reply", 1, max_reply, timeout_seconds, 0);
    if (answer) {
        char chunk[4096];
        for (int n; (n = BIO_read(answer, chunk, sizeof chunk)) > 0;) reply.append(chunk, static_cast<std::size_t>(n));
    } else if (error.empty()) {
        error = "no answer from " + url + " (" + openssl_error() + ")";
    }
    BIO_free_all(connection);
    BIO_free(answer);
    BIO_free(body);
    OPENSSL_free(host);
    OPENSSL_free(port);
    OPENSSL_free(path);
    return reply;
}

}  // namespace

bool fetch_timestamp(const std::string& url, std::string_view stamped, std::string& token,
                     vanthu::diagnostics& problems) {
    std::string error;
    const std::string request = timestamp_request(stamped);
    const std::string reply = request.empty() ? std::string() : post_request(url, request, error);
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
                       "check --tsa, or sign without it");
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
