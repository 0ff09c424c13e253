// Owns the API's response shapes: JSON, problem documents, jobs, bounded bodies.
#include "http/respond.hpp"

#include <ctime>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace http {

namespace {

using Poco::Net::HTTPResponse;

// How reading a body ended.
enum class body_end {
    complete,    // the stream ended (the declared length, the last chunk, or the sender stopped)
    over_limit,  // more than the limit arrived
    broken       // the socket timed out or failed mid-body
};

// Reads the stream into body, at most limit + 1 bytes. istream swallows the socket's
// exceptions into badbit; Poco's own exceptions may still escape and count as broken.
body_end read_bounded(std::istream& in, std::string& body, std::size_t limit) {
    char buf[65536];
    try {
        while (in) {
            in.read(buf, sizeof buf);
            body.append(buf, static_cast<std::size_t>(in.gcount()));
            if (body.size() > limit) return body_end::over_limit;
        }
    } catch (const Poco::Exception&) {
        return body_end::broken;
    }
    return in.bad() ? body_end::broken : body_end::complete;
}

}  // namespace

Poco::JSON::Array::Ptr error_lines(const std::string& text) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) out->add(line);
    return out;
}

std::string iso_time(std::int64_t ms) {
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&secs, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

void send_json(Poco::Net::HTTPServerResponse& response, int status, const Poco::JSON::Object& body,
               const std::string& type) {
    std::ostringstream text;
    body.stringify(text);
    send_bytes(response, status, type, text.str());
}

void send_bytes(Poco::Net::HTTPServerResponse& response, int status, const std::string& type,
                const std::string& bytes) {
    response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));  // "202 Accepted", not "202 OK"
    response.setContentType(type);
    response.setContentLength64(static_cast<Poco::UInt64>(bytes.size()));
    response.send().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void send_problem(Poco::Net::HTTPServerResponse& response, int status, const std::string& title,
                  const std::string& detail, const vanthu::diagnostics* problems) {
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("type", "about:blank");
    body.set("title", title);
    body.set("status", status);
    body.set("detail", detail);
    if (problems) body.set("problems", problems_json(*problems));
    std::ostringstream text;
    body.stringify(text);
    send_bytes(response, status, "application/problem+json", text.str());
}

Poco::JSON::Array::Ptr problems_json(const vanthu::diagnostics& list) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const vanthu::diagnostic& d : list.items) {
        Poco::JSON::Object::Ptr p = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        p->set("severity", d.level == vanthu::severity::error ? "error" : "warning");
        p->set("line", d.where.line);
        p->set("column", d.where.column);
        p->set("path", d.where.path);
        p->set("message", d.message);
        if (!d.hint.empty()) p->set("hint", d.hint);
        p->set("text", vanthu::format_diagnostic(d));
        out->add(p);
    }
    return out;
}

Poco::JSON::Object job_json(const worker::job& j) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("id", j.id);
    o.set("record_id", j.record_id);
    o.set("revision", j.revision);
    o.set("state", worker::state_name(j.state));
    o.set("attempts", j.attempts);
    o.set("max_attempts", j.max_attempts);
    Poco::JSON::Object::Ptr progress = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    progress->set("pages_done", j.pages_done);
    progress->set("pages_total", j.pages_total);
    o.set("progress", progress);
    o.set("errors", error_lines(j.last_error));
    o.set("created", iso_time(j.created_ms));
    o.set("updated", iso_time(j.updated_ms));
    o.set("location", "/v1/jobs/" + j.id);
    o.set("split", j.split);
    if (!j.template_name.empty()) o.set("template", j.template_name);
    if (j.state == worker::job_state::done && j.purged_ms == 0) o.set("result", "/v1/jobs/" + j.id + "/result");
    if (!j.result_digest.empty()) o.set("sha256", j.result_digest);
    if (j.purged_ms != 0) o.set("purged", iso_time(j.purged_ms));
    if (!j.callback_url.empty()) o.set("callback", j.callback_url);
    return o;
}

// The first value given for the parameter.
std::string query_value(const Poco::Net::HTTPServerRequest& request, const std::string& name) {
    for (const auto& [k, v] : Poco::URI(request.getURI()).getQueryParameters())
        if (k == name) return v;
    return {};
}

// Refuses by Content-Length before reading; a chunked body is read up to limit + 1 bytes.
// A socket timeout mid-body is 408; a body its sender ended early (or a negative length) is 400.
std::optional<std::string> read_body(Poco::Net::HTTPServerRequest& request,
                                     Poco::Net::HTTPServerResponse& response, std::size_t limit) {
    const Poco::Int64 declared = request.hasContentLength() ? request.getContentLength64() : -1;
    if (request.hasContentLength() && declared < 0) {
        response.setKeepAlive(false);
        send_problem(response, 400, "Bad Request", "the Content-Length is negative");
        return std::nullopt;
    }
    if (declared > static_cast<Poco::Int64>(limit)) {
        response.setKeepAlive(false);  // the unread body makes the connection unusable
        send_problem(response, 413, "Payload Too Large",
                     "the body is over the limit of " + std::to_string(limit) + " bytes");
        return std::nullopt;
    }
    std::string body;
    const body_end end = read_bounded(request.stream(), body, limit);
    if (end == body_end::complete && (declared < 0 || static_cast<Poco::Int64>(body.size()) == declared))
        return body;
    response.setKeepAlive(false);
    if (end == body_end::over_limit) {
        send_problem(response, 413, "Payload Too Large",
                     "the body is over the limit of " + std::to_string(limit) + " bytes");
    } else if (end == body_end::broken) {
        send_problem(response, 408, "Request Timeout", "the body did not arrive in time");
    } else {
        send_problem(response, 400, "Bad Request", "the body ended after " + std::to_string(body.size()) +
                                                       " of " + std::to_string(declared) + " bytes");
    }
    return std::nullopt;
}

}  // namespace http
