// Owns the session routes: signing a user in with a password, who is signed in, signing out.
#include <sstream>

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MediaType.h>
#include <Poco/String.h>

#include "auth/passwords.hpp"
#include "auth/secrets.hpp"
#include "http/handlers.hpp"
#include "http/respond.hpp"

namespace http {

namespace {

constexpr std::size_t max_login_body = 16 * 1024;  // a name and a password of at most 1 KiB

// The name and password of a sign-in, or why they could not be read.
struct credentials {
    std::string name, password;
    std::string error;  // non-empty: 400 (or 415 when unsupported is set)
    bool unsupported = false;
};

// Reads name and password from a form (application/x-www-form-urlencoded) or a JSON object.
credentials read_credentials(const request& req, const std::string& body) {
    credentials c;
    try {
        const Poco::Net::MediaType media(req.getContentType().empty() ? "text/plain" : req.getContentType());
        const std::string type = Poco::toLower(media.getType() + "/" + media.getSubType());
        if (type == "application/x-www-form-urlencoded") {
            Poco::Net::HTMLForm form;
            std::istringstream in(body);
            form.read(in);
            c.name = form.get("name", "");
            c.password = form.get("password", "");
        } else if (type == "application/json") {
            Poco::JSON::Object::Ptr o = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
            if (!o) throw Poco::DataFormatException("not a JSON object");
            c.name = o->optValue<std::string>("name", "");
            c.password = o->optValue<std::string>("password", "");
        } else {
            c.unsupported = true;
            c.error = "send name and password as application/x-www-form-urlencoded or application/json";
        }
    } catch (const Poco::Exception& e) {
        c.error = "cannot read the sign-in: " + e.displayText();
    }
    if (c.error.empty() && (c.name.empty() || c.password.empty())) c.error = "a sign-in needs a name and a password";
    return c;
}

// The stored user if the name and password match an enabled user. An unknown name costs the
// same Argon2id check as a known one, so that the time taken does not tell which names exist.
std::optional<worker::user_row> check_password(api_context& ctx, const credentials& c, std::string& error) {
    static const std::string stand_in = auth::hash_password(auth::new_secret());
    std::optional<worker::user_row> user = ctx.store.find_user(c.name, error);
    if (!error.empty()) return std::nullopt;
    const bool matches = auth::verify_password(user ? user->password_hash : stand_in, c.password);
    if (!user || !matches || user->disabled_ms != 0) return std::nullopt;
    return user;
}

// {name, role, unit, csrf_token, expires} of a signed-in user.
Poco::JSON::Object session_json(const std::string& name, const signed_in& s) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("name", name);
    o.set("role", s.role);
    o.set("unit", s.unit);
    o.set("csrf_token", s.csrf_token);
    o.set("expires", Poco::DateTimeFormatter::format(Poco::Timestamp(s.expires_ms * 1000),
                                                     Poco::DateTimeFormat::ISO8601_FORMAT));
    return o;
}

}  // namespace

// HttpOnly, SameSite=Strict, Path=/, Secure on HTTPS, for max_age_s seconds.
Poco::Net::HTTPCookie make_session_cookie(bool secure, const std::string& value, std::int64_t max_age_s) {
    Poco::Net::HTTPCookie cookie(session_cookie_name, value);
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_STRICT);
    cookie.setSecure(secure);
    cookie.setMaxAge(static_cast<int>(max_age_s));
    return cookie;
}

// 200 with the session and its cookie; 401 with one message for any wrong name or password.
void log_in(api_context& ctx, const caller&, request& req, response& res, const std::string&) {
    const std::string address = req.clientAddress().host().toString();
    if (refuse_throttled(ctx, address, res)) return;
    std::optional<std::string> body = read_body(req, res, max_login_body, ctx.config.pace());
    if (!body) return;
    const credentials c = read_credentials(req, *body);
    if (!c.error.empty()) {
        send_problem(res, c.unsupported ? 415 : 400, c.unsupported ? "Unsupported Media Type" : "Bad Request", c.error);
        return;
    }
    std::string error;
    const std::optional<worker::user_row> user = check_password(ctx, c, error);
    if (!error.empty()) {
        refuse_store(ctx, res, "cannot look a user up", error);
        return;
    }
    if (!user) {
        count_failure(ctx, address);
        ctx.log.warn("401 from " + address + ": failed sign-in");
        if (ctx.audit) ctx.audit->record({"session.login_failed", c.name, address, "", "", 0});
        res.set("WWW-Authenticate", "Bearer realm=\"vanthu\"");
        send_problem(res, 401, "Unauthorized", "wrong name or password");
        return;
    }
    const std::string id = auth::new_secret();
    const std::int64_t now = worker::now_ms();
    const worker::session_row row{auth::digest_secret(id), user->name, auth::new_secret(), now,
                                  now + ctx.config.session_ttl_s * 1000};
    if (ctx.store.open_session(row, error) != worker::client_status::ok) {
        refuse_store(ctx, res, "cannot store a session", error);
        return;
    }
    ctx.log.info("user " + user->name + " signed in from " + address);
    if (ctx.audit) ctx.audit->record({"session.login", "user:" + user->name, address, "", "", 0});
    res.addCookie(make_session_cookie(ctx.config.tls, id, ctx.config.session_ttl_s));
    res.set("Cache-Control", "no-store");
    send_json(res, 200, session_json(user->name, signed_in{user->role, user->unit, row.csrf_token, row.id_digest,
                                                            row.expires_ms}));
}

// 200 with the signed-in user (the web page asks on load).
void show_session(api_context&, const caller& who, request&, response& res, const std::string&) {
    res.set("Cache-Control", "no-store");
    send_json(res, 200, session_json(who.name, *who.user));
}

// 204: the session is deleted from the store and the cookie cleared.
void log_out(api_context& ctx, const caller& who, request& req, response& res, const std::string&) {
    std::string error;
    if (ctx.store.close_session(who.user->session_digest, error) == worker::client_status::store_error) {
        refuse_store(ctx, res, "cannot end a session", error);
        return;
    }
    ctx.log.info("user " + who.name + " signed out from " + req.clientAddress().host().toString());
    audit(ctx, who, req, "session.logout", nullptr);
    res.addCookie(make_session_cookie(ctx.config.tls, "", 0));
    res.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
    res.setContentLength(0);
    res.send();
}

}  // namespace http
