// Small records and helpers shared by the record tests.
#pragma once

#include <string>
#include <string_view>

#include "record/record.hpp"

namespace record_test {

// The smallest valid meeting, one element per line (line 1 is <meeting>, line 4 is <date>).
std::string minimal_meeting();
// minimal_meeting() with the first occurrence of `from` replaced by `to`; fails the test if absent.
std::string meeting_with(std::string_view from, std::string_view to);
// Every problem of a result, one "line:col: /path: message" per line.
std::string problems_of(const record::parse_result& r);
// The same text in windows-1258, converted by glibc's iconv (tone marks become combining bytes).
std::string to_windows_1258(const std::string& utf8);
// A file of the source tree, e.g. "samples/meeting-minimal.xml".
std::string read_source(const std::string& relative);

}  // namespace record_test
