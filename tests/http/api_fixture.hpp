// A real API server on 127.0.0.1 with an ephemeral port, a scratch store and a real client.
#pragma once

#include <map>
#include <memory>
#include <sstream>
#include <string>

#include <Poco/JSON/Object.h>

#include "http/server.hpp"

namespace api_test {

struct reply {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;

    // The body parsed as a JSON object (REQUIREs that it is one).
    Poco::JSON::Object::Ptr json() const;
    // A header's value, or empty.
    std::string header(const std::string& name) const;
};

// An API configuration with authentication off (the in-process tests of everything but auth).
inline http::api_config no_auth() {
    http::api_config c;
    c.auth_required = false;
    return c;
}

struct server_setup {
    worker::store_options store;
    http::api_config api = no_auth();
    bool with_pool = false;  // render threads claim and render jobs
};

struct fixture {
    std::ostringstream log_text;
    worker::json_log log{log_text};
    worker::metrics counters;
    std::unique_ptr<worker::job_store> store;
    std::unique_ptr<worker::worker_pool> pool;
    std::unique_ptr<http::api_context> ctx;
    std::unique_ptr<http::api_server> server;

    fixture(const std::string& name, server_setup setup = {});
    ~fixture();

    // One request on a fresh connection.
    reply call(const std::string& method, const std::string& path, const std::string& body = {},
               const std::string& content_type = "application/xml");
    int port() const { return server->port(); }
};

// The minimal sample with another record id.
std::string sample_record(const std::string& id);
// The render options pointing at the source tree's templates and fonts.
render::options source_render_options();

}  // namespace api_test
