// Tests UTF-8 checking, decoding and encoding.
#include "text/utf8.hpp"

#include <catch2/catch.hpp>

#include <string>

using text::find_invalid_utf8;

TEST_CASE("find_invalid_utf8_accepts_vietnamese_and_four_byte_text") {
    CHECK(find_invalid_utf8("Cộng hòa xã hội chủ nghĩa Việt Nam") == std::string_view::npos);
    CHECK(find_invalid_utf8("\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF") == std::string_view::npos);  // U+1F600, U+10FFFF
    CHECK(find_invalid_utf8("") == std::string_view::npos);
}

TEST_CASE("find_invalid_utf8_reports_the_offset_of_an_overlong_form") {
    CHECK(find_invalid_utf8("ab\xC0\xAF") == 2);          // overlong '/'
    CHECK(find_invalid_utf8("abc\xE0\x80\xAF") == 3);     // overlong 3-byte '/'
    CHECK(find_invalid_utf8("\xF0\x80\x80\xAF") == 0);    // overlong 4-byte '/'
    CHECK(find_invalid_utf8("x\xC1\xBF") == 1);
}

TEST_CASE("find_invalid_utf8_rejects_encoded_surrogates") {
    CHECK(find_invalid_utf8("Việt\xED\xA0\x80") == 6);   // U+D800
    CHECK(find_invalid_utf8("\xED\xBF\xBF") == 0);       // U+DFFF
    CHECK(find_invalid_utf8("\xED\x9F\xBF") == std::string_view::npos);  // U+D7FF is fine
}

TEST_CASE("find_invalid_utf8_rejects_truncated_sequences") {
    CHECK(find_invalid_utf8("Nam\xE1\xBB") == 3);        // ệ cut short at the end
    CHECK(find_invalid_utf8("Nam\xC3") == 3);
    CHECK(find_invalid_utf8("a\xE1\xBB" "b") == 1);      // cut short in the middle
    CHECK(find_invalid_utf8("a\x80") == 1);              // stray continuation byte
}

TEST_CASE("find_invalid_utf8_rejects_bytes_above_f4_and_code_points_above_10ffff") {
    CHECK(find_invalid_utf8("ok\xF5\x80\x80\x80") == 2);
    CHECK(find_invalid_utf8("\xFF") == 0);
    CHECK(find_invalid_utf8("\xFE") == 0);
    CHECK(find_invalid_utf8("12\xF4\x90\x80\x80") == 2);  // U+110000
}

TEST_CASE("next_code_point_and_append_utf8_round_trip") {
    const std::string s = "ađệ\xF0\x9F\x98\x80";
    std::size_t pos = 0;
    CHECK(text::next_code_point(s, pos) == U'a');
    CHECK(text::next_code_point(s, pos) == U'đ');
    CHECK(text::next_code_point(s, pos) == U'ệ');
    CHECK(text::next_code_point(s, pos) == U'\U0001F600');
    CHECK(pos == s.size());
    std::string out;
    for (char32_t cp : {U'a', U'đ', U'ệ', U'\U0001F600'}) text::append_utf8(out, cp);
    CHECK(out == s);
    CHECK(text::count_code_points(s) == 4);
}
