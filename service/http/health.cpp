// Owns the operational routes: livez, readyz, metrics, openapi.json.
#include "http/handlers.hpp"
#include "http/respond.hpp"

namespace http {

void answer_live(api_context&, const caller&, request&, response& res, const std::string&) {
    send_bytes(res, 200, "text/plain; charset=utf-8", "ok\n");
}

// Fails as soon as draining starts, so a load balancer stops sending work.
void answer_ready(api_context& ctx, const caller&, request&, response& res, const std::string&) {
    if (ctx.draining) {
        send_bytes(res, 503, "text/plain; charset=utf-8", "draining\n");
    } else if (!ctx.store.ping()) {
        send_bytes(res, 503, "text/plain; charset=utf-8", "store unreachable\n");
    } else {
        send_bytes(res, 200, "text/plain; charset=utf-8", "ready\n");
    }
}

void send_metrics(api_context& ctx, const caller&, request&, response& res, const std::string&) {
    worker::queue_counts depth = ctx.store.count_live();
    const bool ready = !ctx.draining && depth.error.empty();
    send_bytes(res, 200, "text/plain; version=0.0.4; charset=utf-8",
               ctx.counters.format_prometheus(depth.queued, depth.running, ready));
}

void send_openapi(api_context&, const caller&, request&, response& res, const std::string&) {
    send_bytes(res, 200, "application/json", openapi_document());
}

}  // namespace http
