// Tests NFC normalisation and whitespace handling.
#include "text/normalize.hpp"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("to_nfc_composes_decomposed_vietnamese") {
    // e + circumflex + dot below, in both mark orders.
    CHECK(text::to_nfc("Vie\xCC\x82\xCC\xA3t Nam") == "Việt Nam");
    CHECK(text::to_nfc("Vie\xCC\xA3\xCC\x82t Nam") == "Việt Nam");
    // d with stroke has no decomposition; u + horn + hook above composes to ử.
    CHECK(text::to_nfc("\xC4\x91u\xCC\x9B\xCC\x89") == "đử");
    CHECK(text::to_nfc("Co\xCC\x82\xCC\xA3ng ho\xCC\x80" "a xa\xCC\x83 ho\xCC\x82\xCC\xA3i") ==
          "Cộng hòa xã hội");
}

TEST_CASE("to_nfc_keeps_both_tone_placements_apart") {
    CHECK(text::to_nfc("hòa") == "hòa");
    CHECK(text::to_nfc("hoà") == "hoà");
    CHECK(text::to_nfc("thủy") == "thủy");
    CHECK(text::to_nfc("thuỷ") == "thuỷ");
    CHECK(text::to_nfc("hòa") != text::to_nfc("hoà"));
    // Decomposed forms of each placement land on their own NFC form.
    CHECK(text::to_nfc("ho\xCC\x80" "a") == "hòa");
    CHECK(text::to_nfc("hoa\xCC\x80") == "hoà");
}

TEST_CASE("to_nfc_leaves_nfc_text_byte_identical") {
    const std::string s = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc";
    CHECK(text::to_nfc(s) == s);
    CHECK(text::to_nfc("") == "");
}

TEST_CASE("collapse_whitespace_makes_runs_one_space") {
    CHECK(text::collapse_whitespace("  Đại\t\ttá \r\n Nguyễn  ") == " Đại tá Nguyễn ");
    CHECK(text::collapse_whitespace("a") == "a");
}

TEST_CASE("trim_removes_leading_and_trailing_whitespace") {
    CHECK(text::trim(" \n Hải Phòng \t") == "Hải Phòng");
    CHECK(text::trim("   ") == "");
    CHECK(text::trim("x") == "x");
}
