// Owns reading a signer's PKCS#12 file: key, certificate and chain, the passphrase wiped after.
#include "sign/credentials_impl.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>

namespace sign {

credentials::impl::~impl() {
    EVP_PKEY_free(key);  // OpenSSL cleanses private key material when freeing it
    X509_free(certificate);
    sk_X509_pop_free(chain, X509_free);
}

credentials::credentials() : self_(std::make_unique<impl>()) {}
credentials::~credentials() = default;
credentials::credentials(credentials&&) noexcept = default;
credentials& credentials::operator=(credentials&&) noexcept = default;

std::string subject_entry(const X509* certificate, int nid) {
    const X509_NAME* subject = certificate ? X509_get_subject_name(certificate) : nullptr;
    int at = subject ? X509_NAME_get_index_by_NID(subject, nid, -1) : -1;
    if (at < 0) return {};
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, at));
    unsigned char* utf8 = nullptr;
    int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0) return {};
    std::string text(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    return text;
}

std::string credentials::common_name() const { return subject_entry(self_->certificate, NID_commonName); }

std::string credentials::organization() const {
    std::string body = subject_entry(self_->certificate, NID_organizationName);
    return body.empty() ? common_name() : body;
}

bool load_credentials(std::string_view p12, std::string& passphrase, credentials& into,
                      vanthu::diagnostics& problems) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(p12.data());
    PKCS12* file = d2i_PKCS12(nullptr, &bytes, static_cast<long>(p12.size()));
    credentials::impl& self = *into.get();
    bool parsed = file && PKCS12_parse(file, passphrase.c_str(), &self.key, &self.certificate, &self.chain) == 1;
    PKCS12_free(file);
    // The passphrase is not needed any more: wipe it before anything else can go wrong.
    OPENSSL_cleanse(passphrase.data(), passphrase.size());
    passphrase.clear();
    ERR_clear_error();  // the error queue may name the MAC failure; nothing of the secret
    if (!file) {
        problems.error({}, "cannot sign: the key file is not PKCS#12 (.p12, .pfx)");
        return false;
    }
    if (!parsed) {
        problems.error({}, "cannot sign: the key file cannot be opened with this passphrase",
                       "check --pass-file or --pass-env");
        return false;
    }
    if (!self.key || !self.certificate || X509_check_private_key(self.certificate, self.key) != 1) {
        problems.error({}, "cannot sign: the key file holds no private key with its certificate");
        return false;
    }
    return true;
}

}  // namespace sign
