// Tests of invisible characters in a record's text: dropped, with a warning naming the place.
#include <catch2/catch.hpp>

#include "record/record.hpp"
#include "record_test_support.hpp"

using record_test::meeting_with;
using record_test::problems_of;

TEST_CASE("a_soft_hyphen_in_a_record_is_dropped_without_a_warning") {
    // "phong trào" as a word processor leaves it: a soft hyphen inside "trào".
    record::parse_result r = record::parse_record(
        meeting_with("mô hình phong trào", "mô hình phong tr\xC2\xAD" "ào"));
    REQUIRE(r);
    CHECK(r.problems.empty());
    CHECK(r.value.root.child("title")->str == "Làm việc về mô hình phong trào");
}

TEST_CASE("zero_width_spaces_word_joiners_and_byte_order_marks_are_dropped_with_a_warning_naming_the_path") {
    std::string xml = meeting_with("Hội trường Phòng", "Hội trường\xE2\x80\x8B Phòng");
    xml.replace(xml.find("Lê Quốc Đạt"), std::string("Lê Quốc Đạt").size(), "Lê Quốc\xEF\xBB\xBF Đạt");
    xml.replace(xml.find("<section><p>Nội dung.</p>"), std::string("<section><p>Nội dung.</p>").size(),
                "<section heading=\"Kết\xE2\x81\xA0 luận\"><p><b>Nội\xE2\x80\x8B</b> dung.</p>");
    record::parse_result r = record::parse_record(xml);
    REQUIRE(r);  // rendered all the same
    CHECK(problems_of(r) ==
          "7:13: /meeting/location: warning: invisible character U+200B (zero width space) dropped (remove it from "
          "the record; it often comes with text pasted from a web page or a word processor)\n"
          "8:16: /meeting/chair/name: warning: invisible character U+FEFF (byte order mark) dropped (remove it from "
          "the record; it often comes with text pasted from a web page or a word processor)\n"
          "10:25: /meeting/proceedings/section[1]/@heading: warning: invisible character U+2060 (word joiner) dropped "
          "(remove it from the record; it often comes with text pasted from a web page or a word processor)\n"
          "10:51: /meeting/proceedings/section[1]/p[1]: warning: invisible character U+200B (zero width space) "
          "dropped (remove it from the record; it often comes with text pasted from a web page or a word "
          "processor)\n");
    const record::node& root = r.value.root;
    CHECK(root.child("location")->str == "Hội trường Phòng PCCC và CNCH");
    CHECK(root.child("chair")->child("name")->str == "Lê Quốc Đạt");
    const record::node& section = root.child("proceedings")->children.at(0);
    CHECK(*section.attribute("heading") == "Kết luận");
    CHECK(section.children.at(0).str == "Nội dung.");
}
