// Owns signing a PDF, the front door of sign/: read the latest revision and its form, place
// the signature, write its objects as an incremental update, then fill in the CMS.
#include "sign/sign.hpp"

#include "core/data_dirs.hpp"
#include "sign/cms.hpp"
#include "sign/parts.hpp"

namespace sign {

std::unique_ptr<pdf::pdf_file> read_signed_pdf(std::string_view bytes, const std::string& action,
                                               vanthu::diagnostics& problems) {
    vanthu::diagnostics read;
    auto file = pdf::pdf_file::read(std::string(bytes), read);
    if (file && file->page_count() == 0) {
        problems.error({}, action + ": the PDF has no page");
        return nullptr;
    }
    for (vanthu::diagnostic d : read.items) {
        const std::string prefix = "cannot read the PDF back: ";
        if (d.message.compare(0, prefix.size(), prefix) == 0) d.message.erase(0, prefix.size());
        d.message = action + ": " + d.message;
        d.hint = "only PDFs with classic cross-reference tables and no encryption are read (vanthu's, "
                 "libharu's, and those signed by vanthu)";
        problems.items.push_back(std::move(d));
    }
    return file;
}

sign_status sign_pdf(std::string_view pdf, const credentials& who, const sign_options& given, std::string& out,
                     vanthu::diagnostics& problems) {
    auto file = read_signed_pdf(pdf, "cannot sign", problems);
    document_form form;
    if (!file || !read_form(*file, form, "cannot sign", problems)) return sign_status::bad_pdf;
    sign_options options = given;
    if (options.now == 0) options.now = std::time(nullptr);
    if (options.font_path.empty()) options.font_path = vanthu::find_data_dir("fonts") + "/LiberationSerif-Regular.ttf";
    signature_plan plan;
    if (!plan_signature(*file, form, options, plan, problems)) return sign_status::bad_pdf;

    pdf_update update(*file);
    const stamp_texts texts{who.common_name(), options.name.empty() ? who.organization() : options.name,
                            iso_time(options.now)};
    const std::vector<std::uint32_t> appearances = add_appearances(update, plan.widgets, options, texts, problems);
    if (appearances.empty()) return sign_status::failed;
    const std::uint32_t signature = update.new_object();
    update.put(signature, signature_dictionary(who.common_name(), options.reason, options.now,
                                               signature_room(who, !options.tsa_url.empty())));
    if (!write_fields(*file, form, plan, signature, appearances, update, problems)) return sign_status::bad_pdf;
    std::string signed_file = update.finish();
    if (!fill_signature(signed_file, update.offset_of(signature), who, options.tsa_url, problems))
        return sign_status::failed;
    out = std::move(signed_file);
    return sign_status::done;
}

}  // namespace sign
