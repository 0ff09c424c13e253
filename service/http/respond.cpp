// Owns the API's response shapes: JSON, problem documents, jobs.
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
        if (!d.where.file.empty()) p->set("file", d.where.file);
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
    if (!j.sign.empty()) o.set("sign", j.sign);
    const bool has_result = j.state == worker::job_state::done || j.state == worker::job_state::awaiting_signature;
    if (has_result && j.purged_ms == 0) o.set("result", "/v1/jobs/" + j.id + "/result");
    if (j.state == worker::job_state::awaiting_signature && j.purged_ms == 0)
        o.set("signed", "/v1/jobs/" + j.id + "/signed");
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

}  // namespace http
