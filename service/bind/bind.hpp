// Binding: a template evaluated against a record gives a document model.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/deadline.hpp"
#include "core/diagnostic.hpp"
#include "model/document.hpp"
#include "record/record.hpp"
#include "tmpl/template.hpp"

namespace bind {

// A template's font families with absolute file paths inside the fonts folder; a missing file,
// or one linking out of the folder, is an error naming it.
struct resolved_fonts {
    std::vector<model::document::font_family> families;
    vanthu::diagnostics problems;
};
resolved_fonts resolve_fonts(const tmpl::template_def& t, const std::string& fonts_dir);

// What makes each certificate verifiable: the body's key (at least 32 bytes, never printed)
// and the public address of its verification page.
struct verification {
    std::string key;
    std::string public_url;  // e.g. https://vanban.congan.haiphong.gov.vn
};

// The verification code of a recipient of a record: 16 URL-safe characters, an HMAC-SHA-256
// under the key of the record id, recipient id and register number; empty without a key.
std::string verify_code(const std::string& key, const std::string& record_id, const std::string& recipient_id,
                        const std::string& register_number);
// {public_url}/verify/{code}; empty without a public address or a code.
std::string verify_url(const verification& v, const std::string& code);

struct bind_options {
    std::string fonts_dir;      // where the template's font files are found
    std::string templates_dir;  // where its images are found
    // Pages a document may have (model::document::max_pages), plus pages_per_recipient for
    // each recipient of a certification, so that a 10,000-certificate batch still fits.
    std::size_t max_pages = 10000;
    std::size_t pages_per_recipient = 4;
    // Template elements a binding may make (loops multiply them); beyond, binding stops with an error.
    std::size_t max_elements = 2000000;
    // The render's time limit; binding stops with an error once it has passed (null: none).
    const vanthu::deadline* deadline = nullptr;
    // The template's fonts, resolved once by a caller that binds it many times (a batch binds
    // it per recipient); null: bind_document resolves them from fonts_dir.
    const resolved_fonts* fonts = nullptr;
    // The key and address of verification codes ({r|verify-code}, {r|verify-url}); null: none,
    // and those fields are empty (a template's QR code is then left out).
    const verification* verify = nullptr;
};

struct bind_result {
    model::document doc;
    vanthu::diagnostics problems;
    explicit operator bool() const { return !problems.has_errors(); }
};

bind_result bind_document(const tmpl::template_def& t, const record::record& r,
                          const bind_options& options);

}  // namespace bind
