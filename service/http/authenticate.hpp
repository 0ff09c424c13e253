// Who is calling and whether they may do what they ask: the one question http/ asks auth/.
#pragma once

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
    admin     // metrics
};

// The caller of one request, once admitted.
struct caller {
    std::string name;                  // the client's name ("" when authentication is off)
    auth::scopes scopes;
    std::string owner;                 // the owner of the jobs it submits
    std::optional<std::string> sees;   // the only owner whose jobs it may see; empty: every job
};

// Admits a request to a route needing `what`, or answers it and returns nothing: 401 with
// WWW-Authenticate for a missing or unknown token, 403 for a scope the client lacks, 429 for
// an address past its failures a minute, 503 when the store cannot be asked. Every refusal is
// logged with the peer's address, never with the token.
std::optional<caller> admit(api_context& ctx, Poco::Net::HTTPServerRequest& req,
                            Poco::Net::HTTPServerResponse& res, need what);

// Whether a host name or address is the loopback (127.0.0.0/8, ::1, localhost), where
// vanthu.auth=off is allowed.
bool is_loopback_host(const std::string& host);

}  // namespace http
