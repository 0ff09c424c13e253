// Who is calling and whether they may do what they ask: the one question http/ asks auth/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "auth/scopes.hpp"

namespace http {

struct api_context;

// What a route needs of its caller.
enum class need {
    nothing,  // open to anybody: livez, readyz, openapi.json
    submit,   // post records
    read,     // read one's own jobs and results
    admin,    // metrics
    signer,   // sign: send back a person's signed PDF
    user      // a signed-in user, whatever the role: the session routes
};

// The web sign-in a caller came with (a session cookie).
struct signed_in {
    std::string role;            // clerk, signer, admin
    std::string unit;            // "" for none
    std::string csrf_token;      // what state-changing requests must send as X-CSRF-Token
    std::string session_digest;  // the store's key of the session
    std::int64_t expires_ms = 0;
};

// The name of the session cookie.
inline const char* const session_cookie_name = "vanthu_session";

// The caller of one request, once admitted.
struct caller {
    std::string name;                  // the client's name ("" when authentication is off)
    auth::scopes scopes;
    std::string owner;                 // the owner of the jobs it submits
    std::optional<std::string> sees;   // the only owner whose jobs it may see; empty: every job
    std::optional<signed_in> user;     // set when the caller is a user with a session cookie
    std::string callback_url;          // a client's default callback ("" for none, and for users)
};

// Admits a request to a route needing `what`, or answers it and returns nothing: 401 with
// WWW-Authenticate for a missing or unknown token or session, 403 for a scope the client lacks
// or a state-changing request with a session cookie but without its X-CSRF-Token, 429 for an
// address past its failures a minute, 503 when the store cannot be asked. A Bearer token wins
// over a cookie (and needs no CSRF token). Every refusal is logged with the peer's address,
// never with the token or the cookie.
std::optional<caller> admit(api_context& ctx, Poco::Net::HTTPServerRequest& req,
                            Poco::Net::HTTPServerResponse& res, need what);

// Answers 429 (with Retry-After) and returns true when the address is past its failed sign-ins.
bool refuse_throttled(api_context& ctx, const std::string& address, Poco::Net::HTTPServerResponse& res);

// Counts a failed sign-in (a bad token, cookie or password) of the address.
void count_failure(api_context& ctx, const std::string& address);

// Whether a host name or address is the loopback (127.0.0.0/8, ::1, localhost), where
// vanthu.auth=off is allowed.
bool is_loopback_host(const std::string& host);

}  // namespace http
