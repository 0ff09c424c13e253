// Owns admitting a request: the bearer token looked up by its digest, scopes, failure limits.
#include "http/authenticate.hpp"

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/String.h>

#include "auth/secrets.hpp"
#include "http/handlers.hpp"
#include "http/respond.hpp"
#include "http/server.hpp"

namespace http {

namespace {

// The scope a need asks for.
auth::scope scope_of(need what) {
    switch (what) {
        case need::submit: return auth::scope::submit;
        case need::admin: return auth::scope::admin;
        case need::signer: return auth::scope::signer;
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
    count_failure(ctx, address);
    ctx.log.warn("401 from " + address + ": " + why);
    res.set("WWW-Authenticate", "Bearer realm=\"vanthu\"");
    send_problem(res, 401, "Unauthorized", why);
}


// 403 for a caller who lacks a scope, logged with its name and address.
void refuse_scope(api_context& ctx, const caller& who, const std::string& address, Poco::Net::HTTPServerResponse& res,
                  need what) {
    const std::string lacking = auth::scope_name(scope_of(what));
    ctx.log.warn(std::string("403 for ") + (who.user ? "user " : "client ") + who.name + " from " + address +
                 ": no '" + lacking + "' scope");
    send_problem(res, 403, "Forbidden",
                 (who.user ? "the role " + who.user->role : std::string("this client")) + " lacks the '" + lacking +
                     "' scope");
}

// The value of the session cookie, or empty.
std::string session_cookie(const Poco::Net::HTTPServerRequest& req) {
    Poco::Net::NameValueCollection cookies;
    req.getCookies(cookies);
    return cookies.get(session_cookie_name, "");
}

// Whether a method changes state, so that a cookie alone must not be enough (CSRF).
bool changes_state(const std::string& method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// A client with a bearer token: looked up by the token's digest; owns and sees its own jobs.
std::optional<caller> admit_client(api_context& ctx, Poco::Net::HTTPServerRequest& req,
                                   Poco::Net::HTTPServerResponse& res, need what, const std::string& address) {
    const std::string token = bearer_token(req);
    if (token.empty()) {
        refuse_unknown(ctx, address, res, "this request needs 'Authorization: Bearer <token>' or a session cookie");
        return std::nullopt;
    }
    std::string error;
    std::optional<worker::client_row> client;
    if (auth::is_secret_shaped(token)) client = ctx.store.find_client(auth::digest_secret(token), error);
    if (!error.empty()) {
        refuse_store(ctx, res, "cannot look a caller up", error);
        return std::nullopt;
    }
    if (!client) {
        refuse_unknown(ctx, address, res, "the token is unknown or revoked");
        return std::nullopt;
    }
    caller who;
    who.name = who.owner = client->name;
    who.sees = client->name;
    who.scopes = auth::parse_scopes(client->scopes).value;
    who.callback_url = client->callback_url;
    if (what == need::user) {
        send_problem(res, 403, "Forbidden", "this route is for users signed in with POST /v1/session, not clients");
        return std::nullopt;
    }
    if (!who.scopes.has(scope_of(what))) {
        refuse_scope(ctx, who, address, res, what);
        return std::nullopt;
    }
    return who;
}

// A user with a session cookie: the session looked up by the cookie's digest, the scopes of the
// user's role, the jobs of the user's unit; a state-changing request must echo the CSRF token.
std::optional<caller> admit_user(api_context& ctx, Poco::Net::HTTPServerRequest& req,
                                 Poco::Net::HTTPServerResponse& res, need what, const std::string& address,
                                 const std::string& cookie) {
    std::string error;
    std::optional<worker::session_found> found;
    if (auth::is_secret_shaped(cookie)) found = ctx.store.find_session(auth::digest_secret(cookie), error);
    if (!error.empty()) {
        refuse_store(ctx, res, "cannot look a caller up", error);
        return std::nullopt;
    }
    if (!found) {
        refuse_unknown(ctx, address, res, "the session has ended or is unknown; sign in again with POST /v1/session");
        return std::nullopt;
    }
    caller who;
    who.name = found->user.name;
    who.owner = found->user.unit.empty() ? "user:" + found->user.name : "unit:" + found->user.unit;
    who.sees = who.owner;
    who.scopes = auth::role_scopes(found->user.role);
    who.user = signed_in{found->user.role, found->user.unit, found->session.csrf_token, found->session.id_digest,
                         found->session.expires_ms};
    if (changes_state(req.getMethod()) &&
        !auth::same_secret(req.get("X-CSRF-Token", ""), found->session.csrf_token)) {
        ctx.log.warn("403 for user " + who.name + " from " + address + ": " + req.getMethod() +
                     " without the session's X-CSRF-Token");
        send_problem(res, 403, "Forbidden",
                     "a request that changes something needs the header X-CSRF-Token with the session's csrf_token");
        return std::nullopt;
    }
    if (what != need::user && !who.scopes.has(scope_of(what))) {
        refuse_scope(ctx, who, address, res, what);
        return std::nullopt;
    }
    return who;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
    if (host == "localhost") return true;
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

bool refuse_throttled(api_context& ctx, const std::string& address, Poco::Net::HTTPServerResponse& res) {
    const auto now = auth::failure_limiter::clock::now();
    if (ctx.failures.allows(address, now)) return false;
    res.set("Retry-After", std::to_string(ctx.failures.retry_after(address, now)));
    ctx.log.warn("429 for " + address + ": too many failed sign-ins");
    send_problem(res, 429, "Too Many Requests", "too many failed sign-ins from this address; wait and retry");
    return true;
}

void count_failure(api_context& ctx, const std::string& address) {
    ctx.failures.record_failure(address, auth::failure_limiter::clock::now());
}

// Open routes first; then the failure limit; then a bearer token, else a session cookie.
std::optional<caller> admit(api_context& ctx, Poco::Net::HTTPServerRequest& req,
                            Poco::Net::HTTPServerResponse& res, need what) {
    const bool has_bearer = req.has("Authorization");
    const std::string cookie = has_bearer ? std::string() : session_cookie(req);
    if (what == need::nothing || (!ctx.config.auth_required && cookie.empty() && what != need::user)) {
        caller who;
        for (auth::scope s : {auth::scope::submit, auth::scope::read, auth::scope::admin, auth::scope::signer})
            who.scopes.add(s);
        return who;  // nobody is asked: every job is the caller's to see
    }
    const std::string address = req.clientAddress().host().toString();
    if (refuse_throttled(ctx, address, res)) return std::nullopt;
    if (!cookie.empty()) return admit_user(ctx, req, res, what, address, cookie);
    if (what == need::user && !has_bearer) {  // not a guess: nobody is signed in, nothing counted
        res.set("WWW-Authenticate", "Bearer realm=\"vanthu\"");
        send_problem(res, 401, "Unauthorized", "nobody is signed in; sign in with POST /v1/session");
        return std::nullopt;
    }
    return admit_client(ctx, req, res, what, address);
}

}  // namespace http
