// Owns signing callback bodies with HMAC-SHA256 and checking such a signature.
#include "auth/signed_event.hpp"

#include <sodium.h>

#include <cstdlib>

#include "auth/secrets.hpp"

namespace auth {

namespace {

// Hex HMAC-SHA256 of "t.body" keyed with the secret.
std::string mac_hex(std::string_view secret, std::string_view t, std::string_view body) {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(t.data()), t.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>("."), 1);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, mac);
    char hex[2 * sizeof mac + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

}  // namespace

// "t=<seconds>,v1=<mac>".
std::string sign_event(std::string_view secret, std::int64_t unix_seconds, std::string_view body) {
    const std::string t = std::to_string(unix_seconds);
    return "t=" + t + ",v1=" + mac_hex(secret, t, body);
}

// Reads t and v1, checks the time window, compares the MAC in constant time.
bool verify_event(std::string_view secret, std::string_view header, std::string_view body, std::int64_t now,
                  std::int64_t tolerance_seconds) {
    if (header.substr(0, 2) != "t=") return false;
    const std::size_t comma = header.find(",v1=");
    if (comma == std::string_view::npos || comma == 2 || comma > 20) return false;
    const std::string_view t = header.substr(2, comma - 2);
    for (char c : t)
        if (c < '0' || c > '9') return false;
    const std::int64_t when = std::strtoll(std::string(t).c_str(), nullptr, 10);
    if (std::llabs(now - when) > tolerance_seconds) return false;
    return same_secret(header.substr(comma + 4), mac_hex(secret, t, body));
}

}  // namespace auth
