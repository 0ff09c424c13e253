// The PDF writer: embeds the fonts, measures text for layout, paints pages.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "layout/font_metrics.hpp"
#include "layout/page.hpp"
#include "model/document.hpp"

namespace pdf {

// One PDF document in the making. Load its fonts, hand it to layout as the
// font_metrics, then paint the pages and take the bytes. Only pdf/ sees libharu.
class writer : public layout::font_metrics {
public:
    writer();
    ~writer() override;
    writer(const writer&) = delete;
    writer& operator=(const writer&) = delete;

    // Loads and embeds the four faces of each family (absolute TTF paths).
    // A missing or unreadable file is an error naming it.
    bool load_fonts(const std::vector<model::document::font_family>& families,
                    vanthu::diagnostics& problems);

    double text_width(const model::font_key& font, std::string_view utf8, double size) const override;
    double ascent(const model::font_key& font, double size) const override;
    double descent(const model::font_key& font, double size) const override;
    bool has_glyph(const model::font_key& font, char32_t code_point) const override;

    // Paints the pages, sets the metadata, and returns the PDF bytes. The
    // same pages and metadata give the same bytes.
    std::string write(const std::vector<layout::page>& pages, const model::metadata& meta,
                      vanthu::diagnostics& problems);

    // The same in steps, for long batches that lay out and paint a few pages at a time:
    // paint appends pages to the document; finish saves it and returns its bytes (the
    // next paint starts a new document with the same fonts).
    bool paint(const std::vector<layout::page>& pages, vanthu::diagnostics& problems);
    std::string finish(const model::metadata& meta, vanthu::diagnostics& problems);
    // After a finish, frees the saved document now rather than at the next paint, and opens
    // the next one with the same fonts: a batch holds one libharu document, never two.
    bool start_next(vanthu::diagnostics& problems);
    // After the last finish, frees the saved document; the writer can measure no more.
    void release();

private:
    struct impl;
    std::unique_ptr<impl> self_;
};

}  // namespace pdf
