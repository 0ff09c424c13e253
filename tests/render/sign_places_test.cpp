// The blank a signature block leaves to sign in by hand is marked in the PDF as the place of a
// digital signature (/VanthuSignPlaces on its page): between the title lines and the name, one
// per signer, and it survives a batch's pages being merged.
#include <catch2/catch.hpp>

#include <algorithm>

#include "pdf/pages.hpp"
#include "sample_support.hpp"
#include "support/test_paths.hpp"

namespace {

// The text box whose text is exactly this, on the page; nullptr when none.
const layout::text_box* text_named(const layout::page& p, const std::string& text) {
    for (const layout::text_box& t : p.texts)
        if (t.text == text) return &t;
    return nullptr;
}

// The places a PDF's page marks, as read back from its bytes: each [llx lly urx ury].
std::vector<std::vector<double>> marked_places(const pdf::pdf_file& file, std::size_t page) {
    vanthu::diagnostics problems;
    const pdf::stored_object* object = file.object(file.page_object(page), problems);
    REQUIRE(object);
    std::vector<std::vector<double>> out;
    const pdf::value* places = object->dict.find("VanthuSignPlaces");
    if (!places) return out;
    for (const pdf::value& box : places->items) {
        std::vector<double> numbers;
        for (const pdf::value& n : box.items) numbers.push_back(std::stod(n.text));
        out.push_back(numbers);
    }
    return out;
}

}  // namespace

TEST_CASE("the_minutes_mark_a_place_to_sign_in_the_blank_of_each_signature_block", "[render][sign]") {
    render::options opts = sample_support::source_tree_options();
    opts.keep_pages = true;
    const render::result r = render::render_record(
        test_paths::read_file(test_paths::source("samples/meeting-2022-08-01-pccc-models.xml")), opts);
    REQUIRE(r);
    const layout::page& last = r.pages.back();
    REQUIRE(last.sign_places.size() == 2);
    // The secretary's (left) and the chair's (right): each below its title and above its name.
    const layout::text_box* secretary = text_named(last, "THƯ KÝ");
    REQUIRE(secretary);
    const layout::sign_place& left = last.sign_places[0];
    const layout::sign_place& right = last.sign_places[1];
    CHECK(left.x < right.x);
    CHECK(left.x <= secretary->x);
    CHECK(secretary->x + secretary->width <= left.x + left.width);
    CHECK(secretary->y < left.y);
    CHECK(left.height == Approx(3 * 72 / 2.54).epsilon(0.001));  // the template's blank="3cm"
    const auto name_below = std::count_if(last.texts.begin(), last.texts.end(), [&](const layout::text_box& t) {
        return t.y > left.y + left.height && t.y < left.y + left.height + 30 && t.x >= left.x && t.x < left.x + left.width;
    });
    CHECK(name_below >= 1);
    for (std::size_t i = 0; i + 1 < r.pages.size(); ++i) CHECK(r.pages[i].sign_places.empty());

    // In the PDF, in user space (y up): the same rectangles, on the last page only.
    vanthu::diagnostics problems;
    const auto file = pdf::pdf_file::read(r.pdf, problems);
    REQUIRE(file);
    const auto marked = marked_places(*file, file->page_count() - 1);
    REQUIRE(marked.size() == 2);
    CHECK(marked[0][0] == Approx(left.x));
    CHECK(marked[0][3] == Approx(last.height - left.y));
    CHECK(marked[0][3] - marked[0][1] == Approx(left.height));
    CHECK(marked_places(*file, 0).empty());
}

TEST_CASE("every_certificate_of_a_merged_batch_keeps_its_place_to_sign", "[render][sign]") {
    const render::result r = render::render_record(
        test_paths::read_file(test_paths::source("samples/certification-2022-12-20-merit-advanced-units.xml")),
        sample_support::source_tree_options());
    REQUIRE(r);
    vanthu::diagnostics problems;
    const auto file = pdf::pdf_file::read(r.pdf, problems);
    REQUIRE(file);
    REQUIRE(file->page_count() == 150);
    const auto first = marked_places(*file, 0);
    REQUIRE(first.size() == 1);
    // Landscape A4: the signature sits in the right half, its blank 34 mm tall (the template's).
    CHECK(first[0][0] > 842 / 2.0);
    CHECK(first[0][3] - first[0][1] == Approx(34 * 72 / 25.4).epsilon(0.001));
    for (std::size_t page : {std::size_t{1}, std::size_t{77}, std::size_t{149}}) CHECK(marked_places(*file, page) == first);
}
