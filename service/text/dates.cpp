// Owns the Vietnamese way of writing dates and times, and date validity.
#include "text/vietnamese.hpp"

namespace text {

namespace {

// The month as official documents write it: 01 and 02 padded, 3..12 not.
std::string month_text(int month) {
    return month >= 1 && month <= 2 ? pad_number(month, 2) : std::to_string(month);
}

}  // namespace

// "ngày 01 tháng 8 năm 2022".
std::string format_date_words(int year, int month, int day) {
    return "ngày " + pad_number(day, 2) + " tháng " + month_text(month) + " năm " + std::to_string(year);
}

// "Hải Phòng, ngày 01 tháng 8 năm 2022".
std::string format_date_line(std::string_view place, int year, int month, int day) {
    std::string out(place);
    out += ", ";
    out += format_date_words(year, month, day);
    return out;
}

// "08 giờ 00 phút".
std::string format_time_words(int hour, int minute) {
    return pad_number(hour, 2) + " giờ " + pad_number(minute, 2) + " phút";
}

// "01/8/2022", "15/02/2023".
std::string format_date_short(int year, int month, int day) {
    return pad_number(day, 2) + "/" + month_text(month) + "/" + std::to_string(year);
}

// Whether year-month-day exists (years 1..9999, Gregorian leap years).
bool is_valid_date(int year, int month, int day) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
    static const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = month == 2 && leap ? 29 : days_in_month[month - 1];
    return day <= last;
}

}  // namespace text
