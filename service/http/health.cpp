// Owns the operational routes: livez, readyz, metrics, openapi.json.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

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
    } else if (const std::string why = ctx.pool ? ctx.pool->store_write_problem() : ""; !why.empty()) {
        send_bytes(res, 503, "text/plain; charset=utf-8", "cannot store results: " + why + "\n");
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

// The built-in document, its servers entry set to the address and scheme this request reached.
void send_openapi(api_context& ctx, const caller&, request& req, response& res, const std::string&) {
    Poco::JSON::Object::Ptr doc = Poco::JSON::Parser().parse(openapi_document()).extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Array::Ptr servers = new Poco::JSON::Array;
    Poco::JSON::Object::Ptr here = new Poco::JSON::Object;
    here->set("url", std::string(ctx.config.tls ? "https://" : "http://") + req.serverAddress().toString());
    servers->add(here);
    doc->set("servers", servers);
    send_json(res, 200, *doc);
}

}  // namespace http
