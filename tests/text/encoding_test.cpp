// Tests detecting a record's encoding and converting it to UTF-8.
#include "text/encoding.hpp"
#include "text/normalize.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

// UTF-16 code units from the compiler, laid out as bytes with a BOM.
std::string utf16_bytes(std::u16string_view units, bool big_endian) {
    std::string out = big_endian ? std::string("\xFE\xFF") : std::string("\xFF\xFE");
    for (char16_t u : units) {
        const char hi = static_cast<char>(u >> 8);
        const char lo = static_cast<char>(u & 0xFF);
        out += big_endian ? hi : lo;
        out += big_endian ? lo : hi;
    }
    return out;
}

}  // namespace

TEST_CASE("decode_xml_bytes_passes_utf8_through_and_strips_its_bom") {
    const std::string doc = "<?xml version=\"1.0\" encoding=\"utf-8\"?><a>Việt Nam</a>";
    auto plain = text::decode_xml_bytes(doc);
    REQUIRE(plain);
    CHECK(plain.utf8 == doc);
    auto with_bom = text::decode_xml_bytes("\xEF\xBB\xBF" + doc);
    REQUIRE(with_bom);
    CHECK(with_bom.utf8 == doc);
    auto undeclared = text::decode_xml_bytes("<a>Đỗ</a>");
    REQUIRE(undeclared);
    CHECK(undeclared.utf8 == "<a>Đỗ</a>");
}

TEST_CASE("decode_xml_bytes_reports_the_byte_offset_of_invalid_utf8") {
    auto r = text::decode_xml_bytes("<a>Vi\xC0\xAFt</a>");
    CHECK_FALSE(r);
    CHECK(r.error_offset == 5);
    CHECK(r.message.find("UTF-8") != std::string::npos);
    // The offset counts the BOM, so it points into the file as given.
    auto bom = text::decode_xml_bytes("\xEF\xBB\xBF<a>\xED\xA0\x80</a>");
    CHECK_FALSE(bom);
    CHECK(bom.error_offset == 6);
    auto truncated = text::decode_xml_bytes("<a>ệ</a>\xE1\xBB");
    CHECK_FALSE(truncated);
    CHECK(truncated.error_offset == 10);
}

TEST_CASE("decode_xml_bytes_converts_utf16_le_and_be_with_bom") {
    const std::u16string doc = u"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>Đỗ Văn Dũng \U0001F600</a>";
    const std::string expected = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>Đỗ Văn Dũng \U0001F600</a>";
    for (bool big_endian : {false, true}) {
        INFO("big endian: " << big_endian);
        auto r = text::decode_xml_bytes(utf16_bytes(doc, big_endian));
        REQUIRE(r);
        CHECK(r.utf8 == expected);
    }
}

TEST_CASE("decode_xml_bytes_rejects_unpaired_utf16_surrogates_and_odd_lengths") {
    const std::u16string doc = u"<a>x</a>";
    std::string bytes = utf16_bytes(doc, false);
    bytes.insert(2 + 2 * 3, std::string("\x00\xD8", 2));  // lone high surrogate before 'x'
    auto r = text::decode_xml_bytes(bytes);
    CHECK_FALSE(r);
    CHECK(r.error_offset == 8);
    auto odd = text::decode_xml_bytes(utf16_bytes(doc, true) + "x");
    CHECK_FALSE(odd);
    CHECK(odd.error_offset == 18);
}

TEST_CASE("decode_xml_bytes_converts_windows_1258_to_vietnamese") {
    // Windows-1258 spells tones as combining marks after the base letter:
    // CC grave, EC acute, D2 hook above, DE tilde, F2 dot below; F3 is a
    // precomposed ó.
    const std::string bytes =
        "<?xml version=\"1.0\" encoding=\"Windows-1258\"?>"
        "<a>C\xF4\xF2ng ho\xCC" "a x" "a\xDE h\xF4\xF2i ch" "u\xD2 ngh" "i\xDE" "a Vi\xEA\xF2t Nam, "
        "\xD0\xF4\xF2" "c l\xE2\xF2p - T\xFD\xF2 do, th\xFD\xF5\xD2ng, \xF0i\xF2" "a, c\xF3, b\xE2\xEC" "c</a>";
    auto r = text::decode_xml_bytes(bytes);
    REQUIRE(r);
    CHECK(text::to_nfc(r.utf8) ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
          "<a>Cộng hòa xã hội chủ nghĩa Việt Nam, Độc lập - Tự do, thưởng, địa, có, bấc</a>");
}

TEST_CASE("decode_xml_bytes_accepts_cp1258_as_a_name_and_reports_undefined_bytes") {
    auto r = text::decode_xml_bytes("<?xml version='1.0' encoding='CP1258'?><a>\xF0\xE3</a>");
    REQUIRE(r);
    CHECK(text::to_nfc(r.utf8) == "<?xml version='1.0' encoding='UTF-8'?><a>đă</a>");
    const std::string bad = "<?xml version='1.0' encoding='cp1258'?><a>x\x81</a>";
    auto b = text::decode_xml_bytes(bad);
    CHECK_FALSE(b);
    CHECK(b.error_offset == bad.find('\x81'));
}

TEST_CASE("decode_xml_bytes_names_an_unsupported_encoding") {
    const std::string doc = "<?xml version=\"1.0\" encoding=\"koi8-r\"?><a/>";
    auto r = text::decode_xml_bytes(doc);
    CHECK_FALSE(r);
    CHECK(r.message.find("'koi8-r'") != std::string::npos);
    CHECK(r.error_offset == doc.find("koi8-r"));
    CHECK_FALSE(text::decode_xml_bytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"));
    CHECK_FALSE(text::decode_xml_bytes("<?xml version=\"1.0\" encoding=\"VISCII\"?><a/>"));
}

TEST_CASE("decode_xml_bytes_lets_a_bom_win_over_the_declaration_and_rewrites_it") {
    auto r = text::decode_xml_bytes("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"windows-1258\"?><a>Đạt</a>");
    REQUIRE(r);
    CHECK(r.utf8 == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>Đạt</a>");
}

TEST_CASE("decode_xml_bytes_accepts_utf8_text_mislabelled_utf16") {
    auto r = text::decode_xml_bytes("<?xml version=\"1.0\" encoding=\"utf-16\"?><a>Đạt</a>");
    REQUIRE(r);
    CHECK(r.utf8 == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>Đạt</a>");
}

TEST_CASE("decode_xml_bytes_recognises_utf16_without_a_bom_by_its_first_characters") {
    std::string le = utf16_bytes(u"<?xml version=\"1.0\"?><a>Ân</a>", false).substr(2);
    auto r = text::decode_xml_bytes(le);
    REQUIRE(r);
    CHECK(r.utf8 == "<?xml version=\"1.0\"?><a>Ân</a>");
}

TEST_CASE("utf8_as_is_names_bytes_that_need_no_copy_and_refuses_every_other_input") {
    const std::string doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>Việt Nam</a>";
    CHECK(text::utf8_as_is(doc) == 0);
    CHECK(text::utf8_as_is("<a>Đỗ</a>") == 0);                // no declaration
    CHECK(text::utf8_as_is("\xEF\xBB\xBF" + doc) == 3);        // the text starts after the BOM
    const std::size_t no = std::string_view::npos;
    CHECK(text::utf8_as_is("<a>Vi\xC0\xAFt</a>") == no);       // bad bytes: decoding says where
    CHECK(text::utf8_as_is("<?xml version=\"1.0\" encoding=\"windows-1258\"?><a>x</a>") == no);
    CHECK(text::utf8_as_is("<?xml version=\"1.0\" encoding=\"utf-16\"?><a>x</a>") == no);  // rewritten
    CHECK(text::utf8_as_is(std::string("\xFF\xFE<\0a\0", 6)) == no);
    CHECK(text::utf8_as_is(std::string("<\0?\0x\0", 6)) == no);
    // Whenever it says yes, decoding would give the same text.
    for (const std::string& s : {doc, std::string("\xEF\xBB\xBF") + doc, std::string("<a>Đỗ</a>")}) {
        const std::size_t at = text::utf8_as_is(s);
        REQUIRE(at != no);
        CHECK(text::decode_xml_bytes(s).utf8 == s.substr(at));
    }
}
