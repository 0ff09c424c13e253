// The schema as forms see it (describe_schema: the table walked, with labels) and the facts a
// draft's text gives before the schema is asked (read_facts).
#include <catch2/catch.hpp>

#include <functional>

#include "record/record.hpp"
#include "record_test_support.hpp"

using record::describe_schema;
using record::kind;
using record::schema_element;

namespace {

const kind all_kinds[] = {kind::meeting, kind::ceremony, kind::certification};

// The child of an element with this tag (REQUIREs it).
const schema_element& child(const schema_element& e, const std::string& tag) {
    for (const schema_element& c : e.children)
        if (c.tag == tag) return c;
    FAIL("no <" << tag << "> under <" << e.tag << ">");
    throw;
}

// The tags of an element's children, in order.
std::vector<std::string> tags_of(const schema_element& e) {
    std::vector<std::string> out;
    for (const schema_element& c : e.children) out.push_back(c.tag);
    return out;
}

}  // namespace

TEST_CASE("every_element_and_attribute_of_every_kind_has_a_vietnamese_label", "[record][schema]") {
    // An element added to the table without a label shows its tag on the page, and fails here.
    std::size_t elements = 0, attributes = 0;
    std::function<void(const schema_element&, const std::string&)> walk = [&](const schema_element& e,
                                                                              const std::string& path) {
        ++elements;
        INFO(path);
        CHECK(e.label != e.tag);
        CHECK_FALSE(e.label.empty());
        for (const record::schema_attribute& a : e.attributes) {
            ++attributes;
            INFO(path << "/@" << a.name);
            CHECK(a.label != a.name);
        }
        for (const schema_element& c : e.children) walk(c, path + "/" + c.tag);
    };
    for (kind k : all_kinds) walk(describe_schema(k), std::string("/") + record::kind_name(k));
    CHECK(elements > 100);
    CHECK(attributes > 15);
}

TEST_CASE("describe_schema_walks_the_table_with_types_checks_choices_and_shared_person_children", "[record][schema]") {
    const schema_element meeting = describe_schema(kind::meeting);
    CHECK(meeting.tag == "meeting");
    CHECK(meeting.label == "Biên bản cuộc họp");
    CHECK(meeting.required);
    REQUIRE(meeting.attributes.size() == 4);
    CHECK(meeting.attributes[0].name == "schema");
    CHECK(meeting.attributes[0].check == "schema_version");
    CHECK(meeting.attributes[1].label == "Mã hồ sơ");
    CHECK(meeting.attributes[1].check == "record_id");
    CHECK(meeting.attributes[3].choices == std::vector<std::string>{"yes", "no"});
    CHECK(tags_of(meeting).front() == "issuer");
    CHECK(child(child(meeting, "issuer"), "parent").label == "Cơ quan chủ quản");
    CHECK(child(meeting, "date").type == record::value_type::date);
    CHECK(child(meeting, "started").type == record::value_type::datetime);
    CHECK(child(meeting, "title").label == "Trích yếu (tên cuộc họp)");
    const schema_element& chair = child(meeting, "chair");
    CHECK(chair.required);
    CHECK_FALSE(chair.repeated);
    CHECK(tags_of(chair) == std::vector<std::string>{"rank", "name", "position", "unit"});
    CHECK(child(chair, "name").label == "Họ và tên");
    CHECK(child(chair, "name").required);
    const schema_element& attendee = child(child(meeting, "attendees"), "person");
    CHECK(attendee.repeated);
    CHECK(tags_of(attendee) == tags_of(chair));
    const schema_element& speech = child(child(child(meeting, "proceedings"), "section"), "speech");
    REQUIRE(speech.attributes.size() == 1);
    CHECK(speech.attributes[0].label == "Người phát biểu");
    CHECK(child(speech, "p").type == record::value_type::text);

    const schema_element ceremony = describe_schema(kind::ceremony);
    CHECK(child(ceremony, "title").label == "Trích yếu (tên buổi lễ)");
    const schema_element& party = child(child(ceremony, "parties"), "party");
    REQUIRE(party.attributes.size() == 1);
    CHECK(party.attributes[0].check == "one_of");
    CHECK(party.attributes[0].choices == std::vector<std::string>{"lead", "deputy", "member"});
    CHECK(tags_of(child(ceremony, "signer")) == std::vector<std::string>{"rank", "name", "position", "unit", "authority", "title"});
    CHECK(child(child(party, "representative"), "authority").label == "Thẩm quyền ký");

    const schema_element certification = describe_schema(kind::certification);
    CHECK(child(certification, "heading").label == "Danh hiệu");
    const schema_element& recipient = child(child(certification, "recipients"), "recipient");
    CHECK(recipient.attributes[0].check == "unique_id");
    CHECK(recipient.attributes[0].label == "Mã");
    CHECK(child(recipient, "register").label == "Số vào sổ");
    CHECK(record::type_name(record::value_type::integer) == std::string("integer"));
}

TEST_CASE("read_facts_finds_the_root_id_title_number_and_date_whatever_the_schema_says", "[record][facts]") {
    // A meeting without a chair breaks the schema; its facts are read all the same.
    std::string xml = record_test::minimal_meeting();
    xml.erase(xml.find("  <chair>"), xml.find("  <secretary>") - xml.find("  <chair>"));
    xml.insert(xml.find("  <place>"), "  <number>  15/BB-PC07 </number>\n");
    const record::record_facts facts = record::read_facts(xml);
    REQUIRE(facts.well_formed);
    CHECK(facts.root == "meeting");
    REQUIRE(facts.kind);
    CHECK(*facts.kind == kind::meeting);
    CHECK(facts.id == std::optional<std::string>("m-1"));
    CHECK(facts.id_at.line == 1);
    CHECK(facts.id_at.path == "/meeting/@id");
    CHECK(facts.title == "Làm việc về mô hình phong trào");
    CHECK(facts.number == "15/BB-PC07");
    CHECK(facts.date == "2022-08-01");
    CHECK(facts.problems.empty());
    CHECK_FALSE(record::parse_record(xml));
}

TEST_CASE("read_facts_of_a_certification_take_its_heading_and_decision_number_when_it_has_no_title_or_number",
          "[record][facts]") {
    std::string xml = record_test::read_source("samples/certification-2022-01-10-merit-pccc.xml");
    const record::record_facts full = record::read_facts(xml);
    CHECK(full.number == "123/QĐ-CAHP");
    CHECK(full.title.rfind("Khen thưởng tập thể", 0) == 0);
    xml.erase(xml.find("  <number>"), xml.find("</number>") + 10 - xml.find("  <number>"));
    xml.erase(xml.find("  <title>"), xml.find("</title>") + 9 - xml.find("  <title>"));
    const record::record_facts facts = record::read_facts(xml);
    CHECK(facts.title == "GIẤY KHEN");
    CHECK(facts.number == "123/QĐ-CAHP");
}

TEST_CASE("read_facts_says_where_a_text_stops_being_xml_and_names_an_unknown_root", "[record][facts]") {
    const record::record_facts broken = record::read_facts("<meeting id=\"m-1\">\n  <title>x</titel>\n</meeting>\n");
    CHECK_FALSE(broken.well_formed);
    REQUIRE(broken.problems.items.size() == 1);
    CHECK(broken.problems.items[0].where.line == 2);
    CHECK(broken.problems.items[0].message.rfind("malformed XML", 0) == 0);
    const record::record_facts doctype = record::read_facts("<!DOCTYPE meeting [<!ENTITY x \"y\">]><meeting/>");
    CHECK_FALSE(doctype.well_formed);
    const record::record_facts other = record::read_facts("<minutes id=\"m-1\"/>");
    CHECK(other.well_formed);
    CHECK(other.root == "minutes");
    CHECK_FALSE(other.kind);
    CHECK(other.root_at.line == 1);
    CHECK(other.root_at.column == 1);
    CHECK_FALSE(record::read_facts("<meeting/>").id);
}

TEST_CASE("a_record_id_is_1_to_128_characters_of_letters_digits_and_dot_underscore_colon_dash", "[record][facts]") {
    CHECK(record::is_record_id("bb-2022:15_a.b"));
    CHECK(record::is_record_id(std::string(128, 'a')));
    CHECK_FALSE(record::is_record_id(std::string(129, 'a')));
    CHECK_FALSE(record::is_record_id(""));
    CHECK_FALSE(record::is_record_id("bb/1"));
    CHECK_FALSE(record::is_record_id("biên-bản"));
}
