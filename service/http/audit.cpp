// Owns the audit lines the API writes: the caller, its address, the job.
#include "http/handlers.hpp"

namespace http {

void audit(api_context& ctx, const caller& who, const request& req, const char* event, const worker::job* j) {
    if (!ctx.audit) return;
    worker::audit_entry e;
    e.event = event;
    if (!who.name.empty()) e.actor = std::string(who.user ? "user:" : "client:") + who.name;
    e.address = req.clientAddress().host().toString();
    if (j) {
        e.job_id = j->id;
        e.record_id = j->record_id;
        e.revision = j->revision;
    }
    if (!ctx.audit->record(e)) ctx.log.error(std::string("cannot write the audit log (") + event + ")");
}

}  // namespace http
