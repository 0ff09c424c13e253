// Owns routing: which handler answers a method and path; 404 and 405 for the rest.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <optional>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "http/handlers.hpp"
#include "http/respond.hpp"
#include "http/router.hpp"

namespace http {

namespace {

using handler_fn = void (*)(api_context&, const caller&, request&, response&, const std::string&);

// Runs one route's function for an admitted caller; a stray exception becomes a 500, every
// answer is counted.
class route_handler : public Poco::Net::HTTPRequestHandler {
public:
    route_handler(api_context& c, handler_fn f, need n, std::string a) : ctx(c), fn(f), needs(n), arg(std::move(a)) {}

    void handleRequest(request& req, response& res) override {
        try {
            if (std::optional<caller> who = admit(ctx, req, res, needs)) fn(ctx, *who, req, res, arg);
        } catch (const std::exception& e) {
            ctx.log.error(std::string("request failed: ") + e.what());
            res.setKeepAlive(false);
            if (!res.sent()) send_problem(res, 500, "Internal Server Error", e.what());
        }
        ctx.counters.count_request(static_cast<int>(res.getStatus()));
    }

private:
    api_context& ctx;
    handler_fn fn;
    need needs;
    std::string arg;
};

// The path of a request whose target decodes (path and query), or nothing: %zz, a bare % or
// an unparsable target is the client's mistake, a 400, never a 500 later.
std::optional<std::string> decoded_path(const request& req) {
    try {
        const Poco::URI uri(req.getURI());
        uri.getQueryParameters();
        return uri.getPath();
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

// Answers 400, 404 or 405 with a problem document.
class refusal_handler : public Poco::Net::HTTPRequestHandler {
public:
    refusal_handler(api_context& c, int s, std::string a) : ctx(c), status(s), allow(std::move(a)) {}

    void handleRequest(request& req, response& res) override {
        if (status == 405) {
            res.set("Allow", allow);
            send_problem(res, 405, "Method Not Allowed", req.getMethod() + " is not allowed here; use " + allow);
        } else if (status == 400) {
            res.setKeepAlive(false);
            send_problem(res, 400, "Bad Request", "the request target is not a well-formed URI (a bad %-escape?)");
        } else {
            send_problem(res, 404, "Not Found", "no route for " + req.getURI());
        }
        ctx.counters.count_request(status);
    }

private:
    api_context& ctx;
    int status;
    std::string allow;
};

class api_factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit api_factory(api_context& c) : ctx(c) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(const request& req) override {
        const std::optional<std::string> path = decoded_path(req);
        if (!path) return new refusal_handler(ctx, 400, "");
        const route r = match_route(req.getMethod(), *path);
        if (r.status != 200) return new refusal_handler(ctx, r.status, r.allow);
        struct entry {
            handler_fn fn;
            need needs;
        };
        static const entry routes[] = {
            {render_now, need::submit},     {submit_job, need::submit},    {show_job, need::read},
            {send_result, need::read},      {list_jobs, need::read},       {answer_live, need::nothing},
            {answer_ready, need::nothing},  {send_metrics, need::admin},   {send_openapi, need::nothing},
            {log_in, need::nothing},        {show_session, need::user},    {log_out, need::user},
            {delete_job, need::submit},     {import_list, need::submit},   {send_web_file, need::nothing},
            {send_schema, need::nothing},   {save_draft, need::submit},    {show_draft, need::read},
            {delete_draft, need::submit},   {list_documents, need::read},  {show_certificate, need::nothing},
            {revoke_certificate, need::admin}, {accept_signed_result, need::signer}};
        const entry& e = routes[static_cast<int>(r.name)];
        return new route_handler(ctx, e.fn, e.needs, r.arg);
    }

private:
    api_context& ctx;
};

// The loopback listener of vanthu.metrics.port: the probes and the metrics, nothing else, and
// nobody is asked for a token (it refuses to start on any other address).
class probe_factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit probe_factory(api_context& c) : ctx(c) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(const request& req) override {
        const std::optional<std::string> path = decoded_path(req);
        if (!path) return new refusal_handler(ctx, 400, "");
        const route r = match_route(req.getMethod(), *path);
        handler_fn fn = nullptr;
        if (r.name == route_name::live) fn = answer_live;
        if (r.name == route_name::ready) fn = answer_ready;
        if (r.name == route_name::metrics) fn = send_metrics;
        if (!fn) return new refusal_handler(ctx, 404, "");
        if (r.status != 200) return new refusal_handler(ctx, r.status, r.allow);
        return new route_handler(ctx, fn, need::nothing, r.arg);
    }

private:
    api_context& ctx;
};

// The path's segments after splitting on '/'.
std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

}  // namespace

route match_route(const std::string& method, const std::string& path) {
    struct fixed {
        const char* path;
        const char* method;
        route_name name;
    };
    static const fixed table[] = {
        {"/v1/render", "POST", route_name::render_now},  {"/livez", "GET", route_name::live},
        {"/readyz", "GET", route_name::ready},           {"/metrics", "GET", route_name::metrics},
        {"/openapi.json", "GET", route_name::openapi},   {"/v1/import", "POST", route_name::import_list},
        {"/v1/schema", "GET", route_name::schema},       {"/v1/documents", "GET", route_name::list_documents},
    };
    for (const fixed& f : table) {
        if (path != f.path) continue;
        if (method == f.method) return {200, f.name, "", ""};
        return {405, f.name, "", f.method};
    }
    if (path == "/v1/session") {
        if (method == "POST") return {200, route_name::log_in, "", ""};
        if (method == "GET") return {200, route_name::show_session, "", ""};
        if (method == "DELETE") return {200, route_name::log_out, "", ""};
        return {405, route_name::show_session, "", "GET, POST, DELETE"};
    }
    if (path == "/v1/jobs") {
        if (method == "POST") return {200, route_name::submit_job, "", ""};
        if (method == "GET") return {200, route_name::list_jobs, "", ""};
        return {405, route_name::list_jobs, "", "GET, POST"};
    }
    if (path == "/" || path.rfind("/web/", 0) == 0) {  // the web page's files; a bad name is the handler's 404
        const std::string name = path == "/" ? "index.html" : path.substr(5);
        if (method == "GET" || method == "HEAD") return {200, route_name::web_file, name, ""};
        return {405, route_name::web_file, "", "GET, HEAD"};
    }
    std::vector<std::string> parts = split_path(path);
    if (parts.size() == 2 && parts[0] == "verify" && !parts[1].empty()) {
        if (method == "GET") return {200, route_name::verify_page, parts[1], ""};
        return {405, route_name::verify_page, "", "GET"};
    }
    if (parts.size() == 4 && parts[0] == "v1" && parts[1] == "certificates" && !parts[2].empty() && !parts[3].empty()) {
        if (method == "DELETE") return {200, route_name::revoke_certificate, parts[2] + "/" + parts[3], ""};
        return {405, route_name::revoke_certificate, "", "DELETE"};
    }
    if (parts.size() == 3 && parts[0] == "v1" && parts[1] == "drafts" && !parts[2].empty()) {
        if (method == "PUT") return {200, route_name::save_draft, parts[2], ""};
        if (method == "GET") return {200, route_name::show_draft, parts[2], ""};
        if (method == "DELETE") return {200, route_name::delete_draft, parts[2], ""};
        return {405, route_name::show_draft, "", "GET, PUT, DELETE"};
    }
    if (parts.size() >= 3 && parts.size() <= 4 && parts[0] == "v1" && parts[1] == "jobs" && !parts[2].empty()) {
        if (parts.size() == 4 && parts[3] == "signed")
            return method == "PUT" ? route{200, route_name::signed_result, parts[2], ""}
                                   : route{405, route_name::signed_result, "", "PUT"};
        if (parts.size() == 4 && parts[3] != "result") return {404, route_name::show_job, "", ""};
        const route_name name = parts.size() == 3 ? route_name::show_job : route_name::job_result;
        if (method == "GET") return {200, name, parts[2], ""};
        if (parts.size() == 3 && method == "DELETE") return {200, route_name::delete_job, parts[2], ""};
        return {405, name, "", parts.size() == 3 ? "GET, DELETE" : "GET"};
    }
    return {404, route_name::live, "", ""};
}

Poco::Net::HTTPRequestHandlerFactory::Ptr make_factory(api_context& ctx) { return new api_factory(ctx); }

Poco::Net::HTTPRequestHandlerFactory::Ptr make_probe_factory(api_context& ctx) { return new probe_factory(ctx); }

}  // namespace http
