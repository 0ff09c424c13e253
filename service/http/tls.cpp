// Owns HTTPS for the API listener: checking the PEM certificate and key, the server context.
#include "http/tls.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SSLException.h>

namespace http {

const char* const tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

namespace {

struct free_bio {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct free_x509 {
    void operator()(X509* x) const { X509_free(x); }
};
struct free_pkey {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

// The first OpenSSL error queued (then the queue is emptied), or a fallback.
std::string take_openssl_error(const std::string& fallback) {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return fallback;
    const char* reason = ERR_reason_error_string(code);
    return reason ? reason : fallback;
}

// The bytes of a file, or false with why it cannot be read ("No such file or directory").
bool read_whole_file(const std::string& path, std::string& text, std::string& why) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        why = "it is a folder, not a PEM file";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = std::strerror(errno);
        return false;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) {
        why = std::strerror(errno);
        return false;
    }
    text = bytes.str();
    return true;
}

// Called by OpenSSL when the key is encrypted: vanthu has nobody to ask for a passphrase.
int refuse_passphrase(char*, int, int, void* asked) {
    *static_cast<bool*>(asked) = true;
    return -1;
}

// "vanthu.http.tls.cert /etc/vanthu/tls/cert.pem: " + reason.
std::string about(const char* setting, const std::string& path, const std::string& reason) {
    return std::string(setting) + " " + path + ": " + reason;
}

// The first certificate of the PEM file at path, or null with error set.
std::unique_ptr<X509, free_x509> read_certificate(const std::string& path, std::string& error) {
    const char* setting = "vanthu.http.tls.cert";
    std::string text, why;
    if (!read_whole_file(path, text, why)) {
        error = about(setting, path, "cannot be read: " + why);
        return nullptr;
    }
    std::unique_ptr<BIO, free_bio> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    std::unique_ptr<X509, free_x509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) {
        error = about(setting, path,
                      "holds no PEM certificate ('-----BEGIN CERTIFICATE-----'): " + take_openssl_error("empty"));
    }
    return cert;
}

// The private key of the PEM file at path, or null with error set.
std::unique_ptr<EVP_PKEY, free_pkey> read_private_key(const std::string& path, std::string& error) {
    const char* setting = "vanthu.http.tls.key";
    std::string text, why;
    if (!read_whole_file(path, text, why)) {
        error = about(setting, path, "cannot be read: " + why);
        return nullptr;
    }
    std::unique_ptr<BIO, free_bio> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    bool asked = false;
    std::unique_ptr<EVP_PKEY, free_pkey> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, &asked));
    if (asked) {
        error = about(setting, path,
                      "is encrypted, and the worker has nobody to ask for its passphrase: decrypt it "
                      "(openssl pkey -in KEY -out PLAIN) and let only the service's user read it");
        ERR_clear_error();
        return nullptr;
    }
    if (!key) {
        error = about(setting, path,
                      "holds no PEM private key ('-----BEGIN PRIVATE KEY-----'): " + take_openssl_error("empty"));
    }
    return key;
}

}  // namespace

tls_check check_tls_files(const std::string& cert_file, const std::string& key_file) {
    tls_check result;
    if (cert_file.empty() != key_file.empty()) {
        const std::string set = cert_file.empty() ? "vanthu.http.tls.key" : "vanthu.http.tls.cert";
        const std::string unset = cert_file.empty() ? "vanthu.http.tls.cert" : "vanthu.http.tls.key";
        result.error = set + " is set but " + unset + " is not: HTTPS needs both";
        return result;
    }
    auto cert = read_certificate(cert_file, result.error);
    if (!cert) return result;
    auto key = read_private_key(key_file, result.error);
    if (!key) return result;
    if (X509_check_private_key(cert.get(), key.get()) != 1) {
        ERR_clear_error();
        result.error = about("vanthu.http.tls.key", key_file,
                             "does not belong to the certificate in vanthu.http.tls.cert " + cert_file);
        return result;
    }
    if (X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0) {
        result.warning = about("vanthu.http.tls.cert", cert_file, "has expired: clients will refuse it");
    } else if (X509_cmp_current_time(X509_get0_notBefore(cert.get())) > 0) {
        result.warning = about("vanthu.http.tls.cert", cert_file, "is not valid yet: clients will refuse it");
    }
    return result;
}

// No client certificates are asked for: clients prove who they are with tokens and sessions.
Poco::Net::Context::Ptr make_tls_context(const std::string& cert_file, const std::string& key_file) {
    Poco::Net::initializeSSL();
    Poco::Net::Context::Params params;
    params.certificateFile = cert_file;
    params.privateKeyFile = key_file;
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    params.loadDefaultCAs = false;
    params.cipherList = tls12_ciphers;
    Poco::Net::Context::Ptr context(new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params));
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                              Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
    context->preferServerCiphers();
    // Older OpenSSL drops a key that does not match the certificate loaded after it, silently.
    if (SSL_CTX_check_private_key(context->sslContext()) != 1) {
        throw Poco::Net::SSLContextException(key_file + " does not belong to " + cert_file,
                                             take_openssl_error("key values mismatch"));
    }
    return context;
}

}  // namespace http
