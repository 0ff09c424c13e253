// The API's request handlers, one function per route; each gets the caller admit() let in.
#pragma once

#include <cstdint>
#include <string>

#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "http/authenticate.hpp"
#include "http/server.hpp"

namespace http {

using request = Poco::Net::HTTPServerRequest;
using response = Poco::Net::HTTPServerResponse;

// Writes an audit line (when the worker keeps an audit log): the event, the caller as
// client:NAME or user:NAME, its address, and the job when there is one.
void audit(api_context& ctx, const caller& who, const request& req, const char* event, const worker::job* j);

// POST /v1/render: the PDF in the response.
void render_now(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);
// POST /v1/jobs (?split=1 for a ZIP of one PDF per recipient, ?template=NAME, ?revise=1 for the
// next revision of a record id): 202 + Location + Retry-After; idempotent; 409, 422, 429.
void submit_job(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);
// GET /v1/jobs/{id}: the job's state as JSON.
void show_job(api_context& ctx, const caller& who, request& req, response& res, const std::string& id);
// GET /v1/jobs/{id}/result: the PDF (or ZIP, for a split job) of a done job.
void send_result(api_context& ctx, const caller& who, request& req, response& res, const std::string& id);
// DELETE /v1/jobs/{id}: cancels a queued or running job, removes a finished one's result; 204.
void delete_job(api_context& ctx, const caller& who, request& req, response& res, const std::string& id);
// GET /v1/jobs?state=&record_id=&offset=&limit=: a page of jobs.
void list_jobs(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);
// POST /v1/import (multipart/form-data: record, recipients or participants, and optionally
// sheet, map, id_prefix, encoding): the record filled from the list, as XML (or JSON with its
// notes when asked); 422 with every problem named by its cell.
void import_list(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);
// A multipart body of POST /v1/render or /v1/jobs becomes the record filled from its list (any
// other body is left as it is); false once a refusal (400, 422) is sent.
bool take_list(api_context& ctx, request& req, response& res, std::string& body);
// GET /livez: the process answers.
void answer_live(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);
// GET /readyz: the store answers and the worker is not draining.
void answer_ready(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);
// GET /metrics: Prometheus text.
void send_metrics(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);
// GET /openapi.json: the API description.
void send_openapi(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);

// POST /v1/session (form or JSON: name, password): a session cookie and {name, role, unit,
// csrf_token, expires}; 401 for any wrong name or password, 429 past the failure limit.
void log_in(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);
// The session cookie: HttpOnly, SameSite=Strict, Path=/, and Secure when the listener speaks
// HTTPS; it lasts max_age_s seconds (0 tells the browser to forget it).
Poco::Net::HTTPCookie make_session_cookie(bool secure, const std::string& value, std::int64_t max_age_s);
// GET /v1/session: the signed-in user, as log_in answers.
void show_session(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);
// DELETE /v1/session: ends the session in the store (204).
void log_out(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);

}  // namespace http
