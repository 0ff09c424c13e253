// Random secrets (tokens, session ids, callback secrets) and the digests the store keeps of them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace auth {

// A new random secret of `bytes` bytes (at least 16: 128 bits), as URL-safe base64 without
// padding (43 characters for 32 bytes): fit for a header, a cookie or a URL as it is.
std::string new_secret(std::size_t bytes = 32);

// The digest kept instead of a secret (hex SHA-256). Secrets are 256 random bits, so a fast
// hash is enough: nobody can guess their way back, unlike with passwords.
std::string digest_secret(std::string_view secret);

// Whether two strings are equal, in a time that depends only on their lengths (for digests
// and signatures, so that a timing does not tell how many leading bytes matched).
bool same_secret(std::string_view a, std::string_view b);

// Whether text looks like a secret new_secret made: 22 to 256 URL-safe base64 characters
// (a header with anything else is refused before any look-up).
bool is_secret_shaped(std::string_view text);

}  // namespace auth
