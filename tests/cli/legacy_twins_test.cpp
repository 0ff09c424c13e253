// A record typed in an old Vietnamese encoding renders to the very bytes of its UTF-8 original:
// twins of two samples in windows-1258 and TCVN3 (made by glibc's iconv), VNI and VIQR (made
// here from the encodings' tables), declared, and the first three undeclared (guessed, with a
// warning naming the guess).
#include <catch2/catch.hpp>

#include <utf8proc.h>

#include <string>

#include "support/run_command.hpp"
#include "text/encoding.hpp"
#include "support/test_paths.hpp"

using test_paths::run_command;
using test_paths::vanthu_program;

namespace {

constexpr char32_t acute = 0x0301, grave = 0x0300, hook = 0x0309, tilde = 0x0303, dot_below = 0x0323;
constexpr char32_t circumflex = 0x0302, breve = 0x0306, horn = 0x031B;

// Code points of UTF-8 text in NFD.
std::u32string decomposed(const std::string& utf8) {
    utf8proc_int32_t buffer[1 << 16];
    std::u32string out;
    const utf8proc_ssize_t n = utf8proc_decompose(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                                  static_cast<utf8proc_ssize_t>(utf8.size()), buffer, 1 << 16,
                                                  static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE));
    REQUIRE(n >= 0);
    REQUIRE(n < (1 << 16));
    for (utf8proc_ssize_t i = 0; i < n; ++i) out += static_cast<char32_t>(buffer[i]);
    return out;
}

// One letter of NFD text: its base, its shape (circumflex, breve, horn) and its tone.
struct letter {
    char32_t base = 0, shape = 0, tone = 0;
};

// Reads the letter at i and moves past its marks.
letter next_letter(const std::u32string& s, std::size_t& i) {
    letter l{s[i++]};
    while (i < s.size() && (s[i] == circumflex || s[i] == breve || s[i] == horn || s[i] == acute || s[i] == grave ||
                            s[i] == hook || s[i] == tilde || s[i] == dot_below)) {
        (s[i] == circumflex || s[i] == breve || s[i] == horn ? l.shape : l.tone) = s[i];
        ++i;
    }
    return l;
}

// UTF-8 text as VNI Windows bytes (the small-letter bytes; a capital takes them 0x20 lower).
std::string to_vni(const std::string& utf8) {
    std::string out;
    const std::u32string s = decomposed(utf8);
    for (std::size_t i = 0; i < s.size();) {
        const letter l = next_letter(s, i);
        const bool capital = l.base >= 'A' && l.base <= 'Z';
        auto put = [&](unsigned char small) { out += static_cast<char>(capital ? small - 0x20 : small); };
        const char32_t v = l.base | 0x20;
        if (l.base == 0x0110 || l.base == 0x0111) {
            out += static_cast<char>(l.base == 0x0110 ? 0xD1 : 0xF1);
            continue;
        }
        REQUIRE(l.base < 0x80);  // the samples hold Vietnamese letters and ASCII only
        const int t = l.tone == acute ? 0 : l.tone == grave ? 1 : l.tone == hook ? 2 : l.tone == tilde ? 3 : l.tone == dot_below ? 4 : -1;
        if (v == 'i' && t >= 0) {
            put("\xED\xEC\xE6\xF3\xF2"[t]);
            continue;
        }
        if (v == 'y' && l.tone == dot_below) {
            put(0xEE);
            continue;
        }
        if (l.shape == horn) put(v == 'o' ? 0xF4 : 0xF6);
        else out += static_cast<char>(l.base);
        if (l.shape == circumflex) put(t < 0 ? 0xE2 : "\xE1\xE0\xE5\xE3\xE4"[t]);
        else if (l.shape == breve) put(t < 0 ? 0xEA : "\xE9\xE8\xFA\xFC\xEB"[t]);
        else if (t >= 0) put("\xF9\xF8\xFB\xF5\xEF"[t]);
    }
    return out;
}

// UTF-8 XML as VIQR: in its text, marks typed after the vowel and dd for đ, a literal mark after
// a vowel (or a d after a d) escaped with a backslash; markup as it is.
std::string to_viqr(const std::string& utf8) {
    std::string out;
    const std::u32string s = decomposed(utf8);
    text::xml_text_parts parts;
    bool after_vowel = false, after_d = false;
    for (std::size_t i = 0; i < s.size();) {
        const letter l = next_letter(s, i);
        const bool in_text = l.base < 0x80 ? parts.text(static_cast<char>(l.base)) : true;
        if (l.base == 0x0110 || l.base == 0x0111) {
            out += l.base == 0x0110 ? "DD" : "dd";
            after_vowel = after_d = false;
            continue;
        }
        REQUIRE(l.base < 0x80);
        const char c = static_cast<char>(l.base);
        if (in_text && ((after_vowel && std::string("'`?~.(^+\\").find(c) != std::string::npos) || (after_d && (c == 'd' || c == 'D'))))
            out += '\\';
        out += c;
        const char v = static_cast<char>(c | 0x20);
        const bool vowel = v == 'a' || v == 'e' || v == 'i' || v == 'o' || v == 'u' || v == 'y';
        if (l.shape) out += l.shape == breve ? '(' : l.shape == circumflex ? '^' : '+';
        if (l.tone) out += l.tone == acute ? '\'' : l.tone == grave ? '`' : l.tone == hook ? '?' : l.tone == tilde ? '~' : '.';
        after_vowel = in_text && vowel && !l.tone;  // a tone ends the letter: nothing more attaches
        after_d = in_text && (c == 'd' || c == 'D');
    }
    return out;
}

std::string iconv_to(const std::string& utf8, const std::string& encoding) {
    auto r = run_command({"iconv", "-f", "UTF-8", "-t", encoding}, utf8);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

std::string declared(std::string record, const std::string& encoding) {
    const std::size_t at = record.find("encoding=\"UTF-8\"");
    REQUIRE(at != std::string::npos);
    if (encoding.empty()) return record.erase(at - 1, 17);  // no encoding attribute at all
    return record.replace(at, 16, "encoding=\"" + encoding + "\"");
}

}  // namespace

TEST_CASE("a_twin_in_an_old_encoding_renders_the_bytes_of_the_utf8_original", "[cli][legacy]") {
    const std::string dir = test_paths::scratch_dir("legacy-twins");
    for (const char* sample : {"samples/meeting-2022-08-01-pccc-models.xml", "samples/certification-2022-01-10-merit-pccc.xml"}) {
        INFO(sample);
        const std::string original = test_paths::read_file(test_paths::source(sample));
        REQUIRE(run_command({vanthu_program(), "render", "-o", dir + "/original.pdf", test_paths::source(sample)}).exit_code == 0);
        const std::string want = test_paths::read_file(dir + "/original.pdf");
        struct twin {
            std::string name, bytes, warning;
        };
        const twin twins[] = {
            {"windows-1258", declared(iconv_to(original, "WINDOWS-1258"), "windows-1258"), ""},
            {"TCVN3", declared(iconv_to(original, "TCVN5712-1"), "TCVN3"), ""},
            {"VNI", declared(to_vni(original), "VNI"), ""},
            {"VIQR", declared(to_viqr(original), "VIQR"), ""},
            {"windows-1258 undeclared", declared(iconv_to(original, "WINDOWS-1258"), ""), "read as windows-1258"},
            {"TCVN3 undeclared", declared(iconv_to(original, "TCVN5712-1"), ""), "read as TCVN3"},
            {"VNI undeclared", declared(to_vni(original), ""), "read as VNI"},
        };
        for (const twin& t : twins) {
            INFO(t.name);
            REQUIRE(run_command({"sh", "-c", "cat > " + dir + "/twin.xml"}, t.bytes).exit_code == 0);
            auto r = run_command({vanthu_program(), "render", "-o", dir + "/twin.pdf", dir + "/twin.xml"});
            INFO(r.err);
            REQUIRE(r.exit_code == 0);
            CHECK(test_paths::read_file(dir + "/twin.pdf") == want);
            if (t.warning.empty()) CHECK(r.err.find("warning") == std::string::npos);
            else CHECK(r.err.find("1:1: warning: the record is not UTF-8 and names no encoding; " + t.warning) != std::string::npos);
        }
        // --encoding forces one on a record that names none.
        REQUIRE(run_command({"sh", "-c", "cat > " + dir + "/viqr.xml"}, declared(to_viqr(original), "")).exit_code == 0);
        auto forced = run_command({vanthu_program(), "render", "--encoding", "viqr", "-o", dir + "/viqr.pdf", dir + "/viqr.xml"});
        INFO(forced.err);
        REQUIRE(forced.exit_code == 0);
        CHECK(test_paths::read_file(dir + "/viqr.pdf") == want);
    }
}
