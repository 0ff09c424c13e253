// Owns admitting a request: the bearer token looked up by its digest, scopes, failure limits.
#include "http/authenticate.hpp"

#include <Poco/Net/IPAddress.h>
#include <Poco/String.h>

#include "auth/secrets.hpp"
#include "http/respond.hpp"
#include "http/server.hpp"

namespace http {

namespace {

// The scope a need asks for.
auth::scope scope_of(need what) {
    switch (what) {
        case need::submit: return auth::scope::submit;
        case need::admin: return auth::scope::admin;
        default: return auth::scope::read;
    }
}

// The token of an "Authorization: Bearer <token>" header, or empty.
std::string bearer_token(const Poco::Net::HTTPServerRequest& req) {
    const std::string header = req.get("Authorization", "");
    const std::string prefix = "bearer ";
    if (header.size() <= prefix.size() || Poco::icompare(header.substr(0, prefix.size()), prefix) != 0) return {};
    return Poco::trim(header.substr(prefix.size()));
}

// 401 with the challenge; counts a failure of the address.
void refuse_unknown(api_context& ctx, const std::string& address, Poco::Net::HTTPServerResponse& res,
                    const std::string& why) {
    ctx.failures.record_failure(address, auth::failure_limiter::clock::now());
    ctx.log.warn("401 from " + address + ": " + why);
    res.set("WWW-Authenticate", "Bearer realm=\"vanthu\"");
    send_problem(res, 401, "Unauthorized", why);
}

}  // namespace

bool is_loopback_host(const std::string& host) {
    if (host == "localhost") return true;
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

std::optional<caller> admit(api_context& ctx, Poco::Net::HTTPServerRequest& req,
                            Poco::Net::HTTPServerResponse& res, need what) {
    caller who;
    if (!ctx.config.auth_required || what == need::nothing) {
        for (auth::scope s : {auth::scope::submit, auth::scope::read, auth::scope::admin}) who.scopes.add(s);
        return who;  // nobody is asked: every job is the caller's to see
    }
    const std::string address = req.clientAddress().host().toString();
    const auto now = auth::failure_limiter::clock::now();
    if (!ctx.failures.allows(address, now)) {
        res.set("Retry-After", std::to_string(ctx.failures.retry_after(address, now)));
        ctx.log.warn("429 for " + address + ": too many failed sign-ins");
        send_problem(res, 429, "Too Many Requests", "too many failed sign-ins from this address; wait and retry");
        return std::nullopt;
    }
    const std::string token = bearer_token(req);
    if (token.empty()) {
        refuse_unknown(ctx, address, res, "this request needs 'Authorization: Bearer <token>'");
        return std::nullopt;
    }
    std::string error;
    std::optional<worker::client_row> client;
    if (auth::is_secret_shaped(token)) client = ctx.store.find_client(auth::digest_secret(token), error);
    if (!error.empty()) {
        ctx.log.error("cannot look a token up: " + error);
        res.set("Retry-After", std::to_string(ctx.config.retry_after_s));
        send_problem(res, 503, "Service Unavailable", "the job store is not available");
        return std::nullopt;
    }
    if (!client) {
        refuse_unknown(ctx, address, res, "the token is unknown or revoked");
        return std::nullopt;
    }
    who.name = who.owner = client->name;
    who.sees = client->name;
    who.scopes = auth::parse_scopes(client->scopes).value;
    if (!who.scopes.has(scope_of(what))) {
        const std::string lacking = auth::scope_name(scope_of(what));
        ctx.log.warn("403 for client " + who.name + " from " + address + ": no '" + lacking + "' scope");
        send_problem(res, 403, "Forbidden", "this client lacks the '" + lacking + "' scope");
        return std::nullopt;
    }
    return who;
}

}  // namespace http
