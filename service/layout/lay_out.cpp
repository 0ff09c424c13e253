// Owns the layout driver: blocks to slabs, slabs to pages, then numbers and decorations.
#include "layout/flow.hpp"

namespace layout {

// Places the document's blocks on pages: the flow in the text area between the margins,
// page numbers in the top margin, decorations behind everything.
layout_result lay_out(const model::document& doc, const font_metrics& metrics, const vanthu::deadline* deadline,
                      layout_memo* memo) {
    layout_result result;
    const model::page_setup& setup = doc.page;
    const double text_width = setup.width - setup.margin_left - setup.margin_right;
    const double text_height = setup.height - setup.margin_top - setup.margin_bottom;
    if (text_width <= 0 || text_height <= 0) {
        result.problems.error({}, "the margins leave no room for text", "make the margins smaller than the page");
        return result;
    }
    std::set<std::pair<std::string, char32_t>> reported_glyphs;
    glyph_cache glyphs;
    const flow_context ctx{metrics,  result.problems, text_height, doc.max_pages, &reported_glyphs,
                           &glyphs,  deadline,        memo ? &memo->state() : nullptr};
    result.pages = paginate(flow_document(doc.blocks, text_width, ctx), setup, ctx);
    if (deadline && deadline->passed()) {
        result.problems.error({}, "layout stopped after " + deadline->describe(),
                              "split the record, or raise the time limit");
        return result;
    }
    number_pages(result.pages, setup, metrics);
    decorate_pages(result.pages, doc.decorations, metrics);
    return result;
}

}  // namespace layout
