// The page limit: a runaway template or document stops with an error, not 100,000 pages.
#include <catch2/catch.hpp>

#include "hostile_support.hpp"
#include "layout/page.hpp"
#include "support/test_paths.hpp"

using hostile::contains;

namespace {

// Every character 6 points wide, every glyph present.
class even_metrics : public layout::font_metrics {
public:
    double text_width(const model::font_key&, std::string_view utf8, double size) const override {
        return static_cast<double>(utf8.size()) * size / 2;
    }
    double ascent(const model::font_key&, double size) const override { return size * 0.8; }
    double descent(const model::font_key&, double size) const override { return size * 0.2; }
    bool has_glyph(const model::font_key&, char32_t) const override { return true; }
};

// A document of n short paragraphs, each after a forced page break.
model::document paragraphs_on_pages(int n) {
    model::document doc;
    for (int i = 0; i < n; ++i) {
        model::block brk;
        brk.what = model::block::kind::page_break;
        if (i > 0) doc.blocks.push_back(brk);
        model::block p;
        model::run text;
        text.text = "page " + std::to_string(i + 1);
        text.font = {"serif", false, false};
        p.p.runs.push_back(text);
        doc.blocks.push_back(p);
    }
    return doc;
}

}  // namespace

TEST_CASE("layout_stops_at_the_page_limit_with_an_error", "[hostile]") {
    model::document doc = paragraphs_on_pages(50);
    doc.max_pages = 20;
    const even_metrics metrics;
    layout::layout_result laid = layout::lay_out(doc, metrics);
    REQUIRE(laid.problems.has_errors());
    CHECK(laid.problems.items.back().message == "the document needs more than 20 pages (the page limit); layout stopped");
    CHECK(laid.pages.size() == 20);

    doc.max_pages = 50;  // exactly enough
    CHECK_FALSE(layout::lay_out(doc, metrics).problems.has_errors());
}

TEST_CASE("a_template_making_a_hundred_thousand_pages_is_stopped_by_the_page_limit", "[hostile]") {
    const std::string templates = hostile::copy_templates("pages");
    std::string xml = test_paths::read_file(templates + "/minutes.xml");
    xml.insert(xml.find("<body>") + 6,
               "<for each=\"attendees/person\" as=\"a\"><for each=\"attendees/person\" as=\"b\">"
               "<p>{a/name} {b/name}</p><page-break/></for></for>");
    hostile::write_bytes(templates + "/pages.xml", xml);
    std::string people = "  <attendees>";
    for (int i = 0; i < 317; ++i) people += "<person><name>Người " + std::to_string(i) + "</name></person>";
    people += "</attendees>\n";
    std::string r = hostile::good_meeting();
    r.insert(r.find("  <proceedings>"), people);  // 317 x 317 = 100,489 pages asked
    auto o = hostile::render_bytes("page-limit", r, {"--templates", templates, "--template", "pages"});
    INFO("stderr: " << o.run.err.substr(0, 2000));
    CHECK(o.run.exit_code == 78);
    CHECK(contains(o.run.err, "pages.xml: the template makes more than 10000 pages for this record (the page limit)"));
    CHECK(o.written.empty());
}
