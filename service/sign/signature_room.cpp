// Owns how many bytes a signature's /Contents reserves: measured once per signer by a trial
// signature, not guessed from the certificates, so a PDF carries no kilobytes of zeros.
#include <openssl/evp.h>

#include <algorithm>

#include "sign/cms.hpp"
#include "sign/credentials_impl.hpp"

namespace sign {

namespace {

// A token of a service that sends its certificate and a 2-3 certificate chain fits; a
// token larger than this fails signing with a diagnostic, it never overruns /Contents.
constexpr std::size_t token_room = 8192;
// The DER lengths around the signature value (SignerInfo, its SET, SignedData, the
// ContentInfo and its [0]) may each take a byte more in a real signature than in the trial.
constexpr std::size_t length_growth = 16;

}  // namespace

std::size_t signature_room(const credentials& who, bool timestamped, vanthu::diagnostics& problems) {
    std::string trial;
    if (!make_signature("the room of a signature", {}, who, {}, {}, trial, problems)) return 0;
    // An RSA signature (PKCS#1 v1.5) is always the modulus' size; an ECDSA one is the DER of
    // two integers whose length varies from one signature to the next, up to
    // EVP_PKEY_get_size. Adding that whole bound is simpler than reading the trial's and
    // costs at most 72 bytes (P-256).
    EVP_PKEY* key = who.get()->key;
    const int variable = EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA ? 0 : EVP_PKEY_get_size(key);
    return trial.size() + static_cast<std::size_t>(std::max(variable, 0)) + length_growth +
           (timestamped ? token_room : 0);
}

}  // namespace sign
