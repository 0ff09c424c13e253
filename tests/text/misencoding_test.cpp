// Tests the detector of text that is not the Vietnamese it claims to be: VNI, TCVN3, UTF-8 encoded twice.
#include "text/misencoding.hpp"
#include "text/normalize.hpp"
#include "text/utf8.hpp"
#include "text/vietnamese.hpp"

#include <catch2/catch.hpp>

#include <iconv.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_paths.hpp"

using text::find_misencoding;
using text::misencoding;

namespace {

// Converts bytes between two iconv encodings. Into UTF-8, a byte iconv refuses is taken as
// Latin-1 (the C1 control a lenient windows-1252 decoder gives 0x81, 0x8D ...); the other way,
// a refused character fails the test.
std::string convert(const std::string& in, const char* to, const char* from) {
    iconv_t cd = iconv_open(to, from);
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string buffer(in.size() * 4 + 16, '\0');
    char* in_ptr = const_cast<char*>(in.data());
    std::size_t in_left = in.size();
    char* out_ptr = buffer.data();
    std::size_t out_left = buffer.size();
    std::string out;
    while (in_left > 0) {
        const std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
        if (rc != static_cast<std::size_t>(-1)) continue;
        REQUIRE(std::string(to) == "UTF-8");
        out.append(buffer.data(), out_ptr);
        out_ptr = buffer.data();
        out_left = buffer.size();
        text::append_utf8(out, static_cast<unsigned char>(*in_ptr));
        ++in_ptr;
        --in_left;
    }
    iconv(cd, nullptr, nullptr, &out_ptr, &out_left);  // windows-1258 holds back a base letter
    out.append(buffer.data(), out_ptr);
    iconv_close(cd);
    return out;
}

// VNI (VNI-Windows) bytes of Vietnamese text, from the VNI table: a vowel, then one byte for
// its modifier and tone (â = a + 0xE2, ấ = a + 0xE1, ạ = a + 0xEF); ơ, ư, đ and the i's are
// single bytes (0xF4, 0xF6, 0xF1; í 0xED ...); capitals use the bytes 0x20 lower.
std::string vni_bytes(const std::string& utf8) {
    static const std::map<char32_t, std::string> table = [] {
        const char* const tones[] = {"", "\xCC\x81", "\xCC\x80", "\xCC\x89", "\xCC\x83", "\xCC\xA3"};  // sắc huyền hỏi ngã nặng
        const struct { const char* letter; const char* base; const char* marks[6]; } rows[] = {
            {"a", "a", {"", "\xF9", "\xF8", "\xFB", "\xF5", "\xEF"}},
            {"ă", "a", {"\xEA", "\xE9", "\xE8", "\xFA", "\xFC", "\xEB"}},
            {"â", "a", {"\xE2", "\xE1", "\xE0", "\xE5", "\xE3", "\xE4"}},
            {"e", "e", {"", "\xF9", "\xF8", "\xFB", "\xF5", "\xEF"}},
            {"ê", "e", {"\xE2", "\xE1", "\xE0", "\xE5", "\xE3", "\xE4"}},
            {"o", "o", {"", "\xF9", "\xF8", "\xFB", "\xF5", "\xEF"}},
            {"ô", "o", {"\xE2", "\xE1", "\xE0", "\xE5", "\xE3", "\xE4"}},
            {"ơ", "\xF4", {"", "\xF9", "\xF8", "\xFB", "\xF5", "\xEF"}},
            {"u", "u", {"", "\xF9", "\xF8", "\xFB", "\xF5", "\xEF"}},
            {"ư", "\xF6", {"", "\xF9", "\xF8", "\xFB", "\xF5", "\xEF"}},
            {"y", "y", {"", "\xF9", "\xF8", "\xFB", "\xF5", ""}},
            {"i", "", {"i", "\xED", "\xEC", "\xE6", "\xF3", "\xF2"}},
        };
        std::map<char32_t, std::string> t;
        const auto add = [&t](const std::string& letter, const std::string& bytes) {
            std::size_t pos = 0;
            t[text::next_code_point(letter, pos)] = bytes;
        };
        for (const auto& row : rows) {
            for (int tone = 0; tone < 6; ++tone) {
                const std::string lower = text::to_nfc(std::string(row.letter) + tones[tone]);
                std::string bytes = std::string(row.base) + row.marks[tone];
                if (lower == "ỵ") bytes = "\xEE";
                if (lower == "a" || lower == "e" || lower == "i" || lower == "o" || lower == "u" || lower == "y") continue;
                add(lower, bytes);
                std::string upper = bytes;
                for (char& c : upper)
                    if (static_cast<unsigned char>(c) >= 0xE0 || (c >= 'a' && c <= 'z')) c = static_cast<char>(c - 0x20);
                add(text::to_upper(lower), upper);
            }
        }
        add("đ", "\xF1");
        add("Đ", "\xD1");
        return t;
    }();
    std::string out;
    for (std::size_t pos = 0; pos < utf8.size();) {
        const std::size_t start = pos;
        const char32_t c = text::next_code_point(utf8, pos);
        const auto found = table.find(c);
        if (found != table.end()) out += found->second;
        else if (c < 0x80) out += utf8.substr(start, pos - start);
        else out += '?';  // “ ” … – and no-break spaces: VNI fonts have none of them at these places
    }
    return out;
}

// TCVN3 (ABC) bytes of Vietnamese text through glibc's TCVN5712-1 table. TCVN3 has only seven
// capitals with marks (Ă Â Ê Ô Ơ Ư Đ): the others are written with the lower-case bytes in a
// capitals font (.VnTimeH), so they are made lower case first.
std::string tcvn3_bytes(const std::string& utf8) {
    std::string plain;
    for (std::size_t pos = 0; pos < utf8.size();) {
        const std::size_t start = pos;
        const char32_t c = text::next_code_point(utf8, pos);
        const std::string letter = utf8.substr(start, pos - start);
        if (c == 0xA0 || c == U'“' || c == U'”' || c == U'…' || c == U'–') plain += '?';
        else if (c >= 0x80 && std::string_view("ĂÂÊÔƠƯĐ").find(letter) == std::string_view::npos) plain += text::to_lower(letter);
        else plain += letter;
    }
    return convert(plain, "TCVN5712-1", "UTF-8");
}

// What a record holds when legacy bytes are read as windows-1258 or windows-1252: NFC UTF-8.
std::string read_as(const std::string& bytes, const char* encoding) {
    return text::to_nfc(convert(bytes, "UTF-8", encoding));
}

// The paragraphs of the seed texts (real Vietnamese news from Công an Hải Phòng's site).
std::vector<std::string> seed_paragraphs() {
    std::vector<std::string> out;
    for (const char* name : {"000", "001", "002", "003", "004"}) {
        std::istringstream in(test_paths::read_file(test_paths::source(std::string("tests/text/data/seed-") + name + ".txt")));
        for (std::string line; std::getline(in, line);)
            if (line.find_first_not_of(" \r") != std::string::npos) out.push_back(text::to_nfc(line));
    }
    REQUIRE(out.size() > 60);
    return out;
}

// The words of a text, split at spaces.
std::vector<std::string> words_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

// Whether a text has at least n words with a letter outside ASCII.
bool has_vietnamese_words(const std::string& s, int n) {
    int count = 0;
    for (const std::string& w : words_of(s)) {
        for (std::size_t pos = 0; pos < w.size();) {
            const char32_t c = text::next_code_point(w, pos);
            if (c >= 0xC0 && c != U'“' && c != U'”' && c != U'…' && c != U'–') {
                ++count;
                break;
            }
        }
    }
    return count >= n;
}

}  // namespace

TEST_CASE("find_misencoding_sees_vni_typed_text_in_the_examples_of_the_issue") {
    const text::misencoding_finding f = find_misencoding("Hoïp baøn coâng taùc PCCC");
    CHECK(f.kind == misencoding::vni);
    CHECK(f.sample == "Hoïp");
    CHECK(find_misencoding("Xin chaøo caùc baïn").kind == misencoding::vni);
    CHECK(find_misencoding("Nguyeãn Vaên An").kind == misencoding::vni);
    // The table above gives the same bytes as the example.
    CHECK(read_as(vni_bytes("Họp bàn"), "WINDOWS-1252") == "Hoïp baøn");
}

TEST_CASE("find_misencoding_sees_every_seed_paragraph_in_vni_read_as_windows_1258_or_1252") {
    int checked = 0;
    for (const std::string& paragraph : seed_paragraphs()) {
        if (!has_vietnamese_words(paragraph, 4)) continue;
        ++checked;
        const std::string bytes = vni_bytes(paragraph);
        INFO(paragraph);
        CHECK(find_misencoding(read_as(bytes, "WINDOWS-1258")).kind == misencoding::vni);
        CHECK(find_misencoding(read_as(bytes, "WINDOWS-1252")).kind == misencoding::vni);
    }
    CHECK(checked > 50);
}

TEST_CASE("find_misencoding_sees_tcvn3_text_in_the_example_of_vietnamese_md") {
    CHECK(read_as(tcvn3_bytes("Cộng hòa xã hội chủ nghĩa Việt Nam"), "WINDOWS-1252") ==
          "Céng hßa x· héi chñ nghÜa ViÖt Nam");
    const text::misencoding_finding f = find_misencoding("Céng hßa x· héi chñ nghÜa ViÖt Nam");
    CHECK(f.kind == misencoding::tcvn3);
    CHECK(f.sample == "hßa");
    CHECK(find_misencoding("§¹i t¸ Lª Quèc §¹t").kind == misencoding::tcvn3);
    // Two words are enough when one shows a sign ("Phó trưởng": ó is 0xE3, ư the soft hyphen 0xAD);
    // one word alone never is.
    CHECK(find_misencoding("Ph\u00E3 tr\u00ADëng").kind == misencoding::tcvn3);
    CHECK_FALSE(find_misencoding("tr\u00ADëng"));
    CHECK_FALSE(find_misencoding("Haø"));
}

TEST_CASE("find_misencoding_sees_every_seed_paragraph_in_tcvn3_read_as_windows_1258_or_1252") {
    int checked = 0;
    for (const std::string& paragraph : seed_paragraphs()) {
        if (!has_vietnamese_words(paragraph, 4)) continue;
        ++checked;
        const std::string bytes = tcvn3_bytes(paragraph);
        INFO(paragraph);
        CHECK(find_misencoding(read_as(bytes, "WINDOWS-1258")).kind == misencoding::tcvn3);
        CHECK(find_misencoding(read_as(bytes, "WINDOWS-1252")).kind == misencoding::tcvn3);
    }
    CHECK(checked > 50);
}

TEST_CASE("find_misencoding_sees_utf8_encoded_twice_and_reads_it_back") {
    const text::misencoding_finding f = find_misencoding("Ä‘á»“ng chÃ­ LÃª Quá»‘c Äáº¡t");
    CHECK(f.kind == misencoding::double_utf8);
    CHECK(f.sample == "Ä‘á»“ng");
    CHECK(f.meant == "đồng");
    // One short word is enough when it starts with a letter Vietnamese has not (Ä).
    CHECK(find_misencoding("Ä‘i").kind == misencoding::double_utf8);
    for (const std::string& paragraph : seed_paragraphs()) {
        if (!has_vietnamese_words(paragraph, 1)) continue;
        INFO(paragraph);
        CHECK(find_misencoding(text::to_nfc(convert(paragraph, "UTF-8", "WINDOWS-1252"))).kind ==
              misencoding::double_utf8);
        CHECK(find_misencoding(text::to_nfc(convert(paragraph, "UTF-8", "ISO-8859-1"))).kind == misencoding::double_utf8);
    }
}

TEST_CASE("find_misencoding_finds_nothing_in_any_seed_text_paragraph_or_pair_of_words") {
    for (const std::string& paragraph : seed_paragraphs()) {
        INFO(paragraph);
        CHECK_FALSE(find_misencoding(paragraph));
        CHECK_FALSE(find_misencoding(text::to_upper(paragraph)));
        const std::vector<std::string> words = words_of(paragraph);
        for (std::size_t i = 0; i + 1 < words.size(); ++i) {
            const std::string pair = words[i] + " " + words[i + 1];
            INFO(pair);
            CHECK_FALSE(find_misencoding(pair));
            CHECK_FALSE(find_misencoding(text::to_upper(pair)));
        }
    }
}

TEST_CASE("find_misencoding_finds_nothing_in_vietnamese_words_that_put_a_marked_vowel_after_another") {
    // Old and new tone placements, qu- and gi-, ư ơ ê ă â ô after every vowel they may follow.
    const char* const texts[] = {
        "hoà hoá khoẻ thuý quý quà quá quân quê thuê muôn buôn",
        "giúp già giò gió giày giây yêu nguyên khuyên xoăn quăng huơ tay ngoan ngoãn hoè khoé què",
        "HOÀ HOÁ THUÝ QUÂN NGUYỄN KHUYÊN XOĂN QUĂNG NGOÃN",
        "trường người mười tươi được nước phường Ê-đê Đắk Lắk",
        "Đường dẫn: https://catp.haiphong.gov.vn/?id=5&x=1 ngày 01/8/2022",
        "Diện tích 30 km², 40 km², nhiệt độ 25°C, «Vì ANTQ», giá 500.000₫ và ½ ngày",
        "Ông Raphaël Müller (Cộng hòa Liên bang Đức) và bà Zoë Citroën dự lễ kỷ niệm",
        "“CÔNG AN THÀNH PHỐ HẢI PHÒNG SIẾT CHẶT KỶ LUẬT, KỶ CƯƠNG, ĐIỀU LỆNH; XÃ”",
    };
    for (const char* t : texts) {
        INFO(t);
        CHECK_FALSE(find_misencoding(t));
    }
}

TEST_CASE("find_misencoding_finds_nothing_in_ascii_or_invalid_utf8") {
    CHECK_FALSE(find_misencoding(""));
    CHECK_FALSE(find_misencoding("PCCC va CNCH, so 15/BB-PC07"));
    CHECK_FALSE(find_misencoding("Hoïp baøn \xFF"));
}
