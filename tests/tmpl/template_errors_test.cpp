// Tests that template mistakes are all reported at load time as file:line:column: message.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support/test_paths.hpp"
#include "tmpl/template.hpp"

namespace {

// Writes dir/name.xml.
void write_template(const std::string& dir, const std::string& name, const std::string& xml) {
    std::ofstream(dir + "/" + name + ".xml", std::ios::binary) << xml;
}

// The font line every test template needs.
const char* const font_line =
    "  <font family=\"serif\" regular=\"a.ttf\" bold=\"b.ttf\" italic=\"c.ttf\" bold-italic=\"d.ttf\"/>\n";

// Loads a template written in a scratch folder and returns its diagnostics as text.
std::string problems_of(const std::string& scratch, const std::string& xml) {
    std::string dir = test_paths::scratch_dir(scratch);
    write_template(dir, "t", xml);
    tmpl::load_result r = tmpl::load_template(dir, "t");
    CHECK_FALSE(r);
    CHECK(r.value == nullptr);
    return vanthu::format_diagnostics(r.problems);
}

}  // namespace

TEST_CASE("load_template_lists_every_mistake_with_file_line_and_column") {
    std::string xml = std::string("<template kind=\"meeting\">\n") + font_line +
                      "  <style name=\"body\" size=\"14pt\"/>\n"
                      "  <page margin-left=\"30px\"/>\n"
                      "  <body>\n"
                      "    <para>x</para>\n"
                      "    <p style=\"nope\">{chair/nam}</p>\n"
                      "    <p>Ngày {date|dat}</p>\n"
                      "    <for each=\"attendees/person\" as=\"p\"><p>{p/rank} {q/name}</p></for>\n"
                      "  </body>\n"
                      "</template>\n";
    CHECK(problems_of("errors-all", xml) ==
          "t.xml:4:9: bad unit 'px' in '30px' (use mm, cm or pt)\n"
          "t.xml:6:5: unknown element <para>\n"
          "t.xml:7:8: unknown style 'nope'\n"
          "t.xml:7:21: unknown field 'chair/nam' in a meeting record\n"
          "t.xml:8:19: unknown formatter 'dat'\n"
          "t.xml:9:53: unknown field 'q/name' in a meeting record\n");
}

TEST_CASE("load_template_reports_unknown_attributes_misplaced_elements_and_bad_tests") {
    std::string xml = std::string("<template kind=\"meeting\">\n") + font_line +
                      "  <body>\n"
                      "    <p colour=\"red\">a<item>b</item></p>\n"
                      "    <for each=\"proceedings/section/*\" as=\"c\"><if test=\"c is speach\"><p>x</p></if></for>\n"
                      "    <table widths=\"10mm *\"><row><cell>1</cell></row></table>\n"
                      "    <else/>\n"
                      "  </body>\n"
                      "</template>\n";
    CHECK(problems_of("errors-misc", xml) ==
          "t.xml:4:8: unknown attribute 'colour' on <p>\n"
          "t.xml:4:22: <item> is not allowed inside a paragraph\n"
          "t.xml:5:50: unknown element <speach> for 'c' in a meeting record\n"
          "t.xml:6:28: row has 1 cells, the table has 2 columns\n"
          "t.xml:7:5: <else> must follow an <if>\n");
}

TEST_CASE("load_template_checks_formatters_against_the_field_type") {
    std::string xml = std::string("<template kind=\"meeting\">\n") + font_line +
                      "  <body><p>{title|date} {started|time} {copies|pad2} {location|time-short}</p></body>\n"
                      "</template>\n";
    std::string problems = problems_of("errors-types", xml);
    CHECK(problems ==
          "t.xml:3:12: formatter 'date' needs a date, 'title' is text\n"
          "t.xml:3:54: formatter 'time-short' needs a date and time, 'location' is text\n");
}

TEST_CASE("load_template_refuses_a_name_with_a_path") {
    for (const char* name : {"../minutes", "sub/minutes", "..", ""}) {
        INFO(name);
        tmpl::load_result r = tmpl::load_template(test_paths::source("templates"), name);
        CHECK_FALSE(r);
        REQUIRE(r.problems.items.size() == 1);
        CHECK(r.problems.items[0].message.find("bad template name") == 0);
    }
}

TEST_CASE("load_template_refuses_a_doctype_and_bad_xml") {
    std::string dir = test_paths::scratch_dir("errors-xml");
    write_template(dir, "dt", "<!DOCTYPE x [<!ENTITY e \"boom\">]>\n<template kind=\"meeting\"/>\n");
    write_template(dir, "bad", "<template kind=\"meeting\">\n  <body>\n</template>\n");
    tmpl::load_result dt = tmpl::load_template(dir, "dt");
    CHECK(vanthu::format_diagnostics(dt.problems) == "dt.xml:1:1: a DOCTYPE is not allowed in a template\n");
    tmpl::load_result bad = tmpl::load_template(dir, "bad");
    REQUIRE(bad.problems.items.size() == 1);
    CHECK(bad.problems.items[0].where.line == 3);
    CHECK(bad.problems.items[0].message.find("bad XML") == 0);
}

TEST_CASE("a_template_of_1_mib_is_read_whole_and_one_byte_more_is_refused") {
    std::string dir = test_paths::scratch_dir("errors-size");
    const std::string head = "<template kind=\"meeting\">\n<!--";
    const std::string tail = "-->\n" + std::string(font_line) + "  <body><p>x</p></body>\n</template>\n";
    const std::size_t mib = 1024 * 1024;
    write_template(dir, "full", head + std::string(mib - head.size() - tail.size(), 'x') + tail);
    write_template(dir, "over", head + std::string(mib + 1 - head.size() - tail.size(), 'x') + tail);
    tmpl::load_result full = tmpl::load_template(dir, "full");
    INFO(vanthu::format_diagnostics(full.problems));
    CHECK(full.problems.items.empty());  // every byte read: the end tag is found
    CHECK(full);
    tmpl::load_result over = tmpl::load_template(dir, "over");
    CHECK(vanthu::format_diagnostics(over.problems) == "over.xml: the template is larger than 1 MiB\n");
}

TEST_CASE("load_template_accepts_only_real_png_images_inside_the_template_folder") {
    std::string dir = test_paths::scratch_dir("errors-images");
    std::filesystem::copy_file(test_paths::source("tests/tmpl/fixtures/logo-200x100.png"), dir + "/logo.png");
    std::ofstream(dir + "/fake.png", std::ios::binary) << "GIF89a not a png at all, really";
    std::string xml = std::string("<template kind=\"meeting\">\n") + font_line +
                      "  <body>\n"
                      "    <image src=\"logo.png\" width=\"20mm\"/>\n"
                      "    <image src=\"fake.png\" width=\"20mm\"/>\n"
                      "    <image src=\"../logo.png\" width=\"20mm\"/>\n"
                      "    <image src=\"/etc/passwd\" width=\"20mm\"/>\n"
                      "  </body>\n"
                      "</template>\n";
    write_template(dir, "t", xml);
    tmpl::load_result r = tmpl::load_template(dir, "t");
    CHECK(vanthu::format_diagnostics(r.problems) ==
          "t.xml:5:12: image 'fake.png' is not a PNG file (no PNG signature)\n"
          "t.xml:6:12: image '../logo.png' is outside the template folder\n"
          "t.xml:7:12: image '/etc/passwd' is outside the template folder\n");
}

TEST_CASE("load_template_reports_bad_numbers_percentages_and_repeated_parts") {
    std::string xml = std::string("<template kind=\"meeting\">\n") + font_line +
                      "  <page-numbers from=\"two\" size=\"13\"/>\n"
                      "  <style name=\"body\" line-height=\"1,5\" first-indent=\"10%\"/>\n"
                      "  <body><p>{title</p></body>\n"
                      "  <body/>\n"
                      "</template>\n";
    CHECK(problems_of("errors-numbers", xml) ==
          "t.xml:3:17: bad number 'two'\n"
          "t.xml:3:28: missing unit in '13' (use mm, cm or pt)\n"
          "t.xml:4:22: bad number '1,5'\n"
          "t.xml:4:40: a percentage is not allowed here: '10%' (use mm, cm or pt)\n"
          "t.xml:5:12: unclosed '{'\n"
          "t.xml:6:3: <body> may appear only once\n");
}

TEST_CASE("load_template_checks_settings_their_values_and_their_uses") {
    std::string xml = std::string("<template kind=\"meeting\">\n") + font_line +
                      "  <set name=\"chair-title\" value=\"Chủ trì\"/>\n"
                      "  <set name=\"chair-title\" value=\"Chủ tọa\"/>\n"
                      "  <set name=\"signer-name\" value=\"first-name\"/>\n"
                      "  <set name=\"a b\" value=\"x\"/>\n"
                      "  <body><p>{$chair-title} {$chair-titel}</p><if test=\"$conclusion = 'separate'\"><p>x</p></if></body>\n"
                      "</template>\n";
    CHECK(problems_of("errors-settings", xml) ==
          "t.xml:4:3: setting 'chair-title' is set twice\n"
          "t.xml:5:27: bad signer-name 'first-name' (use rank-name|name)\n"
          "t.xml:6:8: bad setting name 'a b' (letters, digits, '_', '-' and '.')\n"
          "t.xml:7:27: unknown setting '$chair-titel' (declare it: <set name=\"chair-titel\" value=\"...\"/>)\n"
          "t.xml:7:49: unknown setting '$conclusion' (declare it: <set name=\"conclusion\" value=\"...\"/>)\n");
}

TEST_CASE("load_template_checks_same_day_tests_person_formatters_and_list_ends") {
    std::string xml = std::string("<template kind=\"meeting\">\n") + font_line +
                      "  <body><if test=\"ended same-day location\"><p>x</p></if><if test=\"ended same-day\"><p>y</p></if>\n"
                      "  <p>{title|signer} {chair|authority} {number|doc-number}</p>\n"
                      "  <list item-end=\";;\" last-end=\"!\"><item>a</item></list></body>\n"
                      "</template>\n";
    CHECK(problems_of("errors-same-day", xml) ==
          "t.xml:3:13: 'same-day' compares two dates, e.g. 'ended same-day started'\n"
          "t.xml:3:61: bad test 'ended same-day': expected 'is', '=', '!=', 'starts-with' or 'same-day'\n"
          "t.xml:4:6: formatter 'signer' needs a person, 'title' is text\n"
          "t.xml:5:9: item-end is one of '.', ';', ',' or ':' (got ';;')\n"
          "t.xml:5:23: last-end is one of '.', ';', ',' or ':' (got '!')\n");
}

TEST_CASE("load_template_checks_the_clear_space_of_columns_and_a_keep_with_the_block_before") {
    std::string xml = std::string("<template kind=\"meeting\">\n") + font_line +
                      "  <body>\n"
                      "    <columns clear=\"6px\"><column min-size=\"50%\"><p>x</p></column></columns>\n"
                      "    <keep with-previous=\"maybe\"><p>x</p></keep>\n"
                      "  </body>\n"
                      "</template>\n";
    CHECK(problems_of("errors-clear", xml) ==
          "t.xml:4:14: bad unit 'px' in '6px' (use mm, cm or pt)\n"
          "t.xml:4:34: a percentage is not allowed here: '50%' (use mm, cm or pt)\n"
          "t.xml:5:11: expected yes or no, not 'maybe'\n");
}

TEST_CASE("a_memo_loads_each_template_once_and_answers_every_caller_alike", "[tmpl]") {
    const std::string dir = test_paths::scratch_dir("tmpl-memo");
    const std::string good = std::string("<template kind=\"meeting\">\n") + font_line +
                             "  <body>\n    <p>{title}</p>\n  </body>\n</template>\n";
    write_template(dir, "t", good);
    write_template(dir, "bad", std::string("<template kind=\"meeting\">\n") + font_line + "  <body><para/></body>\n</template>\n");
    tmpl::template_memo memo;
    const tmpl::load_result first = memo.load({dir}, "t");
    REQUIRE(first);
    // Read once: the second answer is the same definition, even after the file changed.
    write_template(dir, "t", "<template kind=\"meeting\"><broken");
    const tmpl::load_result second = memo.load({dir}, "t");
    REQUIRE(second);
    CHECK(second.value.get() == first.value.get());
    CHECK_FALSE(tmpl::load_template(dir, "t"));  // loaded without the memo, the file is read again
    // Problems come with every answer, the same each time; another folder list is another load.
    const tmpl::load_result bad1 = memo.load({dir}, "bad"), bad2 = memo.load({dir}, "bad");
    CHECK_FALSE(bad1);
    CHECK_FALSE(bad2);
    CHECK(vanthu::format_diagnostics(bad1.problems).find("bad.xml:3:") != std::string::npos);
    CHECK(vanthu::format_diagnostics(bad1.problems) == vanthu::format_diagnostics(bad2.problems));
    const std::string other = test_paths::scratch_dir("tmpl-memo-other");
    write_template(other, "t", good);
    const tmpl::load_result elsewhere = memo.load({other, dir}, "t");
    REQUIRE(elsewhere);
    CHECK(elsewhere.value.get() != first.value.get());
    CHECK(tmpl::template_folder(*elsewhere.value) == other);
}
