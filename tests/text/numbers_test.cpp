// Tests numbers in digits and in words.
#include "text/vietnamese.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

TEST_CASE("group_thousands_puts_a_dot_between_groups_of_three") {
    CHECK(text::group_thousands(1250000) == "1.250.000");
    CHECK(text::group_thousands(500000) == "500.000");
    CHECK(text::group_thousands(999) == "999");
    CHECK(text::group_thousands(1000) == "1.000");
    CHECK(text::group_thousands(0) == "0");
    CHECK(text::group_thousands(-1025) == "-1.025");
    CHECK(text::group_thousands(std::numeric_limits<std::int64_t>::min()) == "-9.223.372.036.854.775.808");
}

TEST_CASE("pad_number_pads_short_numbers_only") {
    CHECK(text::pad_number(5, 2) == "05");
    CHECK(text::pad_number(15, 2) == "15");
    CHECK(text::pad_number(123, 2) == "123");
    CHECK(text::pad_number(0, 2) == "00");
    CHECK(text::pad_number(-5, 2) == "-05");
}

TEST_CASE("number_in_words_reads_the_cases_of_vietnamese_md") {
    CHECK(text::number_in_words(105) == "một trăm linh năm");
    CHECK(text::number_in_words(1025) == "một nghìn không trăm hai mươi lăm");
    CHECK(text::number_in_words(21) == "hai mươi mốt");
    CHECK(text::number_in_words(15) == "mười lăm");
    CHECK(text::number_in_words(25) == "hai mươi lăm");
    CHECK(text::number_in_words(11) == "mười một");
    CHECK(text::number_in_words(24) == "hai mươi tư");
}

TEST_CASE("number_in_words_uses_mot_tu_lam_only_where_they_belong") {
    CHECK(text::number_in_words(0) == "không");
    CHECK(text::number_in_words(1) == "một");
    CHECK(text::number_in_words(4) == "bốn");
    CHECK(text::number_in_words(5) == "năm");
    CHECK(text::number_in_words(10) == "mười");
    CHECK(text::number_in_words(14) == "mười bốn");
    CHECK(text::number_in_words(20) == "hai mươi");
    CHECK(text::number_in_words(31) == "ba mươi mốt");
    CHECK(text::number_in_words(45) == "bốn mươi lăm");
    CHECK(text::number_in_words(54) == "năm mươi tư");
    CHECK(text::number_in_words(101) == "một trăm linh một");
    CHECK(text::number_in_words(104) == "một trăm linh bốn");
    CHECK(text::number_in_words(110) == "một trăm mười");
    CHECK(text::number_in_words(115) == "một trăm mười lăm");
    CHECK(text::number_in_words(999) == "chín trăm chín mươi chín");
}

TEST_CASE("number_in_words_skips_empty_groups_and_reads_hundreds_after_the_first") {
    CHECK(text::number_in_words(1000) == "một nghìn");
    CHECK(text::number_in_words(1000000) == "một triệu");
    CHECK(text::number_in_words(1000000000) == "một tỷ");
    CHECK(text::number_in_words(1000005) == "một triệu không trăm linh năm");
    CHECK(text::number_in_words(2000050) == "hai triệu không trăm năm mươi");
    CHECK(text::number_in_words(1005000) == "một triệu không trăm linh năm nghìn");
    CHECK(text::number_in_words(1250000) == "một triệu hai trăm năm mươi nghìn");
    CHECK(text::number_in_words(15000000) == "mười lăm triệu");
    CHECK(text::number_in_words(1000000000000) == "một nghìn tỷ");
    CHECK(text::number_in_words(2021000000021) == "hai nghìn không trăm hai mươi mốt tỷ không trăm hai mươi mốt");
}

TEST_CASE("number_in_words_reads_negative_numbers_with_am") {
    CHECK(text::number_in_words(-21) == "âm hai mươi mốt");
    // 9.223.372.036.854.775.808: the billions part is itself read with "tỷ".
    CHECK(text::number_in_words(std::numeric_limits<std::int64_t>::min()) ==
          "âm chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ "
          "tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm nghìn tám trăm linh tám");
}

TEST_CASE("money_in_words_capitalises_and_adds_dong") {
    CHECK(text::money_in_words(500000) == "Năm trăm nghìn đồng");
    CHECK(text::money_in_words(1025) == "Một nghìn không trăm hai mươi lăm đồng");
    CHECK(text::money_in_words(0) == "Không đồng");
    CHECK(text::money_in_words(-5000) == "Âm năm nghìn đồng");
}
