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
// Writes an audit line of any entry, its actor and address filled in from the request.
void audit_entry_of(api_context& ctx, const caller& who, const request& req, worker::audit_entry e);
// The caller as the audit log and a draft's updated_by name it: client:NAME or user:NAME ("" for nobody).
std::string actor_of(const caller& who);

// 503 with Retry-After when the job store cannot be asked; logs "what: error" (with the job
// when there is one). Every route answers a store failure with it.
void refuse_store(api_context& ctx, response& res, const std::string& what, const std::string& error,
                  const worker::log_context& about = {});

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

// GET or HEAD / and /web/{name}: a file of the web page's folder (vanthu.web), with the page's
// Content-Security-Policy and an ETag; 304 for a matching If-None-Match; 404 for any other name.
void send_web_file(api_context& ctx, const caller& who, request& req, response& res, const std::string& name);
// GET /v1/schema: the record schema of every kind, with Vietnamese labels, as JSON.
void send_schema(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);

// PUT /v1/drafts/{id}: keeps the record XML as the caller's draft (201 new, 200 saved over),
// whatever it breaks, answering its version and every problem; 422 when it is not XML with a
// known root carrying that id; 412 for an If-Match of another version.
void save_draft(api_context& ctx, const caller& who, request& req, response& res, const std::string& id);
// GET /v1/drafts/{id}: the draft's XML with its ETag.
void show_draft(api_context& ctx, const caller& who, request& req, response& res, const std::string& id);
// DELETE /v1/drafts/{id}: 204, or 404 for none of the caller's.
void delete_draft(api_context& ctx, const caller& who, request& req, response& res, const std::string& id);
// GET /v1/documents?q=&kind=: the caller's drafts and submitted records, the latest first,
// each with its draft's version and its latest job.
void list_documents(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);

// GET /verify/{code}: the public page of a registered certificate, in Vietnamese (404 page for a
// code nobody issued, 429 past vanthu.verify.per_minute lookups from one address).
void show_certificate(api_context& ctx, const caller& who, request& req, response& res, const std::string& code);
// DELETE /v1/certificates/{record id}/{recipient id}?reason=: revokes the recipient's
// certificates (admin); 200 with how many, 404 for none registered.
void revoke_certificate(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg);

// PUT /v1/jobs/{id}/signed (signer): the job's PDF with a person's signature appended, for a job
// awaiting it. 422 unless it is the job's own PDF, unchanged, with one more signature that is
// valid (and trusted, with vanthu.sign.trust); with sign=person,organization the body's seal
// is added after it. 200 with the job, now done; 409 when it is not awaiting a signature.
void accept_signed_result(api_context& ctx, const caller& who, request& req, response& res, const std::string& id);

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
