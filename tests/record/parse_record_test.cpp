// Tests that valid records parse into complete nodes: samples, the other kinds, typed values, paths, positions.
#include <catch2/catch.hpp>

#include <filesystem>

#include "record_test_support.hpp"
#include "support/test_paths.hpp"

using record_test::meeting_with;
using record_test::problems_of;

namespace {

// Parses a file of the source tree and requires it to be valid.
record::parse_result parse_source(const std::string& relative) {
    record::parse_result r = record::parse_record(record_test::read_source(relative));
    INFO(relative << "\n" << problems_of(r));
    REQUIRE(r);
    return r;
}

}  // namespace

TEST_CASE("every_sample_parses_without_problems") {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test_paths::source("samples"))) {
        if (entry.path().extension() != ".xml") continue;
        const std::string name = entry.path().filename().string();
        const record::parse_result r = parse_source("samples/" + name);
        INFO(name);
        // The file name starts with the kind of record it holds.
        CHECK(name.rfind(record::kind_name(r.value.kind), 0) == 0);
        CHECK(r.problems.empty());
        ++count;
    }
    CHECK(count >= 4);
}

TEST_CASE("half_year_review_sample_has_at_least_60_named_attendees") {
    const record::parse_result r = parse_source("samples/meeting-2020-07-10-half-year-review.xml");
    CHECK(r.value.root.child("attendees")->children_named("person").size() >= 60);
    CHECK(r.value.root.child("chair")->child("rank")->str == "Thượng tá");
}

TEST_CASE("pledge_of_cluster_12_parses_with_eight_parties") {
    const record::parse_result r = parse_source("tests/record/data/ceremony-2017-pledge-cluster-12.xml");
    CHECK(r.value.kind == record::kind::ceremony);
    CHECK(r.value.subkind == "pledge");
    const auto parties = r.value.root.child("parties")->children_named("party");
    REQUIRE(parties.size() == 8);
    CHECK(*parties[0]->attribute("role") == "lead");
    CHECK(parties[0]->path() == "/ceremony/parties/party[1]");
    CHECK(parties[0]->child("representative")->path() == "/ceremony/parties/party[1]/representative");
}

TEST_CASE("certification_parses_with_its_recipients_in_order") {
    const record::parse_result r = parse_source("tests/record/data/certification-2022-merit-pccc.xml");
    CHECK(r.value.kind == record::kind::certification);
    CHECK(r.value.subkind == "merit");
    const record::node* decision = r.value.root.child("decision");
    REQUIRE(decision != nullptr);
    CHECK(*decision->attribute("number") == "123/QĐ-CAHP");
    const auto recipients = r.value.root.child("recipients")->children_named("recipient");
    REQUIRE(recipients.size() >= 3);
    CHECK(*recipients[0]->attribute("id") == "gk-2022-001");
}

TEST_CASE("envelope_fields_fill_the_record") {
    const record::parse_result r = record::parse_record(meeting_with("id=\"m-1\"", "id=\"m-1\" template=\"minutes-short\""));
    REQUIRE(r);
    CHECK(r.value.kind == record::kind::meeting);
    CHECK(r.value.id == "m-1");
    CHECK(r.value.template_name == "minutes-short");
    CHECK(r.value.subkind.empty());
    CHECK(r.value.root.tag == "meeting");
    CHECK(r.value.root.path() == "/meeting");
}

TEST_CASE("nodes_carry_typed_values") {
    const record::parse_result r = record::parse_record(meeting_with("</proceedings>", "</proceedings><copies> 02 </copies>"));
    REQUIRE(r);
    const record::node& root = r.value.root;
    const record::node* date = root.child("date");
    CHECK(date->type == record::value_type::date);
    CHECK((date->date().year == 2022 && date->date().month == 8 && date->date().day == 1));
    const record::node* started = root.child("started");
    CHECK(started->type == record::value_type::datetime);
    CHECK((started->hour() == 8 && started->minute() == 0 && started->date().day == 1));
    CHECK(root.child("copies")->integer() == 2);
    const record::node* place = root.child("place");
    CHECK(place->type == record::value_type::string);
    CHECK(place->str == "Hải Phòng");
    CHECK(place->runs.empty());  // a plain string is kept once, in str
}

TEST_CASE("nodes_know_their_line_column_and_path") {
    const record::parse_result r = record::parse_record(record_test::minimal_meeting());
    REQUIRE(r);
    const record::node* chair_name = r.value.root.child("chair")->child("name");
    CHECK(chair_name->line == 8);
    CHECK(chair_name->column == 10);
    CHECK(chair_name->path() == "/meeting/chair/name");
    const record::node* p = r.value.root.child("proceedings")->child("section")->child("p");
    CHECK(p->path() == "/meeting/proceedings/section[1]/p[1]");
    CHECK(p->line == 10);
}

TEST_CASE("repeated_elements_are_indexed_in_paths_and_kept_in_document_order") {
    const std::string section =
        "<section heading=\"Nội dung\"><p>Một</p><speech by=\"Đại tá Lê Quốc Đạt\"><p>Hai</p></speech>"
        "<list><item>Ba</item><item>Bốn</item></list><p>Năm</p></section>";
    const record::parse_result r = record::parse_record(
        meeting_with("</secretary>", "</secretary><attendees><person><name>A</name></person><group count=\"12\">Lãnh đạo</group>"
                                     "<person><name>B</name></person><person><name>C</name></person></attendees>"));
    REQUIRE(r);
    const record::node* attendees = r.value.root.child("attendees");
    REQUIRE(attendees->children.size() == 4);
    CHECK(attendees->children[1].tag == "group");
    CHECK(attendees->children[1].integer() == 0);
    CHECK(*attendees->children[1].attribute("count") == "12");
    CHECK(attendees->children[3].child("name")->path() == "/meeting/attendees/person[3]/name");

    const record::parse_result s = record::parse_record(meeting_with("<section><p>Nội dung.</p></section>", section));
    REQUIRE(s);
    const record::node* sec = s.value.root.child("proceedings")->child("section");
    std::string order;
    for (const record::node& c : sec->children) order.append(c.tag).append(" ");
    CHECK(order == "p speech list p ");
    CHECK(sec->children[3].path() == "/meeting/proceedings/section[1]/p[2]");
    CHECK(sec->children[2].children[1].path() == "/meeting/proceedings/section[1]/list[1]/item[2]");
}

TEST_CASE("inline_text_collapses_whitespace_and_keeps_styles") {
    const record::parse_result r = record::parse_record(meeting_with(
        "<p>Nội dung.</p>", "<p>\n   Đạt   <b>21 cụm</b> <i> an toàn</i>\n PCCC <br/>  dòng <b><u>hai</u></b>  </p>"));
    REQUIRE(r);
    const record::node* p = r.value.root.child("proceedings")->child("section")->child("p");
    CHECK(p->type == record::value_type::text);
    CHECK(p->str == "Đạt 21 cụm an toàn PCCC\ndòng hai");
    REQUIRE(p->runs.size() == 8);
    CHECK(p->runs[0].text == "Đạt ");
    CHECK((p->runs[1].text == "21 cụm" && p->runs[1].bold && !p->runs[1].italic));
    CHECK(p->runs[2].text == " ");
    CHECK((p->runs[3].text == "an toàn" && p->runs[3].italic));
    CHECK(p->runs[4].text == " PCCC");
    CHECK(p->runs[5].line_break);
    CHECK(p->runs[6].text == "dòng ");
    CHECK((p->runs[7].text == "hai" && p->runs[7].bold && p->runs[7].underline));
}
