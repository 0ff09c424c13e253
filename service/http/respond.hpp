// Answers shared by the handlers: JSON, problem documents (RFC 9457), bodies under a limit.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "core/diagnostic.hpp"
#include "http/server.hpp"
#include "worker/job.hpp"

namespace http {

// The lines of a problem list (a job's last error), empty lines left out.
Poco::JSON::Array::Ptr error_lines(const std::string& text);

// Milliseconds since the epoch as ISO 8601 UTC (2026-12-03T08:30:00Z).
std::string iso_time(std::int64_t ms);

// Sends a JSON object with a status (as a problem document with type "application/problem+json").
void send_json(Poco::Net::HTTPServerResponse& response, int status, const Poco::JSON::Object& body,
               const std::string& type = "application/json");
// Sends bytes with a status and a content type.
void send_bytes(Poco::Net::HTTPServerResponse& response, int status, const std::string& type,
                const std::string& bytes);
// Sends a problem document: {type, title, status, detail, problems?}.
void send_problem(Poco::Net::HTTPServerResponse& response, int status, const std::string& title,
                  const std::string& detail, const vanthu::diagnostics* problems = nullptr);

// A diagnostics list as JSON: line, column, path, message, hint, severity, and the CLI's text.
Poco::JSON::Array::Ptr problems_json(const vanthu::diagnostics& list);

// A job as the API shows it.
Poco::JSON::Object job_json(const worker::job& j);

// The value of a query parameter of a request, or empty.
std::string query_value(const Poco::Net::HTTPServerRequest& request, const std::string& name);

// Whether a Content-Length value (trimmed) is one: digits only, at most 18 of them.
bool is_content_length(std::string_view value);

// The request body, or nothing once a refusal is sent: 411 without Content-Length or chunked
// coding; 400 for a doubled or malformed Content-Length, Content-Length with Transfer-Encoding,
// a coding other than chunked, a bad chunk size or a body its sender ended early; 413 over the
// limit; 408 when the body comes slower than the pace. Chunked bodies are decoded here, from
// the connection's own bytes, strictly (Poco 1.11 reads a bad chunk size as the end).
std::optional<std::string> read_body(Poco::Net::HTTPServerRequest& request,
                                     Poco::Net::HTTPServerResponse& response, std::size_t limit,
                                     const body_pace& pace);

}  // namespace http
