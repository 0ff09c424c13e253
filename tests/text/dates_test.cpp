// Tests the Vietnamese way of writing dates and times.
#include "text/vietnamese.hpp"

#include <catch2/catch.hpp>

TEST_CASE("format_date_line_pads_the_day_and_only_months_one_and_two") {
    CHECK(text::format_date_line("Hải Phòng", 2022, 8, 1) == "Hải Phòng, ngày 01 tháng 8 năm 2022");
    CHECK(text::format_date_words(2023, 1, 15) == "ngày 15 tháng 01 năm 2023");
    CHECK(text::format_date_words(2023, 2, 9) == "ngày 09 tháng 02 năm 2023");
    CHECK(text::format_date_words(2023, 3, 9) == "ngày 09 tháng 3 năm 2023");
    CHECK(text::format_date_words(2023, 10, 31) == "ngày 31 tháng 10 năm 2023");
    CHECK(text::format_date_words(2023, 12, 25) == "ngày 25 tháng 12 năm 2023");
}

TEST_CASE("format_date_short_uses_the_same_month_rule") {
    CHECK(text::format_date_short(2022, 8, 1) == "01/8/2022");
    CHECK(text::format_date_short(2023, 2, 15) == "15/02/2023");
    CHECK(text::format_date_short(2023, 11, 5) == "05/11/2023");
}

TEST_CASE("format_time_words_pads_hours_and_minutes") {
    CHECK(text::format_time_words(8, 0) == "08 giờ 00 phút");
    CHECK(text::format_time_words(11, 30) == "11 giờ 30 phút");
    CHECK(text::format_time_words(0, 5) == "00 giờ 05 phút");
}

TEST_CASE("is_valid_date_follows_gregorian_leap_years") {
    CHECK(text::is_valid_date(2024, 2, 29));
    CHECK(text::is_valid_date(2000, 2, 29));
    CHECK_FALSE(text::is_valid_date(2023, 2, 29));
    CHECK_FALSE(text::is_valid_date(1900, 2, 29));
    CHECK(text::is_valid_date(2022, 12, 31));
    CHECK_FALSE(text::is_valid_date(2022, 4, 31));
    CHECK_FALSE(text::is_valid_date(2022, 13, 1));
    CHECK_FALSE(text::is_valid_date(2022, 0, 1));
    CHECK_FALSE(text::is_valid_date(2022, 1, 0));
    CHECK_FALSE(text::is_valid_date(0, 1, 1));
}
