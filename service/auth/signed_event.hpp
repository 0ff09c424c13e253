// The signature of a callback delivery: "Vanthu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace auth {

// The header value for a body sent at `unix_seconds`: HMAC-SHA256 of "<t>.<body>" keyed with
// the client's callback secret, in hex.
std::string sign_event(std::string_view secret, std::int64_t unix_seconds, std::string_view body);

// Whether a header value signs the body with the secret, and its time is within
// `tolerance_seconds` of `now` (an old delivery replayed is refused). What a receiver does;
// the tests use it, and so can a client written in C++.
bool verify_event(std::string_view secret, std::string_view header, std::string_view body, std::int64_t now,
                  std::int64_t tolerance_seconds = 300);

}  // namespace auth
