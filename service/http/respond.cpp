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

// Milliseconds since the epoch as ISO 8601 UTC.
std::string iso_time(std::int64_t ms) {
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&secs, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

// The lines of a problem list, empty lines left out.
Poco::JSON::Array::Ptr error_lines(const std::string& text) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) out->add(line);
    return out;
}

}  // namespace

void send_json(Poco::Net::HTTPServerResponse& response, int status, const Poco::JSON::Object& body) {
    std::ostringstream text;
    body.stringify(text);
    send_bytes(response, status, "application/json", text.str());
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
    if (j.state == worker::job_state::done) o.set("result", "/v1/jobs/" + j.id + "/result");
    return o;
}

// The first value given for the parameter.
std::string query_value(const Poco::Net::HTTPServerRequest& request, const std::string& name) {
    for (const auto& [k, v] : Poco::URI(request.getURI()).getQueryParameters())
        if (k == name) return v;
    return {};
}

// Refuses by Content-Length before reading; a chunked body is read up to limit + 1 bytes.
std::optional<std::string> read_body(Poco::Net::HTTPServerRequest& request,
                                     Poco::Net::HTTPServerResponse& response, std::size_t limit) {
    const std::string too_big = "the body is over the limit of " + std::to_string(limit) + " bytes";
    if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(limit)) {
        response.setKeepAlive(false);  // the unread body makes the connection unusable
        send_problem(response, 413, "Payload Too Large", too_big);
        return std::nullopt;
    }
    std::string body;
    std::istream& in = request.stream();
    char buf[65536];
    try {
        while (in) {
            in.read(buf, sizeof buf);
            body.append(buf, static_cast<std::size_t>(in.gcount()));
            if (body.size() > limit) {
                response.setKeepAlive(false);
                send_problem(response, 413, "Payload Too Large", too_big);
                return std::nullopt;
            }
        }
    } catch (const Poco::Exception& e) {  // the socket timed out or broke mid-body
        response.setKeepAlive(false);
        send_problem(response, 408, "Request Timeout", "the body did not arrive: " + e.displayText());
        return std::nullopt;
    }
    // istream swallows the socket's timeout: a short or broken body shows as badbit or missing bytes.
    if (in.bad() || (request.hasContentLength() &&
                     static_cast<Poco::Int64>(body.size()) < request.getContentLength64())) {
        response.setKeepAlive(false);
        send_problem(response, 408, "Request Timeout", "the body ended early or did not arrive in time");
        return std::nullopt;
    }
    return body;
}

}  // namespace http
