// Tests lookup_field: what the schema says of paths that templates name.
#include <catch2/catch.hpp>

#include "record/record.hpp"

using record::kind;
using record::lookup_field;
using record::value_type;

TEST_CASE("lookup_field_knows_person_fields_through_the_shared_sub_schema") {
    const record::field_info name = lookup_field(kind::meeting, {"chair", "name"});
    CHECK(name.exists);
    CHECK_FALSE(name.repeated);
    CHECK(name.type == value_type::string);
    CHECK(lookup_field(kind::meeting, {"attendees", "person", "rank"}).exists);
    CHECK(lookup_field(kind::meeting, {"attendees", "person"}).repeated);
    CHECK(lookup_field(kind::certification, {"signer", "title"}).exists);
    CHECK_FALSE(lookup_field(kind::meeting, {"chair", "title"}).exists);
}

TEST_CASE("lookup_field_answers_attributes_with_their_type") {
    const record::field_info count = lookup_field(kind::meeting, {"attendees", "group", "@count"});
    CHECK(count.exists);
    CHECK(count.attribute);
    CHECK(count.type == value_type::integer);
    CHECK(lookup_field(kind::certification, {"decision", "@date"}).type == value_type::date);
    CHECK(lookup_field(kind::meeting, {"@id"}).exists);
    CHECK(lookup_field(kind::ceremony, {"@kind"}).exists);
    CHECK_FALSE(lookup_field(kind::meeting, {"@kind"}).exists);
    CHECK_FALSE(lookup_field(kind::meeting, {"chair", "@count"}).exists);
    CHECK_FALSE(lookup_field(kind::meeting, {"attendees", "group", "@count", "x"}).exists);
}

TEST_CASE("lookup_field_types_follow_the_record_format") {
    CHECK(lookup_field(kind::meeting, {"started"}).type == value_type::datetime);
    CHECK(lookup_field(kind::meeting, {"date"}).type == value_type::date);
    CHECK(lookup_field(kind::meeting, {"copies"}).type == value_type::integer);
    CHECK(lookup_field(kind::meeting, {"agenda", "item"}).type == value_type::text);
    CHECK(lookup_field(kind::meeting, {"agenda", "item"}).repeated);
    CHECK(lookup_field(kind::ceremony, {"commitments", "item"}).type == value_type::text);
    CHECK(lookup_field(kind::certification, {"recipients", "recipient", "name"}).type == value_type::text);
    CHECK(lookup_field(kind::certification, {"valid-until"}).type == value_type::date);
}

TEST_CASE("lookup_field_star_matches_mixed_content") {
    const record::field_info any = lookup_field(kind::meeting, {"proceedings", "section", "*"});
    CHECK(any.exists);
    CHECK(any.repeated);
    CHECK(any.type == value_type::none);  // p is text, speech and list hold elements
    CHECK(lookup_field(kind::meeting, {"proceedings", "section", "*", "p"}).exists);
    CHECK(lookup_field(kind::meeting, {"proceedings", "section", "*", "item"}).type == value_type::text);
    CHECK_FALSE(lookup_field(kind::meeting, {"chair", "*", "*"}).exists);
}

TEST_CASE("lookup_field_keeps_kinds_apart") {
    CHECK(lookup_field(kind::ceremony, {"parties", "party", "representative", "name"}).exists);
    CHECK_FALSE(lookup_field(kind::meeting, {"parties"}).exists);
    CHECK_FALSE(lookup_field(kind::certification, {"chair"}).exists);
    CHECK(lookup_field(kind::certification, {"issuer", "code"}).exists);
    CHECK_FALSE(lookup_field(kind::meeting, {"nonsense"}).exists);
    CHECK(std::string(record::kind_name(kind::certification)) == "certification");
}
