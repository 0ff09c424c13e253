// Owns the audit lines the API writes: the caller, its address, the job or the draft.
#include "http/handlers.hpp"

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

}  // namespace http
