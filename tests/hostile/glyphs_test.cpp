// Characters no embedded font has (emoji, CJK, above U+FFFF): a warning naming the character
// and where it is in the record, and a visible U+FFFD in the PDF, never a silent blank.
#include <catch2/catch.hpp>

#include "hostile_support.hpp"
#include "support/test_paths.hpp"

using hostile::contains;

TEST_CASE("characters_no_font_has_are_named_placed_and_drawn_as_a_replacement", "[hostile]") {
    std::string r = hostile::good_meeting();
    const std::string title = "Họp giao ban tuần";
    r.replace(r.find(title), title.size(), "Họp \xF0\x9F\x98\x80 giao ban");                // U+1F600, line 5
    const std::string chair = "Lê Quốc Đạt";
    r.replace(r.find(chair), chair.size(), "Lê Quốc Đạt \xE4\xB8\xAD \xF0\x9D\x92\x9C");  // U+4E2D, U+1D49C, line 9
    auto o = hostile::render_bytes("missing-glyphs", r);
    INFO("stderr: " << o.run.err);
    REQUIRE(o.run.exit_code == 0);
    REQUIRE(o.written == std::vector<std::string>{"hostile-1.pdf"});
    // <title> starts at 5:3; {chair} prints the whole person, <chair> starts at 9:3.
    // Liberation Serif has no U+FFFD either: the replacement drawn is '?'.
    CHECK(contains(o.run.err, "record.xml:5:3: /meeting/title: warning: no glyph for U+1F600 '\xF0\x9F\x98\x80' in font 'serif/b'; drawn as '?'"));
    CHECK(contains(o.run.err, "record.xml:9:3: /meeting/chair: warning: no glyph for U+4E2D '\xE4\xB8\xAD' in font 'serif'; drawn as '?'"));
    CHECK(contains(o.run.err, "record.xml:9:3: /meeting/chair: warning: no glyph for U+1D49C '\xF0\x9D\x92\x9C' in font 'serif'"));

    const std::string pdf = test_paths::binary_dir() + "/test-scratch/hostile-missing-glyphs/out/hostile-1.pdf";
    auto text = test_paths::run_command({"pdftotext", "-raw", pdf, "-"});
    INFO("pdftotext: " << text.out);
    REQUIRE(text.exit_code == 0);
    CHECK(text.err.empty());
    CHECK(contains(text.out, "Họp ? giao ban"));           // never a silent blank
    CHECK(contains(text.out, "Chủ trì: Lê Quốc Đạt ? ?."));  // above U+FFFF too: one mark per character
    CHECK_FALSE(contains(text.out, "\xF0\x9F\x98\x80"));
}
