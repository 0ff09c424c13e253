// The Vietnamese facts of VIETNAMESE.md: dates, times, numbers, case, sorting.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace text {

// "ngày 01 tháng 8 năm 2022": day padded to two digits, month padded only for 1 and 2.
std::string format_date_words(int year, int month, int day);

// "Hải Phòng, ngày 01 tháng 8 năm 2022".
std::string format_date_line(std::string_view place, int year, int month, int day);

// "08 giờ 00 phút" (hours and minutes padded to two digits).
std::string format_time_words(int hour, int minute);

// "01/8/2022"-style short date: dd/m/yyyy with the month rule of format_date_words.
std::string format_date_short(int year, int month, int day);

// Upper case of every Vietnamese letter (đ -> Đ, ệ -> Ệ); input and output NFC.
std::string to_upper(std::string_view utf8);

// Lower case, the inverse of to_upper.
std::string to_lower(std::string_view utf8);

// A key equal for texts that differ only in letter case or normalisation (Dup, dup, DUP;
// Hòa in NFC or NFD): Unicode case folding, then NFC. Invalid UTF-8 is returned unchanged.
std::string fold_case(std::string_view utf8);

// "05" for 5 with width 2; longer numbers are left alone.
std::string pad_number(std::int64_t n, int width);

// "1.250.000": '.' between groups of three digits; negative numbers keep '-'.
std::string group_thousands(std::int64_t n);

// "một nghìn không trăm hai mươi lăm" (lower case, no unit).
std::string number_in_words(std::int64_t n);

// "Năm trăm nghìn đồng" (sentence case, with the unit "đồng").
std::string money_in_words(std::int64_t n);

// Whether the date exists in the proleptic Gregorian calendar.
bool is_valid_date(int year, int month, int day);

// A key that sorts Vietnamese personal names as VIETNAMESE.md says: by given
// name, then middle names, then family name; letters before tones; alphabet
// a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; tones none <
// huyền < hỏi < ngã < sắc < nặng. Compare keys with std::string's operator<.
std::string name_sort_key(std::string_view full_name);

// Whether text (a line of a heading, from its first word) opens a part of the name of a body
// or place ("TỈNH THANH HÓA", "VÀ CNCH", "BẢO VỆ ..."): a good place for the line before it to end.
bool opens_name_part(std::string_view text);
// Whether a cut between two lines falls inside one of those words ("THÀNH / PHỐ", "BẢO / VỆ"):
// line_end is the end of the first line, next_start the start of the second.
bool splits_name_part(std::string_view line_end, std::string_view next_start);

}  // namespace text
