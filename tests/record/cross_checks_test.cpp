// Tests of the checks that look at two elements at once: a meeting's end after its start, the archive line last.
#include <catch2/catch.hpp>

#include "record/record.hpp"
#include "record_test_support.hpp"

using record_test::meeting_with;
using record_test::problems_of;

TEST_CASE("a_meeting_that_ends_before_it_starts_is_rejected_at_its_ended_element") {
    const std::string xml = meeting_with("  <location>", "  <ended>2022-08-01T07:30</ended>\n  <location>");
    record::parse_result r = record::parse_record(xml);
    CHECK_FALSE(r);
    CHECK(problems_of(r) ==
          "7:10: /meeting/ended: the meeting ends (2022-08-01T07:30) before it starts (2022-08-01T08:00) (check the "
          "date and time of <started> and <ended>)\n");
}

TEST_CASE("a_meeting_that_ends_on_a_later_day_or_at_its_start_is_accepted") {
    CHECK(record::parse_record(meeting_with("  <location>", "  <ended>2022-08-02T01:15</ended>\n  <location>")));
    CHECK(record::parse_record(meeting_with("  <location>", "  <ended>2022-08-01T08:00</ended>\n  <location>")));
    // A day earlier but a later hour is still earlier.
    CHECK_FALSE(record::parse_record(meeting_with("  <location>", "  <ended>2022-07-31T23:00</ended>\n  <location>")));
}

TEST_CASE("an_archive_line_that_is_not_last_in_the_distribution_is_a_warning_naming_it") {
    const std::string xml = meeting_with(
        "  <proceedings>", "  <distribution><to>Như trên;</to><to>Lưu: VT, PC07.</to><to>Ban Giám đốc CATP.</to></distribution>\n"
                           "  <proceedings>");
    record::parse_result r = record::parse_record(xml);
    CHECK(r);  // rendered all the same
    REQUIRE(r.problems.items.size() == 1);
    CHECK(r.problems.items[0].level == vanthu::severity::warning);
    CHECK(problems_of(r).find("/meeting/distribution/to[2]: warning: the archive line 'Lưu: ...' is not the last line of Nơi nhận") !=
          std::string::npos);
    // Last, or absent (the template adds it at the end): no warning.
    CHECK(record::parse_record(meeting_with("  <proceedings>", "  <distribution><to>Như trên;</to><to>Lưu: VT.</to></distribution>\n  <proceedings>"))
              .problems.empty());
    CHECK(record::parse_record(meeting_with("  <proceedings>", "  <distribution><to>Như trên;</to></distribution>\n  <proceedings>"))
              .problems.empty());
}
