// Owns the job routes: submit, show, result, list.
#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include "http/handlers.hpp"
#include "http/respond.hpp"

namespace http {

namespace {

// The query parameters of a request as pairs.
Poco::URI::QueryParameters query_of(const request& req) { return Poco::URI(req.getURI()).getQueryParameters(); }

// Answers 202 with the job and its Location.
void accept_job(response& res, const worker::job& j) {
    res.set("Location", "/v1/jobs/" + j.id);
    send_json(res, 202, job_json(j));
}

}  // namespace

// Checks the record first (422 with its problems), then queues it.
void submit_job(api_context& ctx, const caller& who, request& req, response& res, const std::string&) {
    if (ctx.draining) {
        res.set("Retry-After", std::to_string(ctx.config.retry_after_s));
        send_problem(res, 503, "Service Unavailable", "this worker is shutting down");
        return;
    }
    std::optional<std::string> body = read_body(req, res, ctx.config.max_body);
    if (!body) return;
    record::parse_result parsed = render::check_record(*body, ctx.config.render);
    if (!parsed) {
        send_problem(res, 422, "Unprocessable Content", "the record breaks the record format", &parsed.problems);
        return;
    }
    const std::string split = query_value(req, "split");
    if (!split.empty() && split != "0" && split != "1") {
        send_problem(res, 400, "Bad Request", "bad value for split: '" + split + "' (0 or 1)");
        return;
    }
    worker::submit_result s = ctx.store.submit(who.owner, parsed.value.id, *body, split == "1");
    switch (s.status) {
        case worker::submit_status::created:
            ctx.log.info("job queued", {s.value.id, s.value.record_id});
            if (ctx.pool) ctx.pool->wake();
            accept_job(res, s.value);
            return;
        case worker::submit_status::existing:
            accept_job(res, s.value);
            return;
        case worker::submit_status::conflict:
            res.set("Location", "/v1/jobs/" + s.value.id);
            send_problem(res, 409, "Conflict",
                         "record " + parsed.value.id + " was already submitted with different content" +
                             (s.value.split != (split == "1") ? " or another split flag" : ""));
            return;
        case worker::submit_status::queue_full:
            res.set("Retry-After", std::to_string(ctx.config.retry_after_s));
            send_problem(res, 429, "Too Many Requests", "the queue is full");
            return;
        case worker::submit_status::store_error:
            ctx.log.error("submit failed: " + s.error, {"", parsed.value.id});
            res.set("Retry-After", std::to_string(ctx.config.retry_after_s));
            send_problem(res, 503, "Service Unavailable", "the job store is not available");
            return;
    }
}

// Another owner's job is not found (404, never 403): its existence is not the caller's to know.
void show_job(api_context& ctx, const caller& who, request&, response& res, const std::string& id) {
    worker::find_result f = ctx.store.find(id, who.sees);
    if (!f.error.empty()) {
        send_problem(res, 503, "Service Unavailable", "the job store is not available");
    } else if (!f.value) {
        send_problem(res, 404, "Not Found", "no job " + id);
    } else {
        send_json(res, 200, job_json(*f.value));
    }
}

// 404 for no such job, 409 while it is not done.
void send_result(api_context& ctx, const caller& who, request&, response& res, const std::string& id) {
    worker::find_result f = ctx.store.find(id, who.sees);
    if (!f.value) {
        send_problem(res, f.error.empty() ? 404 : 503, f.error.empty() ? "Not Found" : "Service Unavailable",
                     "no job " + id);
        return;
    }
    std::optional<std::string> pdf;
    if (f.value->state == worker::job_state::done) pdf = ctx.store.read_result(id);
    if (!pdf) {
        send_problem(res, 409, "Conflict", std::string("the job is ") + worker::state_name(f.value->state) +
                                               ", it has no result");
        return;
    }
    const char* kind = f.value->split ? "zip" : "pdf";
    res.set("Content-Disposition", "attachment; filename=\"" + f.value->record_id + "." + kind + "\"");
    send_bytes(res, 200, std::string("application/") + kind, *pdf);
}

// state (optional), offset (0), limit (50, at most 500); 400 for bad values.
void list_jobs(api_context& ctx, const caller& who, request& req, response& res, const std::string&) {
    std::optional<worker::job_state> state;
    unsigned offset = 0, limit = 50;
    for (const auto& [k, v] : query_of(req)) {
        worker::job_state s;
        bool ok = true;
        if (k == "state") {
            ok = worker::parse_state(v, s);
            state = s;
        } else if (k == "offset") ok = Poco::NumberParser::tryParseUnsigned(v, offset);
        else if (k == "limit") ok = Poco::NumberParser::tryParseUnsigned(v, limit) && limit >= 1 && limit <= 500;
        if (!ok) {
            send_problem(res, 400, "Bad Request", "bad value for " + k + ": '" + v + "'");
            return;
        }
    }
    worker::list_result page = ctx.store.list(state, offset, limit, who.sees);
    if (!page.error.empty()) {
        send_problem(res, 503, "Service Unavailable", "the job store is not available");
        return;
    }
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const worker::job& j : page.items) items->add(job_json(j));
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("items", items);
    if (page.more) {
        std::string next = "/v1/jobs?";
        if (state) next += std::string("state=") + worker::state_name(*state) + "&";
        body.set("next", next + "offset=" + std::to_string(offset + limit) + "&limit=" + std::to_string(limit));
    }
    send_json(res, 200, body);
}

}  // namespace http
