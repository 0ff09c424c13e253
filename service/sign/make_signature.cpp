// Owns building the CAdES detached SignedData of a PAdES signature with OpenSSL 3's CMS.
#include <openssl/err.h>

#include <algorithm>
#include <vector>

#include "sign/cms.hpp"
#include "sign/credentials_impl.hpp"
#include "sign/signed_data.hpp"

namespace sign {

namespace {

// Adds the token as the unsigned attribute id-aa-signatureTimeStampToken.
bool add_timestamp(CMS_SignerInfo* si, const std::string& tsa_url, const std::string& tsa_ca,
                   vanthu::diagnostics& problems) {
    ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
    std::string_view stamped(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                             static_cast<std::size_t>(ASN1_STRING_length(value)));
    std::string token;
    if (!fetch_timestamp(tsa_url, tsa_ca, stamped, token, problems)) return false;
    // V_ASN1_SEQUENCE: the bytes are the whole encoded token, written as they are.
    return CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token.data(),
                                         static_cast<int>(token.size())) == 1;
}

}  // namespace

// RFC 5652 5.4: the EXPLICIT SET OF tag, elements in DER order. OpenSSL has no public call for it.
std::string signed_attributes_der(CMS_SignerInfo* si) {
    std::vector<std::string> items;
    for (int i = 0; i < CMS_signed_get_attr_count(si); ++i) {
        unsigned char* der = nullptr;
        int length = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &der);
        if (length <= 0) return {};
        items.emplace_back(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
        OPENSSL_free(der);
    }
    // DER sorts a SET OF by its encodings, shorter first on a common prefix (X.690 11.6).
    std::sort(items.begin(), items.end());
    std::string body;
    for (const std::string& item : items) body += item;
    std::string out(1, '\x31');
    std::size_t n = body.size();
    if (n < 0x80) out += static_cast<char>(n);
    else {
        std::string length;
        for (; n; n >>= 8) length.insert(length.begin(), static_cast<char>(n & 0xFF));
        out += static_cast<char>(0x80 | length.size());
        out += length;
    }
    return out + body;
}

std::string digest_ranges(std::string_view first, std::string_view second) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
              EVP_DigestUpdate(ctx, first.data(), first.size()) == 1 &&
              EVP_DigestUpdate(ctx, second.data(), second.size()) == 1 &&
              EVP_DigestFinal_ex(ctx, md, &length) == 1;
    EVP_MD_CTX_free(ctx);
    return ok ? std::string(reinterpret_cast<char*>(md), length) : std::string();
}

std::string sign_bytes(std::string_view bytes, EVP_PKEY* key) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t length = 0;
    std::string signature;
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
              EVP_DigestSign(ctx, nullptr, &length, data, bytes.size()) == 1;
    if (ok) {
        signature.resize(length);
        ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length, data, bytes.size()) == 1;
    }
    EVP_MD_CTX_free(ctx);
    if (!ok) return {};
    signature.resize(length);  // ECDSA: the bound first, the real length after
    return signature;
}

// CMS_sign with CMS_PARTIAL builds the structure; CMS_final is not called, because
// CMS_SignerInfo_sign (which it runs) always adds a signingTime. The digest and the
// content-type are added here, as it would.
cms_ptr start_signed_data(std::string_view digest, const credentials& who, CMS_SignerInfo*& si) {
    const credentials::impl& c = *who.get();
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_CADES | CMS_PARTIAL | CMS_NOSMIMECAP;
    cms_ptr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags), CMS_ContentInfo_free);
    si = cms ? CMS_add1_signer(cms.get(), c.certificate, c.key, EVP_sha256(), flags) : nullptr;
    bool ok = si &&
              CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest.data(),
                                          static_cast<int>(digest.size())) == 1 &&
              CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data),
                                          -1) == 1;
    for (int i = 0; ok && c.chain && i < sk_X509_num(c.chain); ++i) ok = CMS_add1_cert(cms.get(), sk_X509_value(c.chain, i)) == 1;
    return ok ? std::move(cms) : cms_ptr(nullptr, CMS_ContentInfo_free);
}

std::string cms_der(CMS_ContentInfo* cms) {
    unsigned char* out = nullptr;
    int length = i2d_CMS_ContentInfo(cms, &out);
    if (length <= 0) return {};
    std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(length));
    OPENSSL_free(out);
    return der;
}

std::string openssl_error() {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (!code) return "unknown OpenSSL error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

bool make_signature(std::string_view first, std::string_view second, const credentials& who,
                    const std::string& tsa_url, const std::string& tsa_ca, std::string& der,
                    vanthu::diagnostics& problems) {
    CMS_SignerInfo* si = nullptr;
    const std::string digest = digest_ranges(first, second);
    cms_ptr cms = digest.empty() ? cms_ptr(nullptr, CMS_ContentInfo_free) : start_signed_data(digest, who, si);
    const std::string attributes = cms ? signed_attributes_der(si) : std::string();
    const std::string value = attributes.empty() ? std::string() : sign_bytes(attributes, who.get()->key);
    if (value.empty() || ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), value.data(),
                                         static_cast<int>(value.size())) != 1) {
        problems.error({}, "cannot sign: the CMS signature cannot be made (" + openssl_error() + ")");
        return false;
    }
    if (!tsa_url.empty() && !add_timestamp(si, tsa_url, tsa_ca, problems)) return false;
    der = cms_der(cms.get());
    if (der.empty()) {
        problems.error({}, "cannot sign: the CMS signature cannot be encoded (" + openssl_error() + ")");
        return false;
    }
    return true;
}

}  // namespace sign
