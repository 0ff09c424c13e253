// Tests of password hashing with Argon2id.
#include <catch2/catch.hpp>

#include "auth/passwords.hpp"

TEST_CASE("a_password_is_stored_as_argon2id_with_a_fresh_salt_and_verifies_only_itself") {
    const std::string stored = auth::hash_password("mật khẩu của văn thư");
    CHECK(stored.rfind("$argon2id$", 0) == 0);
    CHECK(stored.find("mật khẩu") == std::string::npos);
    CHECK(auth::verify_password(stored, "mật khẩu của văn thư"));
    CHECK_FALSE(auth::verify_password(stored, "mật khẩu của văn thu"));
    CHECK_FALSE(auth::verify_password(stored, ""));
    CHECK(auth::hash_password("mật khẩu của văn thư") != stored);  // another salt
    CHECK_FALSE(auth::password_needs_rehash(stored));
}

TEST_CASE("a_malformed_stored_password_never_verifies") {
    CHECK_FALSE(auth::verify_password("", "x"));
    CHECK_FALSE(auth::verify_password("$argon2id$v=19$garbage", "x"));
    CHECK_FALSE(auth::verify_password(std::string(4096, '$'), "x"));
    CHECK(auth::password_needs_rehash("$argon2id$v=19$garbage"));
}

TEST_CASE("a_new_password_needs_ten_characters_and_at_most_a_kibibyte") {
    CHECK(auth::password_problem("ngắn").find("ít nhất 10 ký tự") != std::string::npos);
    CHECK(auth::password_problem("đủđủđủđủđủ").empty());  // 10 characters, 20 bytes
    CHECK_FALSE(auth::password_problem(std::string(1025, 'a')).empty());
    CHECK_FALSE(auth::verify_password(auth::hash_password("aaaaaaaaaa"), std::string(2000, 'a')));
}
