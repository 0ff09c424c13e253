// Tests of loading the shipped templates and of what a loaded template holds.
#include <catch2/catch.hpp>

#include "support/test_paths.hpp"
#include "tmpl/ast.hpp"
#include "tmpl/template.hpp"

TEST_CASE("load_template_reads_the_default_minutes_without_any_problem") {
    tmpl::load_result r = tmpl::load_template(test_paths::source("templates"), "minutes");
    INFO(vanthu::format_diagnostics(r.problems));
    REQUIRE(r);
    CHECK(r.problems.empty());
    const tmpl::template_def& t = *r.value;
    CHECK(t.kind == record::kind::meeting);
    CHECK(t.page.margin_left == Approx(30 * 72 / 25.4));
    CHECK(t.page.margin_right == Approx(15 * 72 / 25.4));
    CHECK(t.page.numbers.from_page == 2);
    REQUIRE(t.styles.count("body"));
    const tmpl::style& body = t.styles.at("body");
    CHECK(body.size == 14);
    CHECK(body.alignment == model::align::justify);
    CHECK(body.first_indent == Approx(36.0));  // 1.27 cm
    CHECK(body.space_after == 6);
}

TEST_CASE("load_template_resolves_style_bases_and_element_overrides") {
    tmpl::load_result r = tmpl::load_template(test_paths::source("templates"), "minutes");
    REQUIRE(r);
    const tmpl::style& motto = r.value->styles.at("motto");
    CHECK(motto.bold);               // its own
    CHECK(motto.size == 13);         // its own
    CHECK(motto.first_indent == 0);  // from hdr
    CHECK(motto.font == "serif");    // from body, through hdr
}

TEST_CASE("default_template_name_follows_the_record_kind") {
    CHECK(tmpl::default_template_name("meeting", "") == "minutes");
    CHECK(tmpl::default_template_name("ceremony", "pledge") == "pledge");
    CHECK(tmpl::default_template_name("ceremony", "award") == "ceremony");
    CHECK(tmpl::default_template_name("certification", "merit") == "certificate-merit");
    CHECK(tmpl::default_template_name("certification", "standard") == "certificate-standard");
}
