// Owns the job routes: submit, show, result, list.
#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include "http/callback_policy.hpp"
#include "http/handlers.hpp"
#include "http/respond.hpp"
#include "worker/job_key.hpp"

namespace http {

namespace {

// The query parameters of a request as pairs.
Poco::URI::QueryParameters query_of(const request& req) { return Poco::URI(req.getURI()).getQueryParameters(); }

// Answers 202 with the job, its Location, and when to look again.
void accept_job(response& res, const worker::job& j) {
    res.set("Location", "/v1/jobs/" + j.id);
    res.set("Retry-After", j.state == worker::job_state::queued || j.state == worker::job_state::running ? "1" : "0");
    send_json(res, 202, job_json(j));
}

// A 0/1 query flag; false with a 400 sent for anything else.
bool read_flag(request& req, response& res, const std::string& name, bool& out) {
    const std::string v = query_value(req, name);
    if (!v.empty() && v != "0" && v != "1") {
        send_problem(res, 400, "Bad Request", "bad value for " + name + ": '" + v + "' (0 or 1)");
        return false;
    }
    out = v == "1";
    return true;
}

// The 409 of a record id already used with other content, saying how to revise it.
void refuse_conflict(response& res, const worker::job& latest, const std::string& record_id) {
    res.set("Location", "/v1/jobs/" + latest.id);
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("type", "about:blank");
    body.set("title", "Conflict");
    body.set("status", 409);
    body.set("detail", "record " + record_id + " was already submitted (revision " + std::to_string(latest.revision) +
                           ") with other content, template or split flag; to replace it, send it again to"
                           " POST /v1/jobs?revise=1 (or set revise=\"yes\" on the record's root) to make revision " +
                           std::to_string(latest.revision + 1));
    body.set("latest", job_json(latest));
    send_json(res, 409, body, "application/problem+json");
}

// The job's callback: ?callback=URL, else the client's default. A URL the allow list refuses
// is a 422 naming the parameter; a callback from a user (no callback secret to sign with) too.
bool read_callback(api_context& ctx, const caller& who, request& req, response& res, std::string& url) {
    url = query_value(req, "callback");
    if (url.empty()) {
        url = who.callback_url;  // checked again at each delivery: the list may change
        return true;
    }
    std::string why = who.user ? "callbacks are signed with an API client's callback secret: use a client's token"
                               : refuse_callback_url(url, ctx.config.callback_allow, ctx.config.callback_https_only);
    if (why.empty()) return true;
    send_problem(res, 422, "Unprocessable Content", "callback: " + why);
    return false;
}

// ?sign=: who signs the result. organization (the body's seal, put on by this worker at once)
// needs the signer scope and a worker with a key; person (the job waits for the person's signed
// PDF, which only a signer sends back) goes with one PDF, not a ZIP; person,organization seals
// it once that PDF is back. False with the answer sent.
bool read_sign(api_context& ctx, const caller& who, request& req, response& res, worker::submission& sub) {
    sub.sign = query_value(req, "sign");
    if (sub.sign.empty()) return true;
    if (sub.sign != "organization" && sub.sign != "person" && sub.sign != "person,organization") {
        send_problem(res, 400, "Bad Request",
                     "bad value for sign: '" + sub.sign + "' (organization, person or person,organization)");
        return false;
    }
    std::string why;
    int status = 422;
    // The seal after a person's signature waits for a signer to send that signature back.
    if (sub.sign == "organization" && !who.scopes.has(auth::scope::signer)) {
        status = 403;
        why = "sign=organization puts the body's seal on the result: it needs the signer scope";
    } else if (worker::signs_as(sub.sign, "organization") && !(ctx.seal && ctx.seal->loaded)) {
        why = "sign=organization: this worker has no signing key (vanthu.sign.p12)";
    } else if (worker::signs_as(sub.sign, "person") && sub.split) {
        why = "sign=person: a person signs one PDF, not a ZIP of them; leave out split";
    }
    if (why.empty()) return true;
    send_problem(res, status, status == 403 ? "Forbidden" : "Unprocessable Content", why);
    return false;
}

}  // namespace

// Checks the record and its template first (422 with their problems), then queues it under the
// caller, keyed by the record and everything its render is made from.
void submit_job(api_context& ctx, const caller& who, request& req, response& res, const std::string&) {
    if (ctx.draining) {
        res.set("Retry-After", std::to_string(ctx.config.retry_after_s));
        send_problem(res, 503, "Service Unavailable", "this worker is shutting down");
        return;
    }
    std::optional<std::string> body = read_body(req, res, ctx.config.max_body, ctx.config.pace());
    if (!body || !take_list(ctx, req, res, *body)) return;
    worker::submission sub;
    if (!read_flag(req, res, "split", sub.split) || !read_flag(req, res, "revise", sub.revise) ||
        !read_sign(ctx, who, req, res, sub))
        return;
    render::options opts = ctx.config.render;
    sub.template_name = opts.template_name = query_value(req, "template");
    worker::job_key_result key = worker::make_job_key(*body, opts);
    if (!key) {
        const bool record_bad = key.inputs.status == render::failure::bad_record;
        send_problem(res, 422, "Unprocessable Content",
                     record_bad ? "the record breaks the record format" : "the template cannot be used",
                     &key.inputs.problems);
        return;
    }
    if (sub.split && !key.inputs.per_recipient) {  // known now: never queued to fail
        vanthu::diagnostics why;
        why.error({key.inputs.template_file, 0, 0, {}}, "this template does not make its pages per recipient",
                  "split needs a certification template with pages=\"per-recipient\"");
        send_problem(res, 422, "Unprocessable Content", "the record cannot be split", &why);
        return;
    }
    if (!read_callback(ctx, who, req, res, sub.callback_url)) return;
    sub.owner = who.owner;
    sub.record_id = key.inputs.record_id;
    sub.record_bytes = *body;
    sub.key = key.key;
    sub.revise = sub.revise || key.inputs.revise;
    worker::submit_result s = ctx.store.submit(sub);
    switch (s.status) {
        case worker::submit_status::created:
            ctx.log.info("job queued, revision " + std::to_string(s.value.revision), {s.value.id, s.value.record_id});
            audit(ctx, who, req, s.value.revision > 1 ? "job.revised" : "job.submitted", &s.value);
            if (ctx.pool) ctx.pool->wake();
            accept_job(res, s.value);
            return;
        case worker::submit_status::existing:
            accept_job(res, s.value);
            return;
        case worker::submit_status::conflict:
            refuse_conflict(res, s.value, sub.record_id);
            return;
        case worker::submit_status::queue_full:
            res.set("Retry-After", std::to_string(ctx.config.retry_after_s));
            send_problem(res, 429, "Too Many Requests", "the queue is full");
            return;
        case worker::submit_status::store_error:
            refuse_store(ctx, res, "submit failed", s.error, {"", sub.record_id});
            return;
    }
}

// Another owner's job is not found (404, never 403): its existence is not the caller's to know.
// The job shows every revision of its record id, each with its own location.
void show_job(api_context& ctx, const caller& who, request&, response& res, const std::string& id) {
    worker::find_result f = ctx.store.find(id, who.sees);
    if (!f.error.empty()) {
        refuse_store(ctx, res, "cannot read a job", f.error, {id, ""});
        return;
    }
    if (!f.value) {
        send_problem(res, 404, "Not Found", "no job " + id);
        return;
    }
    Poco::JSON::Object body = job_json(*f.value);
    worker::list_result all = ctx.store.revisions(*f.value);
    Poco::JSON::Array::Ptr revisions = new Poco::JSON::Array;
    for (const worker::job& r : all.items) {
        Poco::JSON::Object::Ptr one = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        one->set("revision", r.revision);
        one->set("id", r.id);
        one->set("state", worker::state_name(r.state));
        one->set("location", "/v1/jobs/" + r.id);
        if (r.state == worker::job_state::done && r.purged_ms == 0) one->set("result", "/v1/jobs/" + r.id + "/result");
        revisions->add(one);
    }
    body.set("revisions", revisions);
    if (!f.value->callback_url.empty()) {
        std::string error;
        Poco::JSON::Array::Ptr deliveries = new Poco::JSON::Array;
        for (const worker::callback_event& e : ctx.store.callbacks_of(f.value->id, error)) {
            Poco::JSON::Object::Ptr one = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            one->set("id", e.id);
            one->set("type", e.type);
            one->set("state", e.state);
            one->set("attempts", e.attempts);
            if (e.last_status != 0) one->set("last_status", e.last_status);
            if (!e.last_error.empty()) one->set("last_error", e.last_error);
            if (e.delivered_ms != 0) one->set("delivered", iso_time(e.delivered_ms));
            deliveries->add(one);
        }
        body.set("callbacks", deliveries);
    }
    send_json(res, 200, body);
}

namespace {

// The result a chunk at a time, with its length known from the job: a result of any size
// passes through a MiB of memory. A store failing before the first byte is a 503; after it,
// the connection is cut short of the Content-Length, which the client sees.
void stream_result(api_context& ctx, response& res, const worker::job& j, const std::string& type) {
    if (j.result_bytes <= 0) {  // stored before its size was kept
        std::optional<std::string> bytes = ctx.store.read_result(j.id);
        if (!bytes) {
            send_problem(res, 503, "Service Unavailable", "the result cannot be read now");
            return;
        }
        send_bytes(res, 200, type, *bytes);
        return;
    }
    std::ostream* body = nullptr;
    const worker::read_status read = ctx.store.read_result(j.id, [&](std::string_view chunk) {
        if (!body) {
            res.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
            res.setContentType(type);
            res.setContentLength64(j.result_bytes);
            body = &res.send();
        }
        body->write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        return body->good();
    });
    if (body) {
        if (read != worker::read_status::ok) ctx.log.error("the result was cut short while it was sent", {j.id, j.record_id});
        return;
    }
    send_problem(res, 503, "Service Unavailable", "the result cannot be read now");
}

}  // namespace

// 404 for no such job (of the caller's), 409 while it is not done.
void send_result(api_context& ctx, const caller& who, request& req, response& res, const std::string& id) {
    worker::find_result f = ctx.store.find(id, who.sees);
    if (!f.value) {
        send_problem(res, f.error.empty() ? 404 : 503, f.error.empty() ? "Not Found" : "Service Unavailable",
                     "no job " + id);
        return;
    }
    if (f.value->purged_ms != 0) {
        send_problem(res, 410, "Gone", "the result of job " + id + " was removed " + iso_time(f.value->purged_ms) +
                                           " after the retention period; its SHA-256 was " + f.value->result_digest);
        return;
    }
    if (f.value->state != worker::job_state::done && f.value->state != worker::job_state::awaiting_signature) {
        send_problem(res, 409, "Conflict", std::string("the job is ") + worker::state_name(f.value->state) +
                                               ", it has no result");
        return;
    }
    audit(ctx, who, req, "job.downloaded", &*f.value);
    const char* kind = f.value->split ? "zip" : "pdf";
    res.set("Content-Disposition", "attachment; filename=\"" + f.value->record_id + "." + kind + "\"");
    stream_result(ctx, res, *f.value, std::string("application/") + kind);
}

// A queued or running job is cancelled (a render running here stops at its next recipient, one
// on another worker at that worker's next heartbeat), a finished one's result removed; 204
// either way, and again for one already cancelled or deleted.
void delete_job(api_context& ctx, const caller& who, request& req, response& res, const std::string& id) {
    worker::cancel_result c = ctx.store.cancel(id, who.sees);
    switch (c.status) {
        case worker::cancel_status::not_found:
            send_problem(res, 404, "Not Found", "no job " + id);
            return;
        case worker::cancel_status::store_error:
            refuse_store(ctx, res, "cancel failed", c.error, {id, ""});
            return;
        default:
            if (c.status != worker::cancel_status::unchanged) {
                ctx.log.info(std::string("job ") + worker::state_name(c.value->state) + " by its client " + who.name,
                             {id, c.value->record_id});
                audit(ctx, who, req, c.status == worker::cancel_status::cancelled ? "job.cancelled" : "job.deleted",
                      &*c.value);
                if (c.status == worker::cancel_status::cancelled && ctx.pool) ctx.pool->cancelled(id);
            }
            res.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
            res.setContentLength(0);
            res.send();
            return;
    }
}

// state (optional), offset (0), limit (50, at most 500); 400 for bad values.
void list_jobs(api_context& ctx, const caller& who, request& req, response& res, const std::string&) {
    std::optional<worker::job_state> state;
    std::optional<std::string> record_id;
    unsigned offset = 0, limit = 50;
    for (const auto& [k, v] : query_of(req)) {
        worker::job_state s;
        bool ok = true;
        if (k == "state") {
            ok = worker::parse_state(v, s);
            state = s;
        } else if (k == "record_id") {
            record_id = v;
        } else if (k == "offset") ok = Poco::NumberParser::tryParseUnsigned(v, offset);
        else if (k == "limit") ok = Poco::NumberParser::tryParseUnsigned(v, limit) && limit >= 1 && limit <= 500;
        if (!ok) {
            send_problem(res, 400, "Bad Request", "bad value for " + k + ": '" + v + "'");
            return;
        }
    }
    worker::list_result page = ctx.store.list(state, offset, limit, who.sees, record_id);
    if (!page.error.empty()) {
        refuse_store(ctx, res, "cannot list jobs", page.error);
        return;
    }
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const worker::job& j : page.items) items->add(job_json(j));
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("items", items);
    if (page.more) {
        std::string next = "/v1/jobs?";
        if (state) next += std::string("state=") + worker::state_name(*state) + "&";
        if (record_id) {
            std::string encoded;
            Poco::URI::encode(*record_id, "&=+#", encoded);
            next += "record_id=" + encoded + "&";
        }
        body.set("next", next + "offset=" + std::to_string(offset + limit) + "&limit=" + std::to_string(limit));
    }
    send_json(res, 200, body);
}

}  // namespace http
