// Owns a signer's SignedData made once: OpenSSL builds it with a placeholder digest and
// signature value, and each PDF's digest and value are written over them. Building the CMS
// (signer info, signing-certificate-v2, the chain, the encoding) was a fifth of a P-256
// signature's time, and it is the same for every PDF but those bytes.
#include "sign/cms.hpp"
#include "sign/credentials_impl.hpp"
#include "sign/signed_data.hpp"

namespace sign {

namespace {

constexpr std::size_t digest_size = 32;  // SHA-256

// Bytes no certificate or attribute holds by chance, to find again in the DER; n of them.
std::string placeholder(std::string_view pattern, std::size_t n) {
    std::string out;
    while (out.size() < n) out += pattern;
    out.resize(n);
    return out;
}

// Where the needle stands in the bytes, if it stands there exactly once; npos otherwise.
std::size_t only_place(const std::string& bytes, const std::string& needle) {
    const std::size_t at = bytes.find(needle);
    return at != std::string::npos && bytes.find(needle, at + 1) == std::string::npos ? at : std::string::npos;
}

const std::string digest_placeholder = placeholder("vanthu: the digest goes here|", digest_size);

}  // namespace

signature_template::signature_template(const credentials& who) : who_(who) {}

bool signature_template::make(std::string_view first, std::string_view second, std::string& der,
                              vanthu::diagnostics& problems) {
    if (attributes_.empty() && !make_attributes(problems)) return false;
    const std::string digest = digest_ranges(first, second);
    std::string attributes = attributes_;
    if (digest.size() == digest_size) attributes.replace(attributes_digest_at_, digest_size, digest);
    const std::string value = digest.size() == digest_size ? sign_bytes(attributes, who_.get()->key) : std::string();
    if (value.empty()) {
        problems.error({}, "cannot sign: the CMS signature cannot be made (" + openssl_error() + ")");
        return false;
    }
    const shape* s = shape_for(value.size(), problems);
    if (!s) return false;
    der = s->der;
    der.replace(s->digest_at, digest_size, digest);
    der.replace(s->value_at, value.size(), value);
    return true;
}

// The signed attributes with the placeholder digest, and where the digest goes in them.
bool signature_template::make_attributes(vanthu::diagnostics& problems) {
    CMS_SignerInfo* si = nullptr;
    cms_ptr cms = start_signed_data(digest_placeholder, who_, si);
    attributes_ = cms ? signed_attributes_der(si) : std::string();
    attributes_digest_at_ = only_place(attributes_, digest_placeholder);
    if (attributes_digest_at_ != std::string::npos) return true;
    attributes_.clear();
    problems.error({}, "cannot sign: the CMS signature cannot be made (" + openssl_error() + ")");
    return false;
}

// The whole SignedData for a signature value of this length (RSA: always one; ECDSA: a few),
// made on first use with placeholders where the digest and the value go.
const signature_template::shape* signature_template::shape_for(std::size_t value_length,
                                                               vanthu::diagnostics& problems) {
    if (auto known = shapes_.find(value_length); known != shapes_.end()) return &known->second;
    const std::string value = placeholder("vanthu: the signature value goes here|", value_length);
    CMS_SignerInfo* si = nullptr;
    cms_ptr cms = start_signed_data(digest_placeholder, who_, si);
    shape made;
    if (cms && ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), value.data(), static_cast<int>(value.size())) == 1)
        made.der = cms_der(cms.get());
    made.digest_at = only_place(made.der, digest_placeholder);
    made.value_at = only_place(made.der, value);
    if (made.digest_at == std::string::npos || made.value_at == std::string::npos) {
        problems.error({}, "cannot sign: the CMS signature cannot be encoded (" + openssl_error() + ")");
        return nullptr;
    }
    return &shapes_.emplace(value_length, std::move(made)).first->second;
}

}  // namespace sign
