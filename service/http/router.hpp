// Routing of the API: method and path to a handler.
#pragma once

#include <string>

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "http/server.hpp"

namespace http {

enum class route_name {
    render_now,  // POST /v1/render
    submit_job,  // POST /v1/jobs
    show_job,    // GET /v1/jobs/{id}
    job_result,  // GET /v1/jobs/{id}/result
    list_jobs,   // GET /v1/jobs
    live,        // GET /livez
    ready,       // GET /readyz
    metrics,     // GET /metrics
    openapi,     // GET /openapi.json
    log_in,      // POST /v1/session
    show_session,  // GET /v1/session
    log_out,     // DELETE /v1/session
    delete_job,  // DELETE /v1/jobs/{id}
    import_list, // POST /v1/import
    web_file,    // GET or HEAD / (index.html) and /web/{name}
    schema,      // GET /v1/schema
    save_draft,  // PUT /v1/drafts/{id}
    show_draft,  // GET /v1/drafts/{id}
    delete_draft,  // DELETE /v1/drafts/{id}
    list_documents,  // GET /v1/documents
    verify_page,     // GET /verify/{code}: public
    revoke_certificate,  // DELETE /v1/certificates/{record id}/{recipient id}
    signed_result        // PUT /v1/jobs/{id}/signed: a person's signed PDF
};

struct route {
    int status = 404;     // 200 matched, 404 no such path, 405 the path exists for other methods
    route_name name = route_name::live;
    std::string arg;      // the job id of /v1/jobs/{id}..., the draft's id, the web file's name, the
                          // verification code, "{record id}/{recipient id}" of a certificate
    std::string allow;    // 405: the methods allowed
};

// Which route answers a method and a path (no query).
route match_route(const std::string& method, const std::string& path);

// The handler factory of the API.
Poco::Net::HTTPRequestHandlerFactory::Ptr make_factory(api_context& ctx);

// The handler factory of the loopback metrics listener: /metrics, /livez, /readyz, no tokens.
Poco::Net::HTTPRequestHandlerFactory::Ptr make_probe_factory(api_context& ctx);

}  // namespace http
