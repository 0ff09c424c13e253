// Owns signing one PDF (a signer used once, so both give the same bytes) and reading the
// PDF to sign or verify.
#include "sign/sign.hpp"

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

sign_status sign_pdf(std::string_view pdf, const credentials& who, const sign_options& options, std::string& out,
                     vanthu::diagnostics& problems) {
    return signer(who, options).sign(pdf, out, problems);
}

}  // namespace sign
