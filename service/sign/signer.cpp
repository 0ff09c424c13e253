// Owns signing with one key, one look and one signing time, the front door of sign/: read
// the latest revision and its form, place the signature, write its objects as an
// incremental update, then fill in the CMS. What is the same for every PDF is made once.
#include "core/data_dirs.hpp"
#include "sign/cms.hpp"
#include "sign/parts.hpp"

namespace sign {

struct signer::state {
    const credentials& who;  // the caller's, alive as long as the signer
    sign_options options;  // now and font_path set
    stamp_texts texts;
    std::size_t room = 0;  // the /Contents bytes; 0 until measured (on the first PDF)
    appearance_cache appearances;
    signature_template cms;  // without --tsa: the SignedData built once, patched per PDF
};

namespace {

// The options with the clock read and the default face found: fixed for all the signer's PDFs.
sign_options settled(sign_options options) {
    if (options.now == 0) options.now = std::time(nullptr);
    if (options.font_path.empty()) options.font_path = vanthu::find_data_dir("fonts") + "/LiberationSerif-Regular.ttf";
    return options;
}

}  // namespace

signer::signer(const credentials& who, sign_options options) {
    sign_options fixed = settled(std::move(options));
    stamp_texts texts;
    texts.signer = who.common_name();
    texts.body = fixed.name.empty() ? who.organization() : fixed.name;
    texts.body_lines = break_stamp_text(texts.body, fixed.font_path, stamp_text_width);
    texts.time = iso_time(fixed.now);
    self_.reset(new state{who, std::move(fixed), std::move(texts), 0, {}, signature_template(who)});
}

signer::~signer() = default;
signer::signer(signer&&) noexcept = default;
signer& signer::operator=(signer&&) noexcept = default;

sign_status signer::sign(std::string_view pdf, std::string& out, vanthu::diagnostics& problems) {
    state& s = *self_;
    auto file = read_signed_pdf(pdf, "cannot sign", problems);
    document_form form;
    if (!file || !read_form(*file, form, "cannot sign", problems)) return sign_status::bad_pdf;
    signature_plan plan;
    if (!plan_signature(*file, form, s.options, s.texts.body_lines.size(), plan, problems)) return sign_status::bad_pdf;
    if (s.room == 0 && (s.room = signature_room(s.who, !s.options.tsa_url.empty(), problems)) == 0)
        return sign_status::failed;

    pdf_update update(*file);
    const std::vector<std::uint32_t> appearances = s.appearances.add(update, plan.widgets, s.options, s.texts, problems);
    if (appearances.empty()) return sign_status::failed;
    const std::uint32_t signature = update.new_object();
    update.put(signature, signature_dictionary(s.texts.signer, s.options.reason, s.options.now, s.room));
    if (!write_fields(*file, form, plan, signature, appearances, update, problems)) return sign_status::bad_pdf;
    std::string signed_file = update.finish();
    const der_maker make_der = [&s](std::string_view first, std::string_view second, std::string& der,
                                    vanthu::diagnostics& p) {
        if (s.options.tsa_url.empty()) return s.cms.make(first, second, der, p);
        return make_signature(first, second, s.who, s.options.tsa_url, s.options.tsa_ca, der, p);
    };
    if (!fill_signature(signed_file, update.offset_of(signature), make_der, problems)) return sign_status::failed;
    out = std::move(signed_file);
    return sign_status::done;
}

}  // namespace sign
