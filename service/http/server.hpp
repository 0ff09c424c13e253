// The HTTP API of the worker (Poco HTTPServer): routes, limits and timeouts.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "auth/failure_limiter.hpp"
#include "render/render.hpp"
#include "worker/audit_log.hpp"
#include "worker/json_log.hpp"
#include "worker/metrics.hpp"
#include "worker/seal_key.hpp"
#include "worker/store.hpp"
#include "worker/worker_pool.hpp"

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace http {

class front_door;

// How fast a request body must come: no read waits longer than idle_ms (vanthu.http.timeout),
// and after grace_ms (vanthu.http.body_grace) at least min_rate bytes a second on average
// (vanthu.http.min_body_rate), so that a sender trickling a byte now and then cannot hold a thread.
struct body_pace {
    std::int64_t idle_ms = 30000;
    std::int64_t grace_ms = 10000;
    std::int64_t min_rate = 16384;  // bytes a second; 0: no minimum
};

struct api_config {
    std::string host = "127.0.0.1";
    int port = 8080;                         // 0: any free port (tests)
    int threads = 8;                         // request threads
    int queue = 64;                          // connections waiting for a thread
    int timeout_s = 30;                      // socket timeout: a stalled client lets go of its thread
    std::size_t max_body = 32u * 1024u * 1024u;  // larger bodies get 413
    std::int64_t head_timeout_ms = 10000;    // vanthu.http.head_timeout: a request head whole within it
    std::int64_t body_grace_ms = 10000;      // vanthu.http.body_grace
    std::int64_t min_body_rate = 16384;      // vanthu.http.min_body_rate, bytes a second
    int max_per_address = 64;                // open connections from one client address
    int threads_per_address = 4;             // requests of one address in threads at once
    int retry_after_s = 30;                  // Retry-After of 429 and 503
    bool auth_required = true;               // every API call carries a client's token
    std::size_t max_auth_failures = 20;      // failed sign-ins a minute from one address before 429
    std::size_t verify_per_minute = 60;      // public verification pages a minute from one address before 429
    std::int64_t session_ttl_s = 8 * 3600;   // a session cookie's life from the login (absolute)
    render::options render;                  // for POST /v1/render and record checks
    bool tls = false;                        // the API listener speaks HTTPS only (cookies are Secure)
    std::string tls_cert;                    // PEM certificate (chain) and key when tls
    std::string tls_key;
    std::string metrics_host = "127.0.0.1";  // the loopback listener of /metrics, /livez, /readyz
    int metrics_port = -1;                   // -1: none; 0: any free port (tests)
    std::vector<std::string> callback_allow; // hosts callbacks may go to (vanthu.callbacks.allow)
    bool callback_https_only = false;
    std::string web_dir;                     // the web page's files (vanthu.web), served at / and /web/
    std::string pdfjs_dir;                   // pdf.js (vanthu.web.pdfjs), served at /web/pdfjs/

    // The pace a request body must keep.
    body_pace pace() const { return {std::int64_t{timeout_s} * 1000, body_grace_ms, min_body_rate}; }
};

// What the handlers share. The pool may be null (an API-only process).
struct api_context {
    worker::job_store& store;
    worker::metrics& counters;
    worker::json_log& log;
    worker::worker_pool* pool = nullptr;
    api_config config;
    std::atomic<bool> draining{false};  // set on SIGTERM: readyz fails, no new jobs
    auth::failure_limiter failures;     // failed sign-ins per address
    auth::failure_limiter lookups;      // public verification pages per address (each counts)
    worker::audit_log* audit = nullptr;  // who did what, when kept (vanthu.audit.file)
    const worker::seal_key* seal = nullptr;  // the body's signing key (vanthu.sign.p12), when loaded

    api_context(worker::job_store& s, worker::metrics& m, worker::json_log& l, worker::worker_pool* p,
                api_config c)
        : store(s), counters(m), log(l), pool(p), config(std::move(c)), failures(config.max_auth_failures),
          lookups(config.verify_per_minute) {}
};

// The OpenAPI 3.1 document (service/http/openapi.json, built in).
const std::string& openapi_document();

// What a listener serves.
enum class listener_kind {
    api,     // every route, over HTTPS when the config says tls
    probes   // /metrics, /livez and /readyz only, plain HTTP without tokens (loopback only)
};

class api_server {
public:
    explicit api_server(api_context& ctx, listener_kind kind = listener_kind::api);
    ~api_server();
    api_server(const api_server&) = delete;
    api_server& operator=(const api_server&) = delete;

    // Binds and starts serving; false with error when the address cannot be bound.
    bool start(std::string& error);
    // The bound port (the real one when the config said 0).
    int port() const;
    // Stops accepting and waits for requests in progress to end.
    void stop();

private:
    api_context& ctx;
    listener_kind kind;
    std::unique_ptr<Poco::ThreadPool> threads;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    std::unique_ptr<front_door> door;  // the plain-HTTP API listener's
    int bound_port = 0;
};

}  // namespace http
