// Tests upper and lower case of Vietnamese letters.
#include "text/normalize.hpp"
#include "text/utf8.hpp"
#include "text/vietnamese.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

namespace {

// One letter as a base plus its modifier mark (breve, circumflex, horn), decomposed.
struct decomposed_vowel {
    const char* lower;
    const char* upper;
};

const decomposed_vowel vowels[] = {
    {"a", "A"}, {"a\xCC\x86", "A\xCC\x86"}, {"a\xCC\x82", "A\xCC\x82"}, {"e", "E"},
    {"e\xCC\x82", "E\xCC\x82"}, {"i", "I"}, {"o", "O"}, {"o\xCC\x82", "O\xCC\x82"},
    {"o\xCC\x9B", "O\xCC\x9B"}, {"u", "U"}, {"u\xCC\x9B", "U\xCC\x9B"}, {"y", "Y"},
};
// No tone, huyền, hỏi, ngã, sắc, nặng as combining marks.
const char* const tones[] = {"", "\xCC\x80", "\xCC\x89", "\xCC\x83", "\xCC\x81", "\xCC\xA3"};

}  // namespace

TEST_CASE("to_upper_and_to_lower_map_all_67_vietnamese_letters") {
    // The letters are built from base + marks and composed, so the expected
    // capitals do not come from the case table under test.
    std::set<std::string> seen;
    for (const auto& v : vowels) {
        for (const char* tone : tones) {
            const std::string lower = text::to_nfc(std::string(v.lower) + tone);
            const std::string upper = text::to_nfc(std::string(v.upper) + tone);
            if (lower.size() == 1) continue;  // plain a e i o u y
            INFO(lower << " / " << upper);
            REQUIRE(text::count_code_points(lower) == 1);
            REQUIRE(text::count_code_points(upper) == 1);
            CHECK(text::to_upper(lower) == upper);
            CHECK(text::to_lower(upper) == lower);
            CHECK(text::to_upper(upper) == upper);
            CHECK(text::to_lower(lower) == lower);
            seen.insert(lower);
        }
    }
    CHECK(text::to_upper("đ") == "Đ");
    CHECK(text::to_lower("Đ") == "đ");
    seen.insert("đ");
    CHECK(seen.size() == 67);
}

TEST_CASE("to_upper_writes_the_national_name_and_keeps_the_tone_placement") {
    CHECK(text::to_upper("Cộng hòa xã hội chủ nghĩa Việt Nam") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    CHECK(text::to_upper("Phòng Cảnh sát PCCC và CNCH") == "PHÒNG CẢNH SÁT PCCC VÀ CNCH");
    CHECK(text::to_upper("hoà thuỷ") == "HOÀ THUỶ");
    CHECK(text::to_upper("hòa thủy") == "HÒA THỦY");
    CHECK(text::to_lower("ĐỖ VĂN DŨNG, Số: 05/BB-PC07") == "đỗ văn dũng, số: 05/bb-pc07");
}

TEST_CASE("to_upper_keeps_invalid_bytes_and_non_letters") {
    CHECK(text::to_upper("a\xFF" "b 1/2-3") == "A\xFF" "B 1/2-3");
    CHECK(text::to_upper("") == "");
}

TEST_CASE("fold_case_equates_texts_that_differ_only_in_letter_case_or_normalisation") {
    CHECK(text::fold_case("Dup") == text::fold_case("dUP"));
    CHECK(text::fold_case("GK-2022-Dup") == "gk-2022-dup");
    CHECK(text::fold_case("ĐẠI TÁ Lê Quốc Đạt") == text::fold_case("đại tá lê quốc đạt"));
    CHECK(text::fold_case("Hòa") == text::fold_case("HO\xCC\x80" "A"));  // NFD, upper case
    CHECK(text::fold_case("Hòa") != text::fold_case("Hoà"));           // tone placements stay apart
    CHECK(text::fold_case("Đạt") != text::fold_case("Dat"));
}
