// Tests that parse_record rejects every kind of bad record with an exact line:column: /path: message.
#include <catch2/catch.hpp>

#include "record_test_support.hpp"

using record_test::meeting_with;
using record_test::problems_of;
using Catch::Matchers::StartsWith;

namespace {

// The one problem of a record that must be rejected.
std::string only_problem(const std::string& xml) {
    const record::parse_result r = record::parse_record(xml);
    CHECK_FALSE(r);
    CHECK(r.problems.items.size() == 1);
    return problems_of(r);
}

// A ceremony of kind pledge, with parties and commitments to replace.
std::string pledge_with(std::string_view from, std::string_view to) {
    std::string xml =
        "<ceremony schema=\"1\" id=\"c-1\" kind=\"pledge\">\n"
        "  <issuer><name>CỤM THI ĐUA SỐ 12</name></issuer>\n"
        "  <place>Thanh Hóa</place><date>2017-03-10</date><title>Giao ước thi đua</title>\n"
        "  <started>2017-03-10T08:00</started><location>Hội trường</location>\n"
        "  <host><name>Đỗ Ngọc Cẩn</name></host>\n"
        "  <parties>\n"
        "    <party role=\"lead\"><unit>Cảnh sát PCCC tỉnh Thanh Hóa</unit><representative><name>A</name></representative></party>\n"
        "    <party role=\"deputy\"><unit>Cảnh sát PCCC tỉnh Khánh Hòa</unit><representative><name>B</name></representative></party>\n"
        "  </parties>\n"
        "  <commitments><item>Hoàn thành xuất sắc nhiệm vụ</item></commitments>\n"
        "</ceremony>\n";
    const std::size_t at = xml.find(from);
    REQUIRE(at != std::string::npos);
    xml.replace(at, from.size(), to);
    return xml;
}

// A certification with three recipients whose ids can be changed.
std::string certification_with(std::string_view from, std::string_view to) {
    std::string xml =
        "<certification schema=\"1\" id=\"gk-1\" kind=\"merit\">\n"
        "  <issuer><name>CÔNG AN THÀNH PHỐ HẢI PHÒNG</name></issuer>\n"
        "  <place>Hải Phòng</place><date>2022-01-10</date><title>Giấy khen</title>\n"
        "  <decision number=\"123/QĐ-CAHP\" date=\"2022-01-05\"/>\n"
        "  <heading>GIẤY KHEN</heading><grantor>GIÁM ĐỐC</grantor><citation>Đã có thành tích</citation>\n"
        "  <signer><name>Lê Trung Sơn</name><title>PHÓ GIÁM ĐỐC</title></signer>\n"
        "  <recipients>\n"
        "    <recipient id=\"r1\"><name>Nguyễn Văn An</name></recipient>\n"
        "    <recipient id=\"r2\"><name>Trần Thị Bình</name></recipient>\n"
        "    <recipient id=\"r3\"><name>Phạm Văn Cường</name></recipient>\n"
        "  </recipients>\n"
        "</certification>\n";
    const std::size_t at = xml.find(from);
    REQUIRE(at != std::string::npos);
    xml.replace(at, from.size(), to);
    return xml;
}

}  // namespace

TEST_CASE("the_test_records_are_valid_before_they_are_broken") {
    CHECK(record::parse_record(record_test::minimal_meeting()));
    CHECK(record::parse_record(pledge_with("", "")));
    CHECK(record::parse_record(certification_with("", "")));
}

TEST_CASE("malformed_xml_is_reported_with_pugixml_description_at_its_place") {
    CHECK(only_problem(meeting_with("</title>", "</titel>")) ==
          "5:42: malformed XML: Start-end tags mismatch\n");
}

TEST_CASE("invalid_utf8_points_at_the_bad_byte") {
    CHECK_THAT(only_problem(meeting_with("Hải", "H\xE1i")), StartsWith("3:11: invalid UTF-8"));
}

TEST_CASE("doctype_is_rejected_even_without_entities_used") {
    const std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE meeting [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n" +
                            meeting_with("Hải Phòng", "&xxe;");
    CHECK_THAT(only_problem(xml), StartsWith("2:1: a DOCTYPE declaration is not allowed"));
}

TEST_CASE("unknown_root_is_rejected") {
    std::string xml = meeting_with("<meeting schema", "<minutes schema");
    xml.replace(xml.find("</meeting>"), 10, "</minutes>");
    CHECK(only_problem(xml) ==
          "1:1: /minutes: unknown root <minutes> (expected <meeting>, <ceremony> or <certification>)\n");
}

TEST_CASE("schema_attribute_must_be_present_and_1") {
    CHECK(only_problem(meeting_with("schema=\"1\" ", "")) ==
          "1:1: /meeting: missing attribute schema (expected schema=\"1\")\n");
    CHECK(only_problem(meeting_with("schema=\"1\"", "schema=\"2\"")) ==
          "1:10: /meeting/@schema: unsupported schema '2' (expected \"1\")\n");
}

TEST_CASE("record_id_must_be_1_to_128_safe_characters") {
    CHECK(only_problem(meeting_with("id=\"m-1\"", "id=\"m 1\"")) ==
          "1:21: /meeting/@id: 'm 1' is not a valid id (expected 1-128 characters of A-Z a-z 0-9 . _ : -)\n");
    CHECK_THAT(only_problem(meeting_with("id=\"m-1\"", "id=\"\"")), StartsWith("1:21: /meeting/@id: '' is not a valid id"));
    CHECK_THAT(only_problem(meeting_with("id=\"m-1\"", "id=\"" + std::string(129, 'a') + "\"")),
               StartsWith("1:21: /meeting/@id: 'aaaa"));
    CHECK(record::parse_record(meeting_with("id=\"m-1\"", "id=\"" + std::string(128, 'a') + "\"")));
    CHECK(record::parse_record(meeting_with("id=\"m-1\"", "id=\"HP:2022.08_01-x\"")));
}

TEST_CASE("template_name_may_not_be_a_path") {
    CHECK_THAT(only_problem(meeting_with("id=\"m-1\"", "id=\"m-1\" template=\"../secret\"")),
               StartsWith("1:30: /meeting/@template: '../secret' is not a valid template name"));
    CHECK(record::parse_record(meeting_with("id=\"m-1\"", "id=\"m-1\" template=\"minutes-pc07.v2\"")));
}

TEST_CASE("unknown_element_is_rejected_with_what_was_expected") {
    CHECK_THAT(only_problem(meeting_with("<place>", "<venue>x</venue><place>")),
               StartsWith("3:3: /meeting/venue: unknown element <venue> in <meeting> (expected <issuer>, "));
}

TEST_CASE("unknown_attribute_is_rejected_at_the_attribute") {
    CHECK(only_problem(meeting_with("<chair>", "<chair role=\"x\">")) ==
          "8:10: /meeting/chair/@role: unknown attribute role on <chair> (<chair> takes no attribute)\n");
}

TEST_CASE("missing_required_element_is_reported_at_its_parent") {
    CHECK(only_problem(meeting_with("<name>Lê Quốc Đạt</name>", "<rank>Đại tá</rank>")) ==
          "8:3: /meeting/chair: missing <name>\n");
    CHECK(only_problem(meeting_with("  <place>Hải Phòng</place>\n", "")) == "1:1: /meeting: missing <place>\n");
}

TEST_CASE("element_that_may_not_repeat_is_rejected_at_its_second_occurrence") {
    CHECK(only_problem(meeting_with("  <place>Hải Phòng</place>\n", "  <place>Hải Phòng</place>\n  <place>Hà Nội</place>\n")) ==
          "4:3: /meeting/place: <place> may occur only once in <meeting>\n");
}

TEST_CASE("impossible_dates_are_rejected_at_the_value") {
    CHECK(only_problem(meeting_with("2022-08-01<", "2022-02-30<")) ==
          "4:9: /meeting/date: '2022-02-30' is not a date (expected YYYY-MM-DD)\n");
    CHECK_THAT(only_problem(meeting_with("2022-08-01<", "2022-13-01<")), StartsWith("4:9: /meeting/date: '2022-13-01'"));
    CHECK_THAT(only_problem(meeting_with("2022-08-01<", "1/8/2022<")), StartsWith("4:9: /meeting/date: '1/8/2022'"));
    CHECK(record::parse_record(meeting_with("2022-08-01<", "2024-02-29<")));
    CHECK_FALSE(record::parse_record(meeting_with("2022-08-01<", "2100-02-29<")));
}

TEST_CASE("bad_times_are_rejected_at_the_value") {
    CHECK(only_problem(meeting_with("2022-08-01T08:00", "2022-08-01T25:00")) ==
          "6:12: /meeting/started: '2022-08-01T25:00' is not a date and time (expected YYYY-MM-DDTHH:MM)\n");
    CHECK_THAT(only_problem(meeting_with("2022-08-01T08:00", "2022-08-01T08:60")), StartsWith("6:12: /meeting/started:"));
    CHECK_THAT(only_problem(meeting_with("2022-08-01T08:00", "2022-08-01 08:00")), StartsWith("6:12: /meeting/started:"));
}

TEST_CASE("duplicate_recipient_ids_are_rejected_at_the_second") {
    CHECK(only_problem(certification_with("id=\"r3\"", "id=\"r1\"")) ==
          "10:16: /certification/recipients/recipient[3]/@id: duplicate id 'r1' (first used at 8:16)\n");
}

TEST_CASE("recipient_ids_that_differ_only_in_letter_case_are_duplicates_naming_both") {
    CHECK(only_problem(certification_with("id=\"r3\"", "id=\"R1\"")) ==
          "10:16: /certification/recipients/recipient[3]/@id: duplicate id 'R1': 'r1' differs only in letter case "
          "(first used at 8:16; files named after them would overwrite each other)\n");
    // Ids are free text: Vietnamese letters fold too, and the NFD form of an id is the same id.
    std::string vietnamese = certification_with("id=\"r1\"", "id=\"Đạt-01\"");
    vietnamese.replace(vietnamese.find("id=\"r2\""), 7, "id=\"ĐẠT-01\"");
    CHECK(only_problem(vietnamese) ==
          "9:16: /certification/recipients/recipient[2]/@id: duplicate id 'ĐẠT-01': 'Đạt-01' differs only in letter case "
          "(first used at 8:16; files named after them would overwrite each other)\n");
    CHECK(record::parse_record(certification_with("id=\"r3\"", "id=\"r1-b\"")));
}

TEST_CASE("pledge_needs_two_parties_and_commitments") {
    const std::string one_party = pledge_with(
        "    <party role=\"deputy\"><unit>Cảnh sát PCCC tỉnh Khánh Hòa</unit><representative><name>B</name></representative></party>\n",
        "");
    CHECK(only_problem(one_party) == "6:3: /ceremony/parties: a pledge has 1 party (expected at least 2)\n");
    CHECK(only_problem(pledge_with("  <commitments><item>Hoàn thành xuất sắc nhiệm vụ</item></commitments>\n", "")) ==
          "1:1: /ceremony: missing <commitments> (a pledge lists what the parties commit to)\n");
    CHECK(record::parse_record(pledge_with("kind=\"pledge\"", "kind=\"award\"")));
}

TEST_CASE("ceremony_and_certification_need_a_valid_kind") {
    CHECK(only_problem(pledge_with(" kind=\"pledge\"", "")) ==
          "1:1: /ceremony: missing attribute kind (expected pledge, award or commemoration)\n");
    CHECK(only_problem(pledge_with("kind=\"pledge\"", "kind=\"party\"")) ==
          "1:31: /ceremony/@kind: 'party' is not a valid kind (expected pledge, award or commemoration)\n");
    CHECK(only_problem(certification_with("kind=\"merit\"", "kind=\"gold\"")) ==
          "1:37: /certification/@kind: 'gold' is not a valid kind (expected merit or standard)\n");
}

TEST_CASE("text_is_rejected_where_only_elements_are_allowed") {
    CHECK(only_problem(meeting_with("<issuer><name>", "<issuer>PC07<name>")) ==
          "2:11: /meeting/issuer: text is not allowed in <issuer> (expected only elements: <parent>, <name> or <code>)\n");
}

TEST_CASE("markup_is_rejected_inside_a_string_element") {
    CHECK(only_problem(meeting_with("Hải Phòng", "Hải <b>Phòng</b>")) ==
          "3:14: /meeting/place: markup <b> is not allowed in <place> (expected plain text)\n");
}

TEST_CASE("only_b_i_u_br_are_allowed_inside_inline_text") {
    CHECK(only_problem(meeting_with("<p>Nội dung.</p>", "<p>Nội <span>dung</span>.</p>")) ==
          "10:32: /meeting/proceedings/section[1]/p[1]: markup <span> is not allowed in <p> (expected text with <b>, <i>, <u> or <br/>)\n");
    CHECK(record::parse_record(meeting_with("<p>Nội dung.</p>", "<p><b>Nội <i>dung</i></b><br/><u>tiếp</u></p>")));
}

TEST_CASE("xml_namespaces_are_rejected") {
    CHECK(only_problem(meeting_with("<meeting ", "<meeting xmlns=\"urn:x\" ")) ==
          "1:10: /meeting/@xmlns: namespace attribute xmlns is not allowed (records use no XML namespace)\n");
    CHECK_THAT(only_problem(meeting_with("<place>", "<x:note xmlns:x=\"urn:x\">a</x:note><place>")),
               StartsWith("3:3: /meeting/x:note: namespaced element <x:note> is not allowed"));
}

TEST_CASE("every_problem_of_a_record_is_listed_in_document_order") {
    std::string xml = meeting_with("2022-08-01<", "2022-02-30<");
    xml.replace(xml.find("<name>Lê Quốc Đạt</name>"), std::string("<name>Lê Quốc Đạt</name>").size(), "<rank>Đại tá</rank>");
    xml.replace(xml.find("<location>"), 10, "<venue>x</venue><location>");
    const record::parse_result r = record::parse_record(xml);
    CHECK_FALSE(r);
    REQUIRE(r.problems.items.size() == 3);
    CHECK(vanthu::format_diagnostic(r.problems.items[0]) == "4:9: /meeting/date: '2022-02-30' is not a date (expected YYYY-MM-DD)");
    CHECK_THAT(vanthu::format_diagnostic(r.problems.items[1]), StartsWith("7:3: /meeting/venue: unknown element <venue>"));
    CHECK(vanthu::format_diagnostic(r.problems.items[2]) == "8:3: /meeting/chair: missing <name>");
}
