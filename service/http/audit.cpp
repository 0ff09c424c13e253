// Owns what every route shares beyond respond.hpp: the audit lines the API writes (the caller,
// its address, the job or the draft) and the answer to a store that cannot be asked.
#include "http/handlers.hpp"
#include "http/respond.hpp"

namespace http {

std::string actor_of(const caller& who) {
    if (who.name.empty()) return {};
    return std::string(who.user ? "user:" : "client:") + who.name;
}

void audit_entry_of(api_context& ctx, const caller& who, const request& req, worker::audit_entry e) {
    if (!ctx.audit) return;
    e.actor = actor_of(who);
    e.address = req.clientAddress().host().toString();
    if (!ctx.audit->record(e)) ctx.log.error("cannot write the audit log (" + e.event + ")");
}

void audit(api_context& ctx, const caller& who, const request& req, const char* event, const worker::job* j) {
    worker::audit_entry e;
    e.event = event;
    if (j) {
        e.job_id = j->id;
        e.record_id = j->record_id;
        e.revision = j->revision;
    }
    audit_entry_of(ctx, who, req, std::move(e));
}

void refuse_store(api_context& ctx, response& res, const std::string& what, const std::string& error,
                  const worker::log_context& about) {
    ctx.log.error(what + ": " + error, about);
    res.set("Retry-After", std::to_string(ctx.config.retry_after_s));
    send_problem(res, 503, "Service Unavailable", "the job store is not available");
}

}  // namespace http
