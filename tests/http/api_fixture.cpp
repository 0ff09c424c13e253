// Owns the HTTP tests' server, store and client.
#include "api_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include "support/test_paths.hpp"

namespace api_test {

Poco::JSON::Object::Ptr reply::json() const {
    INFO(body);
    Poco::JSON::Object::Ptr o;
    REQUIRE_NOTHROW(o = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>());
    return o;
}

std::string reply::header(const std::string& name) const {
    auto it = headers.find(Poco::toLower(name));
    return it == headers.end() ? std::string() : it->second;
}

render::options source_render_options() {
    render::options o;
    o.templates_dir = test_paths::source("templates");
    o.fonts_dir = test_paths::source("fonts");
    return o;
}

std::string sample_record(const std::string& id) {
    std::string text = test_paths::read_file(test_paths::source("samples/meeting-minimal.xml"));
    std::size_t at = text.find(" id=\"");
    REQUIRE(at != std::string::npos);
    std::size_t end = text.find('"', at + 5);
    return text.substr(0, at + 5) + id + text.substr(end);
}

fixture::fixture(const std::string& name, server_setup setup) {
    setup.store.url = "sqlite:" + test_paths::scratch_dir("http-" + name) + "/jobs.db";
    std::string error;
    store = worker::job_store::open(setup.store, error);
    INFO(error);
    REQUIRE(store);
    setup.api.port = 0;
    setup.api.host = "127.0.0.1";
    const render::options source = source_render_options();  // the caller's limits are kept
    setup.api.render.templates_dir = source.templates_dir;
    setup.api.render.fonts_dir = source.fonts_dir;
    if (setup.with_pool) {
        worker::pool_options p;
        p.threads = 1;
        p.poll_ms = 20;
        p.owner = "test";
        p.render = setup.api.render;
        pool = std::make_unique<worker::worker_pool>(*store, p, log, counters);
        pool->start();
    }
    ctx = std::make_unique<http::api_context>(*store, counters, log, pool.get(), setup.api);
    server = std::make_unique<http::api_server>(*ctx);
    REQUIRE(server->start(error));
}

fixture::~fixture() {
    server->stop();
    if (pool) pool->drain(std::chrono::seconds(5));
}

reply fixture::call(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& content_type) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port()));
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (method == "POST") {
        request.setContentType(content_type);
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    reply r;
    r.status = static_cast<int>(response.getStatus());
    for (const auto& [k, v] : response) r.headers[Poco::toLower(k)] = v;
    Poco::StreamCopier::copyToString(in, r.body);
    return r;
}

}  // namespace api_test
