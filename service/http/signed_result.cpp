// Owns PUT /v1/jobs/{id}/signed: the PDF a person signed on their own machine (a USB token,
// any PAdES tool) comes back to the job that waits for it, is checked to be the job's own PDF
// with a valid signature appended, gets the body's seal when the job asks for it, and becomes
// the job's result.
#include "http/handlers.hpp"
#include "http/respond.hpp"
#include "sign/sign.hpp"

namespace http {

namespace {

// Why the PDF sent back cannot be the job's signed result, or empty: it must begin with the
// job's PDF, byte for byte (an incremental update keeps it), and add signatures, every one
// valid (trusted, with vanthu.sign.trust), the last one covering the whole file.
std::string refuse_signed(const std::string& original, const std::string& pdf, const std::string& trust,
                          std::string& signer) {
    if (pdf.size() <= original.size() || pdf.compare(0, original.size(), original) != 0)
        return "this is not the job's PDF with a signature appended: its first " + std::to_string(original.size()) +
               " bytes must be the job's result unchanged (a PAdES signature added as an incremental update)";
    vanthu::diagnostics problems;
    sign::verify_options options;
    options.ca_file = trust;
    const std::vector<sign::signature_report> before = sign::verify_pdf(original, options, problems);
    const std::vector<sign::signature_report> after = sign::verify_pdf(pdf, options, problems);
    if (problems.has_errors()) return "the signed PDF cannot be read: " + problems.items.front().message;
    if (after.size() <= before.size()) return "the PDF sent back carries no new signature";
    for (const sign::signature_report& r : after) {
        if (!r.valid())
            return "the signature in field " + r.field + " (" + (r.signer.empty() ? "unknown signer" : r.signer) +
                   ") is not valid" + (r.problem.empty() ? "" : ": " + r.problem);
    }
    if (!after.back().whole_file()) return "bytes were appended after the last signature";
    signer = after.back().signer;
    return {};
}

}  // namespace

void accept_signed_result(api_context& ctx, const caller& who, request& req, response& res, const std::string& id) {
    worker::find_result f = ctx.store.find(id, who.sees);
    if (!f.value) {
        if (f.error.empty()) send_problem(res, 404, "Not Found", "no job " + id);
        else refuse_store(ctx, res, "cannot read a job", f.error, {id, ""});
        return;
    }
    const worker::job& j = *f.value;
    if (j.purged_ms != 0) {
        send_problem(res, 410, "Gone", "the PDF of job " + id + " was removed after the retention period");
        return;
    }
    if (j.state != worker::job_state::awaiting_signature) {
        send_problem(res, 409, "Conflict", std::string("the job is ") + worker::state_name(j.state) +
                                               "; only a job awaiting a person's signature takes a signed PDF");
        return;
    }
    std::optional<std::string> pdf = read_body(req, res, ctx.config.max_body, ctx.config.pace());
    if (!pdf) return;
    std::optional<std::string> original = ctx.store.read_result(id);
    if (!original) {
        send_problem(res, 503, "Service Unavailable", "the job's PDF cannot be read now");
        return;
    }
    const std::string trust = ctx.seal ? ctx.seal->trust_file : std::string();
    std::string signer;
    if (const std::string why = refuse_signed(*original, *pdf, trust, signer); !why.empty()) {
        send_problem(res, 422, "Unprocessable Content", why);
        return;
    }
    if (worker::signs_as(j.sign, "organization")) {
        std::string why;
        if (!ctx.seal || !ctx.seal->loaded) why = "this worker has no signing key (vanthu.sign.p12) for the body's seal";
        else if (!worker::seal_pdf(*ctx.seal, *pdf, why)) ctx.log.error(why, {id, j.record_id});
        if (!why.empty()) {
            send_problem(res, 503, "Service Unavailable", why);
            return;
        }
    }
    switch (ctx.store.accept_signed(id, *pdf, who.sees)) {
        case worker::fence_status::applied: break;
        case worker::fence_status::fenced:
            send_problem(res, 409, "Conflict", "the job no longer awaits a signature (signed, cancelled or removed meanwhile)");
            return;
        case worker::fence_status::store_error:
            refuse_store(ctx, res, "cannot store the signed PDF", "the store refused it", {id, j.record_id});
            return;
    }
    ctx.log.info("signed by " + (signer.empty() ? std::string("an unnamed signer") : signer) +
                     (worker::signs_as(j.sign, "organization") ? ", then sealed" : ""),
                 {id, j.record_id});
    worker::find_result now = ctx.store.find(id, who.sees);
    audit(ctx, who, req, "job.signed", now.value ? &*now.value : &j);
    send_json(res, 200, job_json(now.value ? *now.value : j));
}

}  // namespace http
