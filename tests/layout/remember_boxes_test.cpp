// layout_memo: a box the same in every document of a batch is laid out once, and gives the
// same boxes as laying it out afresh; a box that changes is laid out each time.
#include <catch2/catch.hpp>

#include "fixtures.hpp"

using namespace fixtures;

namespace {

// fake_metrics that counts how often text is measured.
class counting_metrics : public fake_metrics {
public:
    double text_width(const model::font_key& font, std::string_view utf8, double size) const override {
        ++calls;
        return fake_metrics::text_width(font, utf8, size);
    }
    mutable int calls = 0;
};

// A box at a fixed place holding one paragraph, shrinking to fit.
model::block box_of(const std::string& text, double x = 20) {
    model::block b;
    b.what = model::block::kind::box;
    b.bx.x = x;
    b.bx.y = 40;
    b.bx.width = 200;
    b.bx.height = 30;
    b.bx.shrink = true;
    b.bx.min_scale = 0.5;
    b.bx.blocks.push_back(paragraph({bold(text, 14)}, model::align::center));
    return b;
}

// One certificate-like page: a fixed heading and a recipient's name.
model::document page_for(const std::string& name) {
    return small_document({box_of("GIẤY KHEN"), box_of(name, 21)});
}

}  // namespace

TEST_CASE("a_box_the_same_in_every_document_is_measured_once_and_laid_out_the_same", "[layout][memo]") {
    counting_metrics metrics;
    layout::layout_memo memo;
    const std::string first = layout::dump_pages(layout::lay_out(page_for("Tổ dân phố số 1"), metrics, nullptr, &memo).pages);
    const int after_first = metrics.calls;
    const auto second = layout::lay_out(page_for("Tổ dân phố số 2"), metrics, nullptr, &memo);
    const int for_second = metrics.calls - after_first;
    metrics.calls = 0;
    const auto fresh = layout::lay_out(page_for("Tổ dân phố số 2"), metrics);  // no memo
    CHECK(layout::dump_pages(second.pages) == layout::dump_pages(fresh.pages));
    CHECK(for_second < metrics.calls);  // the heading came from the memo, the name was measured
    CHECK(for_second > 0);
    CHECK(first != layout::dump_pages(second.pages));
}

TEST_CASE("a_box_whose_layout_warned_is_laid_out_again_and_warns_again", "[layout][memo]") {
    fake_metrics metrics;
    layout::layout_memo memo;
    // Far too long for a 200 x 30 box even at half size: a warning each time.
    const std::string long_text(400, 'x');
    model::document d = small_document({box_of(long_text)});
    CHECK(layout::lay_out(d, metrics, nullptr, &memo).problems.items.size() == 1);
    CHECK(layout::lay_out(d, metrics, nullptr, &memo).problems.items.size() == 1);
}

TEST_CASE("a_memo_used_with_other_metrics_forgets_what_it_had", "[layout][memo]") {
    counting_metrics one, other;
    layout::layout_memo memo;
    layout::lay_out(page_for("A"), one, nullptr, &memo);
    layout::lay_out(page_for("A"), other, nullptr, &memo);
    CHECK(other.calls > 0);  // measured with its own metrics, nothing taken from the first
}
