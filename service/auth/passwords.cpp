// Owns password hashing and checking with Argon2id.
#include "auth/passwords.hpp"

#include <sodium.h>

#include <stdexcept>

namespace auth {

namespace {

constexpr unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
constexpr std::size_t min_chars = 10;
constexpr std::size_t max_bytes = 1024;  // a megabyte "password" is a denial of service, not a secret

// The number of characters (UTF-8 code points) of a text.
std::size_t count_chars(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

// At least 10 characters, at most 1 KiB.
std::string password_problem(std::string_view password) {
    if (password.size() > max_bytes) return "Mật khẩu dài quá 1024 byte.";
    if (count_chars(password) < min_chars) return "Mật khẩu cần ít nhất 10 ký tự.";
    return {};
}

// crypto_pwhash_str with the limits above.
std::string hash_password(std::string_view password) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), ops_limit, mem_limit) != 0)
        throw std::runtime_error("not enough memory to hash a password");
    return out;
}

// crypto_pwhash_str_verify on a stored form of the right size.
bool verify_password(const std::string& stored, std::string_view password) {
    if (sodium_init() < 0) return false;
    if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES || password.size() > max_bytes) return false;
    char buffer[crypto_pwhash_STRBYTES] = {};
    stored.copy(buffer, stored.size());
    return crypto_pwhash_str_verify(buffer, password.data(), password.size()) == 0;
}

// crypto_pwhash_str_needs_rehash against today's limits.
bool password_needs_rehash(const std::string& stored) {
    if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) return true;
    char buffer[crypto_pwhash_STRBYTES] = {};
    stored.copy(buffer, stored.size());
    return crypto_pwhash_str_needs_rehash(buffer, ops_limit, mem_limit) != 0;
}

}  // namespace auth
