// The OpenSSL objects behind sign::credentials, for the files of sign/ that sign with them.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "sign/sign.hpp"

namespace sign {

struct credentials::impl {
    EVP_PKEY* key = nullptr;
    X509* certificate = nullptr;
    STACK_OF(X509)* chain = nullptr;  // the other certificates of the PKCS#12 (CA first or not)
    ~impl();
};

// The subject's entry (NID_commonName, NID_organizationName) as UTF-8; "" when absent.
std::string subject_entry(const X509* certificate, int nid);

}  // namespace sign
