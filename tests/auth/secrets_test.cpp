// Tests of random secrets, their digests and the constant-time comparison.
#include <catch2/catch.hpp>

#include <set>

#include "auth/secrets.hpp"

TEST_CASE("new_secrets_are_url_safe_at_least_128_bits_and_never_repeat") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string s = auth::new_secret();
        CHECK(s.size() == 43);  // 32 bytes, base64 without padding
        CHECK(auth::is_secret_shaped(s));
        CHECK(s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
        seen.insert(s);
    }
    CHECK(seen.size() == 1000);
    CHECK(auth::new_secret(4).size() == 22);  // never fewer than 16 bytes
}

TEST_CASE("a_secret_is_kept_as_its_sha256_digest_and_compared_by_digest") {
    // The SHA-256 of "abc" (FIPS 180-2).
    CHECK(auth::digest_secret("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const std::string token = auth::new_secret();
    CHECK(auth::same_secret(auth::digest_secret(token), auth::digest_secret(token)));
    CHECK_FALSE(auth::same_secret(auth::digest_secret(token), auth::digest_secret(token + "x")));
    CHECK_FALSE(auth::same_secret("abc", "abd"));
    CHECK_FALSE(auth::same_secret("abc", "abcd"));
    CHECK(auth::same_secret("", ""));
}

TEST_CASE("only_text_shaped_like_a_secret_is_looked_up") {
    CHECK_FALSE(auth::is_secret_shaped(""));
    CHECK_FALSE(auth::is_secret_shaped("short"));
    CHECK_FALSE(auth::is_secret_shaped("aaaaaaaaaaaaaaaaaaaaaaaaa' OR 1=1 --"));
    CHECK_FALSE(auth::is_secret_shaped(std::string(257, 'a')));
    CHECK(auth::is_secret_shaped(std::string(22, 'a')));
}
