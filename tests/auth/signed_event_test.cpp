// Tests of the callback signature header.
#include <catch2/catch.hpp>

#include "auth/signed_event.hpp"

TEST_CASE("a_callback_body_is_signed_with_hmac_sha256_of_time_dot_body") {
    // The expected value from `printf '1700000000.{}' | openssl dgst -sha256 -hmac Jefe`.
    const std::string header = auth::sign_event("Jefe", 1700000000, "{}");
    CHECK(header == "t=1700000000,v1=d3793e2b4103edfbd98cc19591832f5fad701d413db9fcae0ae7dab8184ed207");
    CHECK(auth::verify_event("Jefe", header, "{}", 1700000000));
}

TEST_CASE("a_changed_body_another_secret_an_old_time_or_a_mangled_header_do_not_verify") {
    const std::string body = R"({"event":"job.done","job_id":"7"})";
    const std::string header = auth::sign_event("secret-1", 1700000000, body);
    CHECK(auth::verify_event("secret-1", header, body, 1700000100));
    CHECK_FALSE(auth::verify_event("secret-1", header, body + " ", 1700000100));
    CHECK_FALSE(auth::verify_event("secret-2", header, body, 1700000100));
    CHECK_FALSE(auth::verify_event("secret-1", header, body, 1700000301));  // replayed after 5 minutes
    CHECK_FALSE(auth::verify_event("secret-1", "t=1700000000,v1=00", body, 1700000000));
    CHECK_FALSE(auth::verify_event("secret-1", "v1=" + header, body, 1700000000));
    CHECK_FALSE(auth::verify_event("secret-1", "t=17000x0000" + header.substr(12), body, 1700000000));
}
