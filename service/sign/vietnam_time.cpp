// Owns the signing time's text: Viet Nam's time (UTC+07:00 all year) in PDF and ISO 8601 form.
#include <cstdio>

#include "sign/parts.hpp"

namespace sign {

namespace {

constexpr std::time_t vietnam_offset = 7 * 3600;

// The broken-down time in Viet Nam, from UTC without the time zone database.
std::tm vietnam(std::time_t when) {
    std::time_t local = when + vietnam_offset;
    std::tm t{};
    gmtime_r(&local, &t);
    return t;
}

}  // namespace

std::string pdf_date(std::time_t when) {
    std::tm t = vietnam(when);
    char text[96];
    std::snprintf(text, sizeof text, "D:%04d%02d%02d%02d%02d%02d+07'00'", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                  t.tm_hour, t.tm_min, t.tm_sec);
    return text;
}

std::string iso_time(std::time_t when) {
    std::tm t = vietnam(when);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                  t.tm_hour, t.tm_min, t.tm_sec);
    return text;
}

// D:YYYYMMDDHHmmSS then Z or +HH'mm' (the forms signers write).
std::string iso_from_pdf_date(const std::string& d) {
    if (d.size() < 16 || d.compare(0, 2, "D:") != 0) return {};
    std::string out = d.substr(2, 4) + "-" + d.substr(6, 2) + "-" + d.substr(8, 2) + "T" + d.substr(10, 2) + ":" +
                      d.substr(12, 2) + ":" + d.substr(14, 2);
    if (d.size() >= 22 && (d[16] == '+' || d[16] == '-')) out += d.substr(16, 3) + ":" + d.substr(20, 2);
    else if (d.size() > 16 && d[16] == 'Z') out += "Z";
    return out;
}

}  // namespace sign
