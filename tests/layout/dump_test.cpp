// Tests of the text dump golden tests are built on.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "layout/page.hpp"

TEST_CASE("dump_pages_writes_one_rounded_line_per_box") {
    layout::page p;
    p.width = 595.276;
    p.height = 841.89;
    p.lines.push_back(layout::line_box{85.039, 80.004, 200, 80.004, 0.5, {}});
    p.texts.push_back(layout::text_box{85.0394, 72.2951, 40.1234, "BIÊN BẢN", {"serif", true, false}, 13, {}});
    p.texts.push_back(layout::text_box{10, 20, 30, "say \"hi\"", {"serif", false, true}, 10.5, {1, 0, 0}});
    const std::string dump = layout::dump_pages({p});
    CHECK(dump ==
          "page 1 595.28x841.89\n"
          "line 85.04 80.00 200.00 80.00 t=0.5\n"
          "text 85.04 72.30 w=40.12 serif/b 13 \"BIÊN BẢN\"\n"
          "text 10.00 20.00 w=30.00 serif/i 10.5 \"say \\\"hi\\\"\" fill=#ff0000\n");
}

TEST_CASE("dump_pages_is_the_same_for_the_same_document") {
    const fixtures::fake_metrics metrics;
    const model::document d = fixtures::small_document(fixtures::filler(50));
    const std::string a = layout::dump_pages(layout::lay_out(d, metrics).pages);
    CHECK(a == layout::dump_pages(layout::lay_out(d, metrics).pages));
    CHECK(a.find("page 2 300.00x400.00\n") != std::string::npos);
    CHECK(a.find("text 20.00 29.00 w=35.00 serif 10 \"filler1\"\n") != std::string::npos);
}
