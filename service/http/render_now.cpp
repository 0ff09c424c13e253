// Owns POST /v1/render: one record in, its PDF (or ZIP of per-recipient PDFs) out, in the same request.
#include "http/handlers.hpp"
#include "http/respond.hpp"

namespace http {

namespace {

// How many of the problems are warnings (a good render has no errors).
std::size_t count_warnings(const vanthu::diagnostics& problems) {
    std::size_t n = 0;
    for (const vanthu::diagnostic& d : problems.items) n += d.level == vanthu::severity::warning ? 1 : 0;
    return n;
}

}  // namespace

// A bad record or template is the client's (422); anything else is ours (500). A PDF (or ZIP)
// says in X-Vanthu-Pages and X-Vanthu-Warnings how many pages it has and how many warnings it drew.
void render_now(api_context& ctx, const caller& who, request& req, response& res, const std::string&) {
    std::optional<std::string> body = read_body(req, res, ctx.config.max_body, ctx.config.pace());
    if (!body || !take_list(ctx, req, res, *body)) return;
    render::options opts = ctx.config.render;
    const std::string name = query_value(req, "template");
    if (!name.empty()) opts.template_name = name;
    const bool split = query_value(req, "split") == "1";
    const auto start = std::chrono::steady_clock::now();
    render::result r = split ? render::render_zip(*body, opts) : render::render_record(*body, opts);
    ctx.counters.observe_render(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    switch (r.status) {
        case render::failure::none:
            if (std::string error; !ctx.store.register_certificates(who.owner, "", r.certificates, error)) {
                refuse_store(ctx, res, "cannot register the certificates for verification", error, {"", r.record_id});
                return;
            }
            ctx.counters.count_pages(static_cast<std::int64_t>(r.page_count));
            res.set("X-Vanthu-Pages", std::to_string(r.page_count));
            res.set("X-Vanthu-Warnings", std::to_string(count_warnings(r.problems)));
            if (r.kind == render::output_kind::zip) {
                res.set("Content-Disposition", "attachment; filename=\"" + r.record_id + ".zip\"");
                send_bytes(res, 200, "application/zip", r.pdf);
                return;
            }
            res.set("Content-Disposition", "inline; filename=\"" + r.record_id + ".pdf\"");
            send_bytes(res, 200, "application/pdf", r.pdf);
            return;
        case render::failure::bad_record:
            send_problem(res, 422, "Unprocessable Content", "the record breaks the record format", &r.problems);
            return;
        case render::failure::bad_template:
            send_problem(res, 422, "Unprocessable Content", "the template is missing or wrong", &r.problems);
            return;
        case render::failure::time_limit:
            res.set("Retry-After", std::to_string(ctx.config.retry_after_s));
            send_problem(res, 503, "Service Unavailable",
                         "the render took longer than the time limit; submit it as a job (POST /v1/jobs)", &r.problems);
            return;
        case render::failure::internal:
            ctx.log.error("render failed: " + vanthu::format_diagnostics(r.problems), {"", r.record_id});
            send_problem(res, 500, "Internal Server Error", "the render failed", &r.problems);
            return;
    }
}

}  // namespace http
