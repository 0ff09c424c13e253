// Owns the HTTP server's life: bind, thread pool, timeouts, stop.
#include "http/server.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include "http/router.hpp"

namespace http {

api_server::api_server(api_context& c) : ctx(c) {}

api_server::~api_server() { stop(); }

// Timeouts on every connection: a slow or broken client cannot hold a thread for long.
bool api_server::start(std::string& error) {
    const api_config& c = ctx.config;
    try {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(c.host, static_cast<Poco::UInt16>(c.port)), 64);
        bound_port = socket.address().port();
        Poco::AutoPtr<Poco::Net::HTTPServerParams> params(new Poco::Net::HTTPServerParams);
        params->setMaxThreads(c.threads);
        params->setMaxQueued(c.queue);
        params->setTimeout(Poco::Timespan(c.timeout_s, 0));
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(Poco::Timespan(5, 0));
        params->setServerName("vanthu");
        threads = std::make_unique<Poco::ThreadPool>(2, c.threads);
        server = std::make_unique<Poco::Net::HTTPServer>(make_factory(ctx), *threads, socket, params);
        server->start();
        return true;
    } catch (const Poco::Exception& e) {
        error = "cannot listen on " + c.host + ":" + std::to_string(c.port) + ": " + e.displayText();
        return false;
    }
}

int api_server::port() const { return bound_port; }

void api_server::stop() {
    if (!server) return;
    server->stopAll(false);  // also closes idle keep-alive connections
    server.reset();
    if (threads) threads->joinAll();
    threads.reset();
}

}  // namespace http
