// Owns the verification code of a certificate: short, URL-safe and unforgeable without the
// issuing body's key, so that a QR code on paper leads to the body's own page for it.
#include "bind/bind.hpp"

#include <sodium.h>

namespace bind {

std::string verify_code(const std::string& key, const std::string& record_id, const std::string& recipient_id,
                        const std::string& register_number) {
    if (key.size() < crypto_auth_hmacsha256_KEYBYTES) return {};
    // The three parts, each ended by a zero byte, so that no two triples read the same.
    std::string message = record_id;
    message += '\0';
    message += recipient_id;
    message += '\0';
    message += register_number;
    message += '\0';
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                           reinterpret_cast<const unsigned char*>(key.data()));
    // 12 bytes (96 bits) are 16 characters of base64url.
    char code[sodium_base64_ENCODED_LEN(12, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(code, sizeof code, mac, 12, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return code;
}

std::string verify_url(const verification& v, const std::string& code) {
    if (code.empty() || v.public_url.empty()) return {};
    std::string base = v.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/verify/" + code;
}

}  // namespace bind
