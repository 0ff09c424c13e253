// The pieces of a CAdES detached SignedData, shared by make_signature (built whole, with a
// time-stamp when asked) and signature_template (built once, patched per PDF).
#pragma once

#include <openssl/cms.h>
#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

#include "sign/sign.hpp"

namespace sign {

using cms_ptr = std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)>;

// SHA-256 of the two ranges (32 bytes); empty on failure.
std::string digest_ranges(std::string_view first, std::string_view second);

// The SignedData with the chain and its one signer info (si): signed attributes content-type,
// the message digest given and signing-certificate-v2, no signature value yet. Null on
// failure, the reason in OpenSSL's error queue.
cms_ptr start_signed_data(std::string_view digest, const credentials& who, CMS_SignerInfo*& si);

// The DER SET OF the signer's signed attributes, as the signature covers them; empty on failure.
std::string signed_attributes_der(CMS_SignerInfo* si);

// The key's signature (PKCS#1 v1.5 for RSA, ECDSA for EC) of the bytes with SHA-256; empty on failure.
std::string sign_bytes(std::string_view bytes, EVP_PKEY* key);

// The ContentInfo as DER; empty on failure.
std::string cms_der(CMS_ContentInfo* cms);

}  // namespace sign
