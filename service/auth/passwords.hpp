// Passwords of the workspace's users: Argon2id (libsodium's crypto_pwhash_str), never kept in clear.
#pragma once

#include <string>
#include <string_view>

namespace auth {

// The rules a new password must meet; empty when it meets them, else why not (in Vietnamese:
// the clerk reads it).
std::string password_problem(std::string_view password);

// The stored form of a password: "$argon2id$v=19$m=...,t=...,p=1$salt$hash", a fresh salt each
// time. 64 MiB and 2 passes (libsodium's "interactive" limits): about 0.1 s on this machine,
// which a login pays once and a guesser pays per guess.
std::string hash_password(std::string_view password);

// Whether the password matches the stored form (false for a malformed stored form).
bool verify_password(const std::string& stored, std::string_view password);

// Whether a stored form was made with weaker limits than hash_password's today (rehash at the
// next successful login).
bool password_needs_rehash(const std::string& stored);

}  // namespace auth
