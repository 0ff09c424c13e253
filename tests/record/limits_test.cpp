// Tests the limits of RECORDS.md: size, depth and number of recipients, and that callers can only lower them.
#include <catch2/catch.hpp>

#include "record_test_support.hpp"

using Catch::Matchers::StartsWith;

namespace {

// A certification with `count` recipients, one per line from line 8.
std::string certification_of(int count) {
    std::string xml =
        "<certification schema=\"1\" id=\"gk-1\" kind=\"standard\">\n"
        "  <issuer><name>CÔNG AN THÀNH PHỐ HẢI PHÒNG</name></issuer>\n"
        "  <place>Hải Phòng</place><date>2023-12-01</date><title>Giấy chứng nhận</title>\n"
        "  <decision number=\"99/QĐ-CAHP\" date=\"2023-11-30\"/>\n"
        "  <heading>GIẤY CHỨNG NHẬN</heading><grantor>GIÁM ĐỐC</grantor><citation>Đạt chuẩn</citation>\n"
        "  <signer><name>Lê Trung Sơn</name><title>PHÓ GIÁM ĐỐC</title></signer>\n"
        "  <recipients>\n";
    for (int i = 1; i <= count; ++i)
        xml += "    <recipient id=\"r" + std::to_string(i) + "\"><name>Tổ dân phố số " + std::to_string(i) +
               "</name></recipient>\n";
    return xml + "  </recipients>\n</certification>\n";
}

// A meeting whose section holds a chain of nested <b> making the deepest element `depth` deep.
std::string meeting_of_depth(int depth) {
    const int below = depth - 4;  // meeting/proceedings/section/p are 4 levels
    std::string inner = "x";
    for (int i = 0; i < below; ++i) inner = "<b>" + inner + "</b>";
    return record_test::meeting_with("<p>Nội dung.</p>", "<p>" + inner + "</p>");
}

}  // namespace

TEST_CASE("ten_thousand_recipients_are_accepted_one_more_is_not") {
    const record::parse_result ok = record::parse_record(certification_of(10000));
    INFO(record_test::problems_of(ok));
    REQUIRE(ok);
    CHECK(ok.value.root.child("recipients")->children.size() == 10000);
    CHECK(ok.value.root.child("recipients")->children.back().path() == "/certification/recipients/recipient[10000]");

    const record::parse_result over = record::parse_record(certification_of(10001));
    CHECK_FALSE(over);
    CHECK(record_test::problems_of(over) ==
          "10008:5: /certification/recipients/recipient[10001]: more than 10000 recipients\n");
}

TEST_CASE("lower_recipient_limit_is_honoured") {
    record::limits lim;
    lim.max_recipients = 2;
    CHECK(record::parse_record(certification_of(2), lim));
    CHECK_THAT(record_test::problems_of(record::parse_record(certification_of(3), lim)),
               StartsWith("10:5: /certification/recipients/recipient[3]: more than 2 recipients"));
}

TEST_CASE("depth_64_is_accepted_65_is_not") {
    CHECK(record::parse_record(meeting_of_depth(64)));
    const record::parse_result deep = record::parse_record(meeting_of_depth(65));
    CHECK_FALSE(deep);
    REQUIRE(deep.problems.items.size() == 1);
    CHECK_THAT(record_test::problems_of(deep), StartsWith("10:"));
    CHECK_THAT(deep.problems.items[0].message, StartsWith("elements nested 65 deep (at most 64"));
}

TEST_CASE("record_over_32_mib_is_rejected_before_parsing") {
    std::string big = record_test::minimal_meeting();
    big.insert(big.size() - 12, std::string(32u * 1024u * 1024u + 1 - big.size(), ' '));
    REQUIRE(big.size() == 32u * 1024u * 1024u + 1);
    const record::parse_result r = record::parse_record(big);
    CHECK_FALSE(r);
    CHECK(record_test::problems_of(r) == "record is 33554433 bytes (at most 33554432 allowed)\n");
}

TEST_CASE("lower_size_limit_is_honoured_and_higher_one_is_ignored") {
    const std::string xml = record_test::minimal_meeting();
    record::limits small;
    small.max_bytes = xml.size() - 1;
    CHECK_FALSE(record::parse_record(xml, small));
    small.max_bytes = xml.size();
    CHECK(record::parse_record(xml, small));

    record::limits too_high;
    too_high.max_depth = 1000;
    CHECK_FALSE(record::parse_record(meeting_of_depth(65), too_high));
}
