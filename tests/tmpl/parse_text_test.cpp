// Tests of the small languages inside templates: fields, formatters, tests, units.
#include <catch2/catch.hpp>

#include "tmpl/parse_text.hpp"
#include "tmpl/units.hpp"

namespace {

// Parses text and collects every problem as "offset: message".
tmpl::template_text parse_collecting(const std::string& s, std::vector<std::string>& problems) {
    return tmpl::parse_template_text(s, [&](std::size_t offset, const std::string& m) {
        problems.push_back(std::to_string(offset) + ": " + m);
    });
}

}  // namespace

TEST_CASE("parse_template_text_splits_literals_and_fields_with_formatter_arguments") {
    std::vector<std::string> problems;
    tmpl::template_text t = parse_collecting("Số: {number|or('     /BB-' + issuer/code)}", problems);
    REQUIRE(problems.empty());
    REQUIRE(t.size() == 2);
    CHECK_FALSE(t[0].is_field);
    CHECK(t[0].literal == "Số: ");
    REQUIRE(t[1].is_field);
    CHECK(t[1].field.path.steps == std::vector<std::string>{"number"});
    REQUIRE(t[1].field.filters.size() == 1);
    const tmpl::formatter& f = t[1].field.filters[0];
    CHECK(f.name == "or");
    REQUIRE(f.arg.size() == 2);
    CHECK(f.arg[0].literal);
    CHECK(f.arg[0].text == "     /BB-");  // spaces inside quotes are kept
    CHECK_FALSE(f.arg[1].literal);
    CHECK(f.arg[1].path.steps == std::vector<std::string>{"issuer", "code"});
}

TEST_CASE("parse_template_text_reads_double_braces_as_literal_braces") {
    std::vector<std::string> problems;
    tmpl::template_text t = parse_collecting("a {{b}} c", problems);
    REQUIRE(problems.empty());
    REQUIRE(t.size() == 1);
    CHECK(t[0].literal == "a {b} c");
}

TEST_CASE("parse_template_text_reports_an_unclosed_brace_where_it_opens") {
    std::vector<std::string> problems;
    parse_collecting("ngày {date|date", problems);
    CHECK(problems == std::vector<std::string>{"6: unclosed '{'"});  // bytes: "ngày " is 6
}

TEST_CASE("parse_template_text_reports_unknown_formatters_and_missing_arguments") {
    std::vector<std::string> problems;
    parse_collecting("{date|datee} {date|date-line} {title|upper('x')}", problems);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] == "6: unknown formatter 'datee'");
    CHECK(problems[1] == "19: formatter 'date-line' needs an argument");
    CHECK(problems[2] == "37: formatter 'upper' takes no argument");
}

TEST_CASE("parse_condition_reads_presence_tags_equality_and_not") {
    auto ignore = [](std::size_t, const std::string&) { FAIL("unexpected problem"); };
    tmpl::condition c;
    REQUIRE(tmpl::parse_condition("attendees/person", c, ignore));
    CHECK(c.what == tmpl::test_kind::present);
    CHECK_FALSE(c.negate);
    REQUIRE(tmpl::parse_condition("not g/@count", c, ignore));
    CHECK(c.negate);
    CHECK(c.path.steps == std::vector<std::string>{"g", "@count"});
    REQUIRE(tmpl::parse_condition("c is speech", c, ignore));
    CHECK(c.what == tmpl::test_kind::is_tag);
    CHECK(c.literal == "speech");
    REQUIRE(tmpl::parse_condition("@kind = 'pledge'", c, ignore));
    CHECK(c.what == tmpl::test_kind::equals);
    CHECK(c.literal == "pledge");
    REQUIRE(tmpl::parse_condition("@kind != 'award'", c, ignore));
    CHECK(c.what == tmpl::test_kind::not_equals);
}

TEST_CASE("read_length_converts_units_to_points_and_refuses_bad_units") {
    tmpl::length len;
    REQUIRE(tmpl::read_length("1.27cm", false, len));
    CHECK(len.points(0) == Approx(36.0));
    REQUIRE(tmpl::read_length("20mm", false, len));
    CHECK(len.points(0) == Approx(56.693).epsilon(0.001));
    REQUIRE(tmpl::read_length("40%", true, len));
    CHECK(len.points(200) == Approx(80.0));
    tmpl::read_status bad = tmpl::read_length("12px", true, len);
    CHECK_FALSE(bad);
    CHECK(bad.message == "bad unit 'px' in '12px' (use mm, cm, pt or %)");
    CHECK_FALSE(tmpl::read_length("40%", false, len));
    CHECK_FALSE(tmpl::read_length("12", false, len));
    CHECK(tmpl::read_length("abc", false, len).message == "bad number 'abc'");
}
