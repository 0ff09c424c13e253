// Owns POST /v1/render: one record in, its PDF (or ZIP of per-recipient PDFs) out, in the same request.
#include <sstream>

#include <Poco/DateTime.h>
#include <Poco/Exception.h>
#include <Poco/Path.h>
#include <Poco/URI.h>
#include <Poco/Zip/Compress.h>

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

// One PDF per recipient, stored (PDFs are compressed already) in a ZIP with fixed dates so
// that the same record gives the same bytes; the ZIP is returned in result::pdf.
render::result render_zip(const std::string& record, const render::options& opts) {
    std::ostringstream zip_bytes;
    Poco::Zip::Compress zip(zip_bytes, true);
    const Poco::DateTime fixed(1980, 1, 1);
    render::result r = render::render_split(record, opts,
        [&zip, &fixed](const std::string& recipient, const std::string& pdf, std::string& message) {
            try {
                std::istringstream in(pdf);
                zip.addFile(in, fixed, Poco::Path(recipient + ".pdf"), Poco::Zip::ZipCommon::CM_STORE);
                return true;
            } catch (const Poco::Exception& e) {
                message = "cannot add " + recipient + ".pdf to the ZIP: " + e.displayText();
                return false;
            }
        });
    zip.close();
    if (r) r.pdf = zip_bytes.str();
    return r;
}

}  // namespace

// A bad record or template is the client's (422); anything else is ours (500).
void render_now(api_context& ctx, request& req, response& res, const std::string&) {
    std::optional<std::string> body = read_body(req, res, ctx.config.max_body);
    if (!body) return;
    render::options opts = ctx.config.render;
    const std::string name = query_value(req, "template");
    if (!name.empty()) opts.template_name = name;
    const bool split = query_value(req, "split") == "1";
    const auto start = std::chrono::steady_clock::now();
    render::result r = split ? render_zip(*body, opts) : render::render_record(*body, opts);
    ctx.counters.observe_render(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    switch (r.status) {
        case render::failure::none:
            if (split) {
                res.set("Content-Disposition", "attachment; filename=\"" + r.record_id + ".zip\"");
                send_bytes(res, 200, "application/zip", r.pdf);
                return;
            }
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
