// Owns building the CAdES detached SignedData of a PAdES signature with OpenSSL 3's CMS.
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "sign/cms.hpp"
#include "sign/credentials_impl.hpp"

namespace sign {

namespace {

using cms_ptr = std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)>;

// The DER SET OF the signer's signed attributes, as the signature covers them (RFC 5652
// 5.4: the EXPLICIT SET OF tag, elements in DER order). OpenSSL has no public call for it.
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

// SHA-256 of the two ranges.
bool digest_ranges(std::string_view first, std::string_view second, unsigned char* md, unsigned int& length) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
              EVP_DigestUpdate(ctx, first.data(), first.size()) == 1 &&
              EVP_DigestUpdate(ctx, second.data(), second.size()) == 1 &&
              EVP_DigestFinal_ex(ctx, md, &length) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

// Signs the signed attributes with the key (PKCS#1 v1.5 for RSA, ECDSA for EC) and sets
// the signer info's signature value.
bool sign_attributes(CMS_SignerInfo* si, EVP_PKEY* key) {
    const std::string attributes = signed_attributes_der(si);
    if (attributes.empty()) return false;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t length = 0;
    std::vector<unsigned char> signature;
    bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
              EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(attributes.data()),
                             attributes.size()) == 1;
    if (ok) {
        signature.resize(length);
        ok = EVP_DigestSign(ctx, signature.data(), &length, reinterpret_cast<const unsigned char*>(attributes.data()),
                            attributes.size()) == 1;
    }
    EVP_MD_CTX_free(ctx);
    return ok && ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), signature.data(), static_cast<int>(length)) == 1;
}

// Adds the token as the unsigned attribute id-aa-signatureTimeStampToken.
bool add_timestamp(CMS_SignerInfo* si, const std::string& tsa_url, vanthu::diagnostics& problems) {
    ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
    std::string_view stamped(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                             static_cast<std::size_t>(ASN1_STRING_length(value)));
    std::string token;
    if (!fetch_timestamp(tsa_url, stamped, token, problems)) return false;
    // V_ASN1_SEQUENCE: the bytes are the whole encoded token, written as they are.
    return CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token.data(),
                                         static_cast<int>(token.size())) == 1;
}

}  // namespace

std::string openssl_error() {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (!code) return "unknown OpenSSL error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

// CMS_sign with CMS_PARTIAL builds the structure; CMS_final is not called, because
// CMS_SignerInfo_sign (which it runs) always adds a signingTime. The digest and the
// content-type are added here, and the signed attributes signed here, as it would.
bool make_signature(std::string_view first, std::string_view second, const credentials& who,
                    const std::string& tsa_url, std::string& der, vanthu::diagnostics& problems) {
    const credentials::impl& c = *who.get();
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_CADES | CMS_PARTIAL | CMS_NOSMIMECAP;
    cms_ptr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags), CMS_ContentInfo_free);
    CMS_SignerInfo* si = cms ? CMS_add1_signer(cms.get(), c.certificate, c.key, EVP_sha256(), flags) : nullptr;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_length = 0;
    bool ok = si && digest_ranges(first, second, md, md_length) &&
              CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, md,
                                          static_cast<int>(md_length)) == 1 &&
              CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data),
                                          -1) == 1;
    for (int i = 0; ok && c.chain && i < sk_X509_num(c.chain); ++i) ok = CMS_add1_cert(cms.get(), sk_X509_value(c.chain, i)) == 1;
    ok = ok && sign_attributes(si, c.key);
    if (!ok) {
        problems.error({}, "cannot sign: the CMS signature cannot be made (" + openssl_error() + ")");
        return false;
    }
    if (!tsa_url.empty() && !add_timestamp(si, tsa_url, problems)) return false;
    unsigned char* out = nullptr;
    int length = i2d_CMS_ContentInfo(cms.get(), &out);
    if (length <= 0) {
        problems.error({}, "cannot sign: the CMS signature cannot be encoded (" + openssl_error() + ")");
        return false;
    }
    der.assign(reinterpret_cast<char*>(out), static_cast<std::size_t>(length));
    OPENSSL_free(out);
    return true;
}

}  // namespace sign
