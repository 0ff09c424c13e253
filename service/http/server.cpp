// Owns the HTTP server's life: bind, thread pool, timeouts, stop.
#include "http/server.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include "http/front_door.hpp"
#include "http/router.hpp"
#include "http/tls.hpp"

namespace http {

api_server::api_server(api_context& c, listener_kind k) : ctx(c), kind(k) {}

api_server::~api_server() { stop(); }

namespace {

// The bound socket of a listener: TLS only on the API listener with a certificate, so a
// plain-HTTP request on that port gets no HTTP answer at all.
Poco::Net::ServerSocket open_socket(const api_config& c, listener_kind kind) {
    if (kind == listener_kind::probes) {
        const Poco::Net::SocketAddress loopback(c.metrics_host, static_cast<Poco::UInt16>(c.metrics_port));
        return Poco::Net::ServerSocket(loopback, 16);
    }
    const Poco::Net::SocketAddress address(c.host, static_cast<Poco::UInt16>(c.port));
    if (c.tls) return Poco::Net::SecureServerSocket(address, 64, make_tls_context(c.tls_cert, c.tls_key));
    return Poco::Net::ServerSocket(address, 64);
}

// The limits of the front door from the API settings.
door_limits limits_of(const api_config& c) {
    door_limits d;
    d.threads = c.threads;
    d.queue = c.queue;
    d.max_per_address = c.max_per_address;
    d.threads_per_address = c.threads_per_address;
    d.head_timeout_ms = c.head_timeout_ms;
    d.body_grace_ms = c.body_grace_ms;
    d.min_body_rate = c.min_body_rate;
    d.idle_ms = std::int64_t{c.timeout_s} * 1000;
    d.wait_ms = std::int64_t{c.timeout_s} * 1000;
    d.retry_after_s = c.retry_after_s;
    return d;
}

}  // namespace

// Timeouts on every connection: a slow or broken client cannot hold a thread for long. The
// plain-HTTP API listener has the front door (front_door.hpp); the TLS one and the loopback
// probe listener are Poco's HTTPServer.
bool api_server::start(std::string& error) {
    const api_config& c = ctx.config;
    const bool probes = kind == listener_kind::probes;
    const int max_threads = probes ? 2 : c.threads;
    try {
        Poco::Net::ServerSocket socket = open_socket(c, kind);
        bound_port = socket.address().port();
        Poco::AutoPtr<Poco::Net::HTTPServerParams> params(new Poco::Net::HTTPServerParams);
        params->setMaxThreads(max_threads);
        params->setMaxQueued(probes ? 16 : c.queue);
        params->setTimeout(Poco::Timespan(c.timeout_s, 0));
        params->setServerName("vanthu");
        if (!probes && !c.tls) {
            params->setKeepAlive(false);  // an idle connection holds nothing: one request each
            door = std::make_unique<front_door>(socket, params, make_factory(ctx),
                                                limits_of(c), ctx.counters, ctx.log);
            door->start();
            return true;
        }
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(Poco::Timespan(5, 0));
        threads = std::make_unique<Poco::ThreadPool>(probes ? 1 : 2, max_threads);
        auto factory = probes ? make_probe_factory(ctx) : make_factory(ctx);
        server = std::make_unique<Poco::Net::HTTPServer>(factory, *threads, socket, params);
        server->start();
        return true;
    } catch (const Poco::Exception& e) {
        const std::string host = probes ? c.metrics_host : c.host;
        const int port = probes ? c.metrics_port : c.port;
        error = "cannot listen on " + host + ":" + std::to_string(port) + ": " + e.displayText();
        return false;
    }
}

int api_server::port() const { return bound_port; }

void api_server::stop() {
    if (door) door->stop();
    door.reset();
    if (!server) return;
    server->stopAll(false);  // also closes idle keep-alive connections
    server.reset();
    if (threads) threads->joinAll();
    threads.reset();
}

}  // namespace http
