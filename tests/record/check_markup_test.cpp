// Tests that parse_record is as strict as XML 1.0 where pugixml is lenient: references and what lies outside the root.
#include <catch2/catch.hpp>

#include "record_test_support.hpp"

using record_test::meeting_with;
using record_test::minimal_meeting;
using record_test::problems_of;

namespace {

const std::string reference_hint =
    " (write &amp; for '&'; only &lt; &gt; &amp; &apos; &quot; and &#...; are defined)\n";
const std::string one_root_hint = " (a record is one element, with nothing but comments around it)\n";

// The problems of a record that must be rejected.
std::string rejected(const std::string& xml) {
    const record::parse_result r = record::parse_record(xml);
    CHECK_FALSE(r);
    return problems_of(r);
}

}  // namespace

// Line 3 of the minimal meeting is "  <place>Hải Phòng</place>": 'H' is column 10, so an '&'
// put after "Hải " stands at column 14.
TEST_CASE("a_bare_ampersand_is_malformed_xml_at_the_ampersand") {
    CHECK(rejected(meeting_with("Hải Phòng", "Hải & Phòng")) ==
          "3:14: malformed XML: a bare '&' that starts no reference" + reference_hint);
}

TEST_CASE("an_entity_reference_without_its_semicolon_is_malformed_xml") {
    CHECK(rejected(meeting_with("Hải Phòng", "Hải &amp Phòng")) ==
          "3:14: malformed XML: reference '&amp' is not ended by ';'" + reference_hint);
}

TEST_CASE("an_undefined_entity_is_malformed_xml_even_one_html_knows") {
    CHECK(rejected(meeting_with("Hải Phòng", "Hải&nbsp;Phòng")) ==
          "3:13: malformed XML: undefined entity '&nbsp;'" + reference_hint);
}

TEST_CASE("a_character_reference_to_a_character_xml_forbids_is_malformed_xml") {
    const std::string hint = " (a character reference names a tab, a line end or a printable character)\n";
    CHECK(rejected(meeting_with("Hải Phòng", "Hải &#0; Phòng")) ==
          "3:14: malformed XML: character reference '&#0;' names a character XML does not allow" + hint);
    CHECK(rejected(meeting_with("Hải Phòng", "Hải &#xD800; Phòng")) ==
          "3:14: malformed XML: character reference '&#xD800;' names a character XML does not allow" + hint);
    CHECK(rejected(meeting_with("Hải Phòng", "Hải &#99999999999; Phòng")) ==
          "3:14: malformed XML: character reference '&#99999999999;' names a character XML does not allow" + hint);
    CHECK(rejected(meeting_with("Hải Phòng", "Hải &#x; Phòng")) ==
          "3:14: malformed XML: character reference '&#x;' is not &#digits; or &#xhex;" + hint);
}

TEST_CASE("an_ampersand_in_an_attribute_value_is_checked_as_in_text") {
    // "  <proceedings><section heading=\"PCCC " is 38 characters: the '&' is column 39 of line 10.
    CHECK(rejected(meeting_with("<section>", "<section heading=\"PCCC & CNCH\">")) ==
          "10:39: malformed XML: a bare '&' that starts no reference" + reference_hint);
    // ...then "&lt; CNCH\" by='a" takes columns 39 to 54: the '<' is column 55.
    CHECK(rejected(meeting_with("<section>", "<section heading=\"PCCC &lt; CNCH\" by='a<b'>")) ==
          "10:55: malformed XML: '<' in an attribute value (write &lt; for '<')\n");
}

TEST_CASE("the_five_entities_and_character_references_stay_valid_and_are_decoded") {
    const record::parse_result r = record::parse_record(
        meeting_with("Hải Phòng", "Hải Phòng &amp; &#272;&#x1EA1;i &lt;1&gt; &apos;x&quot;"));
    REQUIRE(r);
    CHECK(r.value.root.child("place")->str == "Hải Phòng & Đại <1> 'x\"");
}

TEST_CASE("comments_cdata_and_processing_instructions_are_not_scanned_as_text") {
    const std::string xml = "<?xml version=\"1.0\"?>\n<!-- xuất từ hệ thống cũ: A & B -->\n<?export a & b?>\n" +
                            meeting_with("Hải Phòng", "<![CDATA[Hải Phòng & <Lạch Tray>]]><!-- & -->");
    const record::parse_result r = record::parse_record(xml);
    INFO(problems_of(r));
    REQUIRE(r);
    CHECK(r.value.root.child("place")->str == "Hải Phòng & <Lạch Tray>");
}

TEST_CASE("a_multipart_upload_posted_as_a_record_is_text_outside_the_root") {
    const std::string upload = "--vanthu7MA4YWxk\r\nContent-Disposition: form-data; name=\"record\"; filename=\"m.xml\"\r\n"
                               "Content-Type: text/xml\r\n\r\n" + minimal_meeting() + "\r\n--vanthu7MA4YWxk--\r\n";
    CHECK(rejected(upload) == "1:1: malformed XML: text outside the root element" + one_root_hint);
}

TEST_CASE("text_after_the_root_is_malformed_xml_at_its_first_character") {
    // minimal_meeting() is 11 lines, each ending in a newline: what follows starts line 12.
    CHECK(rejected(minimal_meeting() + "\n  --vanthu7MA4YWxk--\n") ==
          "13:3: malformed XML: text outside the root element" + one_root_hint);
    CHECK(rejected(minimal_meeting() + "<![CDATA[x]]>") ==
          "12:1: malformed XML: text outside the root element" + one_root_hint);
    CHECK(record::parse_record(minimal_meeting() + "\n<!-- kết thúc -->\n<?done?>\n \t\n"));
}

TEST_CASE("a_second_element_after_the_root_is_malformed_xml_naming_it") {
    CHECK(rejected(minimal_meeting() + "<meeting/>") ==
          "12:1: /meeting: malformed XML: more than one root element" + one_root_hint);
}

TEST_CASE("the_first_problem_in_the_text_is_reported_whether_pugixml_or_the_strict_scan_finds_it") {
    // Line 5 closes <title> with </titel> (pugixml's mismatch); line 3 or line 7 holds a bare '&'.
    const std::string mismatch = meeting_with("</title>", "</titel>");
    CHECK(rejected(mismatch.substr(0, mismatch.find("Hội trường")) + "A & B" +
                   mismatch.substr(mismatch.find("Hội trường"))) ==
          "5:42: malformed XML: Start-end tags mismatch\n");
    std::string early = mismatch;
    early.replace(early.find("Hải Phòng"), std::string("Hải Phòng").size(), "Hải & Phòng");
    CHECK(rejected(early) == "3:14: malformed XML: a bare '&' that starts no reference" + reference_hint);
}
