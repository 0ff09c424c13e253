// Owns random secrets and their digests (libsodium's generator, SHA-256, constant-time compare).
#include "auth/secrets.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace auth {

namespace {

// libsodium is ready before its first use; sodium_init is safe to call again and from threads.
void start_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

// Lower-case hex of bytes.
std::string to_hex(const unsigned char* bytes, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(&out[0], out.size(), bytes, size);
    out.pop_back();
    return out;
}

}  // namespace

// Random bytes from the system's generator, encoded URL-safe without padding.
std::string new_secret(std::size_t bytes) {
    start_sodium();
    if (bytes < 16) bytes = 16;
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(&out[0], out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    sodium_memzero(raw.data(), raw.size());
    return out;
}

// Hex SHA-256 of the secret.
std::string digest_secret(std::string_view secret) {
    start_sodium();
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    return to_hex(hash, sizeof hash);
}

// Equal lengths compared with sodium_memcmp (constant time); different lengths are unequal.
bool same_secret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// 22 to 256 characters of A-Z a-z 0-9 - _.
bool is_secret_shaped(std::string_view text) {
    if (text.size() < 22 || text.size() > 256) return false;
    for (char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

}  // namespace auth
