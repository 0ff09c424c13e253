// HTTPS for the API listener: the certificate and key checked before listening, and a server
// context that speaks TLS 1.2 and later only.
#pragma once

#include <string>

#include <Poco/Net/Context.h>

namespace http {

// What check_tls_files found: why the files cannot serve HTTPS (empty: they can), and a
// warning worth logging even when they can (a certificate out of its validity period).
struct tls_check {
    std::string error;    // names the setting, the file and the reason
    std::string warning;  // empty when there is nothing to say

    explicit operator bool() const { return error.empty(); }
};

// Reads the PEM certificate (chain) and private key as the listener will, and says which file
// is missing, unreadable, not PEM, an encrypted key, or a key that does not belong to the
// certificate.
tls_check check_tls_files(const std::string& cert_file, const std::string& key_file);

// The TLS 1.2 cipher suites offered: ECDHE key exchange (forward secrecy) with AES-GCM or
// ChaCha20-Poly1305 only; TLS 1.3 keeps OpenSSL's suites, all of which are AEAD.
extern const char* const tls12_ciphers;

// The server context of the API listener: TLS 1.2 or 1.3, the server's cipher order, no client
// certificates. Throws Poco::Exception when OpenSSL refuses the files (check them first).
Poco::Net::Context::Ptr make_tls_context(const std::string& cert_file, const std::string& key_file);

}  // namespace http
