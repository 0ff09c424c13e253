// The Vietnamese encodings iconv lacks: VNI Windows and VIQR (RFC 1456), the .VnTimeH capitals
// of TCVN3, and the guess made for bytes that are not UTF-8 and name no encoding.
#include <catch2/catch.hpp>

#include <string>

#include "text/encoding.hpp"
#include "text/misencoding.hpp"
#include "text/normalize.hpp"

namespace {

std::string nfc(const std::string& s) { return text::to_nfc(s); }

}  // namespace

TEST_CASE("vni_bytes_read_as_vietnamese", "[text][legacy]") {
    // The bytes VNI fonts show as Vietnamese, written here as the windows-1252 letters they are.
    CHECK(nfc(text::vni_to_utf8("Ho\xEFp ba\xF8n")) == "Họp bàn");
    CHECK(nfc(text::vni_to_utf8("Co\xE4ng ho\xF8\x61 xa\xF5 ho\xE4i chu\xFB nghi\xF5\x61 Vie\xE4t Nam")) ==
          "Cộng hòa xã hội chủ nghĩa Việt Nam");
    CHECK(nfc(text::vni_to_utf8("CO\xC4NG HO\xD8\x41")) == "CỘNG HÒA");
    CHECK(nfc(text::vni_to_utf8("\xD1\x61\xFBng")) == "Đảng");
    CHECK(nfc(text::vni_to_utf8("th\xF6\xF4\xF8ng")) == "thường");    // ư, then ơ with its grave
    CHECK(nfc(text::vni_to_utf8("\xD6\xD9ng")) == "Ứng");
    CHECK(nfc(text::vni_to_utf8("ca\xE9t ta\xEA")) == "cắt tă");       // breve with acute; breve alone
    CHECK(nfc(text::vni_to_utf8("\xEC \xED \xE6 \xF3 \xF2 \xEE")) == "ì í ỉ ĩ ị ỵ");  // letters by themselves
    CHECK(nfc(text::vni_to_utf8("\x93Xin cha\xF8o\x94 \x96 2024")) == "“Xin chào” – 2024");  // windows-1252 punctuation
}

TEST_CASE("viqr_reads_as_vietnamese_and_an_escaped_mark_stays_itself", "[text][legacy]") {
    CHECK(nfc(text::viqr_to_utf8("Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam", false)) == "Cộng hòa xã hội chủ nghĩa Việt Nam");
    CHECK(nfc(text::viqr_to_utf8("DDa?ng, tru+o+`ng, nga(n", false)) == "Đảng, trường, ngăn");
    CHECK(nfc(text::viqr_to_utf8("DDi dda^u\\? Ha\\.", false)) == "Đi đâu? Ha.");
    // In a document only text and double-quoted attribute values are VIQR: the markup stays.
    CHECK(nfc(text::viqr_to_utf8("<?xml version=\"1.0\"?><a b=\"Ha?i\" c='x?'>Pho`ng</a>", true)) ==
          "<?xml version=\"1.0\"?><a b=\"Hải\" c='x?'>Phòng</a>");
}

TEST_CASE("a_record_declaring_a_legacy_encoding_is_decoded_and_declared_utf8", "[text][legacy]") {
    struct twin {
        std::string encoding, body;
    };
    const twin twins[] = {
        {"VNI", "<a t=\"Ha\xFBi\">Ho\xEFp ba\xF8n</a>"},
        {"VNI-Windows", "<a t=\"Ha\xFBi\">Ho\xEFp ba\xF8n</a>"},
        {"VIQR", "<a t=\"Ha?i\">Ho.p ba`n</a>"},
        {"TCVN3", "<a t=\"H\xB6i\">H\xE4p b\xB5n</a>"},
        {"ABC", "<a t=\"H\xB6i\">H\xE4p b\xB5n</a>"},
        {"windows-1258", "<a t=\"Ha\xD2i\">Ho\xF2p ba\xCCn</a>"},
    };
    for (const twin& t : twins) {
        INFO(t.encoding);
        const auto r = text::decode_xml_bytes("<?xml version=\"1.0\" encoding=\"" + t.encoding + "\"?>" + t.body);
        REQUIRE(r);
        CHECK(nfc(r.utf8) == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a t=\"Hải\">Họp bàn</a>");
        CHECK(r.guessed.empty());
    }
    // .VnTimeH: the small letters of TCVN3 meant as capitals, the markup left alone.
    const auto h = text::decode_xml_bytes("<?xml version=\"1.0\" encoding=\"TCVN3-H\"?><name>c\xABng an</name>");
    REQUIRE(h);
    CHECK(nfc(h.utf8) == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><name>CÔNG AN</name>");
    CHECK_FALSE(text::decode_xml_bytes("<?xml version=\"1.0\" encoding=\"VIQR\"?><a>H\xE1i</a>"));  // VIQR is ASCII
}

TEST_CASE("bytes_that_are_not_utf8_and_name_no_encoding_are_guessed_and_said_so", "[text][legacy]") {
    const auto tcvn3 = text::decode_xml_bytes("<a>C\xe9ng h\xdf\x61 x\xb7 h\xe9i ch\xf1 ngh\xdc\x61</a>");
    REQUIRE(tcvn3);
    CHECK(tcvn3.guessed == "TCVN3");
    CHECK(nfc(tcvn3.utf8) == "<a>Cộng hòa xã hội chủ nghĩa</a>");
    const auto vni = text::decode_xml_bytes("<a>Co\xE4ng ho\xF8\x61 xa\xF5 ho\xE4i chu\xFB nghi\xF5\x61</a>");
    REQUIRE(vni);
    CHECK(vni.guessed == "VNI");
    CHECK(nfc(vni.utf8) == "<a>Cộng hòa xã hội chủ nghĩa</a>");
    const auto w1258 = text::decode_xml_bytes("<a>C\xF4\xF2ng ho\xCC\x61 x\x61\xDE</a>");
    REQUIRE(w1258);
    CHECK(w1258.guessed == "windows-1258");
    CHECK(nfc(w1258.utf8) == "<a>Cộng hòa xã</a>");
    // Broken UTF-8 is not guessed at: it stays an error where the bad byte is.
    const auto broken = text::decode_xml_bytes("<a>Cộng hòa H\xE1i</a>");
    CHECK_FALSE(broken);
    CHECK(broken.message == "invalid UTF-8");
    // Forced: the name given wins over the guess.
    const auto forced = text::decode_xml_bytes("<a>H\xB6i</a>", "tcvn3");
    REQUIRE(forced);
    CHECK(nfc(forced.utf8) == "<a>Hải</a>");
}

TEST_CASE("mis_encoded_text_is_read_again_as_it_was_meant", "[text][legacy]") {
    CHECK(text::repair_misencoding("Hoïp giao ban tuaàn coâng taùc PCCC") == std::optional<std::string>("Họp giao ban tuần công tác PCCC"));
    CHECK(text::repair_misencoding("Phßng häp C«ng an thµnh phè") == std::optional<std::string>("Phòng họp Công an thành phố"));
    CHECK(text::repair_misencoding("Lê Quá»‘c Đạt") == std::optional<std::string>("Lê Quốc Đạt"));  // only the broken word
    CHECK_FALSE(text::repair_misencoding("Họp giao ban tuần"));  // nothing wrong
    CHECK_FALSE(text::repair_misencoding("Haø"));               // one word alone is never enough
}
