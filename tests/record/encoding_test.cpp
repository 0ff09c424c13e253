// Tests that records in NFD, windows-1258 and UTF-16 come out as the same NFC text.
#include <catch2/catch.hpp>

#include <utf8proc.h>

#include <cstdlib>

#include "record_test_support.hpp"
#include "record/steps.hpp"
#include "text/normalize.hpp"
#include "text/utf8.hpp"

namespace {

// The NFD form of UTF-8 text, made with utf8proc.
std::string to_nfd(const std::string& s) {
    utf8proc_uint8_t* out = utf8proc_NFD(reinterpret_cast<const utf8proc_uint8_t*>(s.c_str()));
    REQUIRE(out != nullptr);
    std::string result(reinterpret_cast<char*>(out));
    std::free(out);
    return result;
}

// UTF-16 bytes with a byte order mark (little or big endian) of BMP-only UTF-8 text.
std::string to_utf16(const std::string& s, bool little_endian) {
    std::string out = little_endian ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
    std::size_t pos = 0;
    while (pos < s.size()) {
        const char32_t cp = text::next_code_point(s, pos);
        const char hi = static_cast<char>((cp >> 8) & 0xFF);
        const char lo = static_cast<char>(cp & 0xFF);
        out += little_endian ? std::string{lo, hi} : std::string{hi, lo};
    }
    return out;
}

// Every string value of a node tree, with its path, one per line.
std::string dump_strings(const record::node& n) {
    std::string out = n.path() + "=" + n.str + "\n";
    for (const auto& a : n.attributes) out += n.path() + "/@" + a.first + "=" + a.second + "\n";
    for (const record::node& c : n.children) out += dump_strings(c);
    return out;
}

}  // namespace

TEST_CASE("nfd_input_gives_the_same_node_strings_as_nfc") {
    const std::string nfc = record_test::minimal_meeting();
    const std::string nfd = to_nfd(nfc);
    REQUIRE(nfd != nfc);  // the test record has decomposable letters
    const record::parse_result a = record::parse_record(nfc);
    const record::parse_result b = record::parse_record(nfd);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(dump_strings(b.value.root) == dump_strings(a.value.root));
    CHECK(b.value.root.child("chair")->child("name")->str == "Lê Quốc Đạt");
}

TEST_CASE("windows_1258_record_is_decoded_to_nfc") {
    const std::string utf8 = record_test::minimal_meeting();
    const std::string xml = "<?xml version=\"1.0\" encoding=\"windows-1258\"?>\n" + record_test::to_windows_1258(utf8);
    REQUIRE(xml.find("Ha\xD2i Pho\xCCng") != std::string::npos);  // really the combining-mark bytes
    const record::parse_result r = record::parse_record(xml);
    INFO(record_test::problems_of(r));
    REQUIRE(r);
    CHECK(r.value.root.child("place")->str == "Hải Phòng");
    CHECK(dump_strings(r.value.root) == dump_strings(record::parse_record(utf8).value.root));
}

TEST_CASE("utf16_records_with_a_bom_parse_like_utf8") {
    const std::string utf8 = record_test::minimal_meeting();
    for (bool little : {true, false}) {
        const record::parse_result r = record::parse_record(to_utf16(utf8, little));
        INFO(record_test::problems_of(r));
        REQUIRE(r);
        CHECK(r.value.root.child("chair")->child("name")->str == "Lê Quốc Đạt");
        CHECK(r.value.root.child("date")->line == 4);
    }
}

TEST_CASE("nfc_shortcut_gives_what_utf8proc_gives") {
    // Text the shortcut passes through as it is, and text it must hand to utf8proc: combining
    // marks after a letter it knows (ê + U+0301 is ế), C1 controls, Greek, Hangul, bad bytes.
    const std::vector<std::string> samples = {
        "",
        "tdp-00001",
        "Tổ dân phố số 3, phường Đông Khê, quận Ngô Quyền",
        "Nguy\xC3\xAA\xCC\x81n",              // ê + combining acute
        "A\xCC\x8A",                            // A + combining ring: Å
        "Ha\xCC\x89i Pho\xCC\x80ng",            // NFD Vietnamese
        "\xC2\x85 next line",                   // U+0085, a C1 control
        "\xCE\x86\xCD\x84",                     // Greek Ά and a singleton that NFC replaces
        "\xE1\x84\x80\xE1\x85\xA1",             // Hangul jamo L + V: composes to 가
        "\xE1\xBA\xA0\xE1\xBB\xB9 \xC7\xBF",    // Ạ ỹ ǿ: kept
        "bad \xC3 byte",
        "\xEF\xAC\x81 ligature",                // U+FB01 (NFC keeps it)
    };
    for (const std::string& s : samples) {
        INFO(s);
        CHECK(record::detail::normalize_nfc(s) == text::to_nfc(s));
    }
    CHECK(record::detail::normalize_nfc("Nguy\xC3\xAA\xCC\x81n") == "Nguy\xE1\xBA\xBFn");
}
