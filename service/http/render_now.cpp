// Owns POST /v1/render: one record in, its PDF out, in the same request.
#include <Poco/Net/HTMLForm.h>
#include <Poco/URI.h>

#include "http/handlers.hpp"
#include "http/respond.hpp"

namespace http {

namespace {

// The value of a query parameter, or empty.
std::string query_value(const request& req, const std::string& name) {
    for (const auto& [k, v] : Poco::URI(req.getURI()).getQueryParameters())
        if (k == name) return v;
    return {};
}

}  // namespace

// A bad record or template is the client's (422); anything else is ours (500).
void render_now(api_context& ctx, request& req, response& res, const std::string&) {
    if (query_value(req, "split") == "1") {
        send_problem(res, 501, "Not Implemented", "split=1 (a ZIP of one PDF per recipient) is not supported yet");
        return;
    }
    std::optional<std::string> body = read_body(req, res, ctx.config.max_body);
    if (!body) return;
    render::options opts = ctx.config.render;
    const std::string name = query_value(req, "template");
    if (!name.empty()) opts.template_name = name;
    const auto start = std::chrono::steady_clock::now();
    render::result r = render::render_record(*body, opts);
    ctx.counters.observe_render(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    switch (r.status) {
        case render::failure::none:
            ctx.counters.count_pages(worker::count_pdf_pages(r.pdf));
            res.set("Content-Disposition", "inline; filename=\"" + r.record_id + ".pdf\"");
            send_bytes(res, 200, "application/pdf", r.pdf);
            return;
        case render::failure::bad_record:
            send_problem(res, 422, "Unprocessable Content", "the record breaks the record format", &r.problems);
            return;
        case render::failure::bad_template:
            send_problem(res, 422, "Unprocessable Content", "the template is missing or wrong", &r.problems);
            return;
        case render::failure::internal:
            ctx.log.error("render failed: " + vanthu::format_diagnostics(r.problems), {"", r.record_id});
            send_problem(res, 500, "Internal Server Error", "the render failed", &r.problems);
            return;
    }
}

}  // namespace http
