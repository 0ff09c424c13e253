// Owns page numbers (NĐ30): Arabic, centred in the text width, in the top margin, from a page on.
#include <string>

#include "layout/flow.hpp"

namespace layout {

// Adds the number of every page from numbers.from_page on, centred between the margins,
// its baseline numbers.baseline below the page's top edge; it is read before the flow.
void number_pages(std::vector<page>& pages, const model::page_setup& setup, const font_metrics& metrics) {
    const model::page_numbers& n = setup.numbers;
    if (!n.enabled) return;
    const double text_width = setup.width - setup.margin_left - setup.margin_right;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const int number = static_cast<int>(i) + 1;
        if (number < n.from_page) continue;
        const std::string digits = std::to_string(number);
        const double w = metrics.text_width(n.font, digits, n.size);
        const text_box box{setup.margin_left + (text_width - w) / 2, n.baseline, w, digits, n.font, n.size, {}};
        pages[i].texts.insert(pages[i].texts.begin(), box);
    }
}

}  // namespace layout
