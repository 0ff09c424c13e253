// Owns the detector of text that is not the Vietnamese it claims to be (VNI, TCVN3, UTF-8 encoded twice).
#include "text/misencoding.hpp"

#include "text/utf8.hpp"

namespace text {

namespace {

// Whether a code point is in a list.
bool is_one_of(char32_t c, std::u32string_view list) { return list.find(c) != std::u32string_view::npos; }

// Whether a code point is a letter of Vietnamese outside ASCII (NFC).
bool is_vietnamese_letter(char32_t c) {
    if (c >= 0x1EA0 && c <= 0x1EF9) return true;  // ạ ả ấ ... ỹ
    return is_one_of(c, U"ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư");
}

// Whether a code point is a Latin letter or a combining mark that Vietnamese in NFC never has
// (ä, ñ, ø, ǹ, a tone mark left uncomposed ...).
bool is_foreign_letter(char32_t c) {
    if (c >= 0x0300 && c <= 0x036F) return true;
    const bool latin = (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF);
    return latin && !is_vietnamese_letter(c);
}

// Whether a code point is where TCVN3 puts a letter and windows-1258 a symbol ("x·" is "xã").
// Symbols a Vietnamese text may hold next to letters (« » ° ² ³ ± fractions) do not count.
bool is_tcvn3_sign(char32_t c) {
    if (c >= 0xA1 && c <= 0xBF) return !is_one_of(c, U"«»°±²³´¼½¾");
    return is_one_of(c, U"×÷ßÞþÐð₫");
}

// Lower case of the Latin letters that matter here.
char32_t lower(char32_t c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 0x20;
    if (c == U'Ă' || c == U'Ơ') return c + 1;
    return c;
}

// Whether a Vietnamese word can have `mark` right after the vowel `base` (both lower case).
// VNI writes a vowel and then a byte for its mark, which windows-1258 reads as a letter:
// "ọ" is o + 0xEF ("oï"), "à" is a + 0xF8 ("aø"), "ê" is e + 0xE2 ("eâ").
bool vietnamese_pair(char32_t base, char32_t mark) {
    switch (base) {
        case 'i': return true;                                    // gi- takes any vowel: già, giúp, giây
        case 'o': return is_one_of(mark, U"àáãèéă");              // hoà, hoá, ngoãn, hoè, khoé, xoăn
        case 'u': return is_one_of(mark, U"âêôàáãèéìíăơ");       // quân, quê, muôn, quà, quá, què, quăng, huơ
        case 'y': return mark == U'ê';                            // yêu, nguyên
        default: return false;                                    // a, e, ô, ö: no vowel with a mark follows
    }
}

// Whether a pair of code points is a VNI vowel and mark that no Vietnamese word has.
bool is_vni_pair(char32_t first, char32_t second) {
    const char32_t base = lower(first), mark = lower(second);
    if (!is_one_of(base, U"aeiouyôö") || !is_one_of(mark, U"àáâãäåèéêëìíîïòóôõöøùúûüăơ")) return false;
    return !vietnamese_pair(base, mark);
}

// The byte a code point stands for when UTF-8 was read as windows-1252, windows-1258 or
// Latin-1, or -1 when it stands for none.
int byte_of(char32_t c) {
    if (c < 0x100) return static_cast<int>(c);
    static const std::u32string_view cp1252 = U"€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
    const std::size_t at = cp1252.find(c);
    if (at != std::u32string_view::npos) return static_cast<int>(0x80 + at);
    static const std::u32string_view cp1258 = U"ĂăĐđƠơƯư₫\u0300\u0301\u0303\u0309\u0323";
    static const unsigned char cp1258_bytes[] = {0xC3, 0xE3, 0xD0, 0xF0, 0xD5, 0xF5, 0xDD, 0xFD, 0xFE,
                                                 0xCC, 0xEC, 0xDE, 0xD2, 0xF2};
    const std::size_t at1258 = cp1258.find(c);
    return at1258 == std::u32string_view::npos ? -1 : cp1258_bytes[at1258];
}

// Whether a code point read back from double-encoded text shows it: a Vietnamese letter, a
// tone mark, or the punctuation word processors put in (‘ ’ “ ” – — …).
bool is_telling(char32_t c) {
    return is_vietnamese_letter(c) || is_one_of(c, U"\u0300\u0301\u0303\u0309\u0323‘’“”–—…");
}

// The code point spelt by the bytes that cps[at...] stand for, when they are one telling UTF-8
// sequence of two or more bytes; its length in code points, else 0.
std::size_t read_back(std::u32string_view cps, std::size_t at, char32_t& meant) {
    const int lead = byte_of(cps[at]);
    if (lead < 0xC2 || lead > 0xF4) return 0;
    const std::size_t length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (at + length > cps.size()) return 0;
    std::string bytes(1, static_cast<char>(lead));
    for (std::size_t i = 1; i < length; ++i) {
        const int b = byte_of(cps[at + i]);
        if (b < 0x80 || b > 0xBF) return 0;
        bytes += static_cast<char>(b);
    }
    if (find_invalid_utf8(bytes) != std::string::npos) return 0;
    std::size_t pos = 0;
    meant = next_code_point(bytes, pos);
    return is_telling(meant) ? length : 0;
}

// UTF-8 of code points.
std::string to_utf8(std::u32string_view cps) {
    std::string out;
    for (char32_t c : cps) append_utf8(out, c);
    return out;
}

// Whether a code point separates words.
bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The word (a run of characters between whitespace) around cps[at], which is not a space.
std::u32string_view word_at(std::u32string_view cps, std::size_t at) {
    std::size_t begin = at, end = at;
    while (begin > 0 && !is_space(cps[begin - 1])) --begin;
    while (end < cps.size() && !is_space(cps[end])) ++end;
    return cps.substr(begin, end - begin);
}

// The double-encoded UTF-8 in a text, if there is enough of it.
misencoding_finding find_double_utf8(std::u32string_view cps) {
    int places = 0;
    bool plain = false;  // one place is enough if it is 3 bytes or starts with no Vietnamese letter
    std::size_t first = 0;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        char32_t meant = 0;
        const std::size_t length = cps[i] >= 0x80 ? read_back(cps, i, meant) : 0;
        if (length == 0) continue;
        if (places++ == 0) first = i;
        plain = plain || length > 2 || !is_vietnamese_letter(cps[i]);
        i += length - 1;
    }
    if (places == 0 || (places < 2 && !plain)) return {};
    misencoding_finding found;
    found.kind = misencoding::double_utf8;
    const std::u32string_view word = word_at(cps, first);
    found.sample = to_utf8(word);
    std::string bytes;
    for (char32_t c : word) bytes += static_cast<char>(byte_of(c) < 0 ? '?' : byte_of(c));
    if (find_invalid_utf8(bytes) == std::string::npos) found.meant = bytes;
    return found;
}

// What one word shows of legacy bytes.
struct word_signs {
    bool non_ascii = false;  // a character outside ASCII
    bool vni = false;        // a VNI vowel and mark (is_vni_pair)
    bool tcvn3 = false;      // a TCVN3 sign (is_tcvn3_sign) in a word with an ASCII letter
    bool foreign = false;    // a letter Vietnamese does not have, or a capital inside a small word
};

// Whether a code point is a letter, for the neighbours of a sign.
bool is_letter(char32_t c) { return (lower(c) >= 'a' && lower(c) <= 'z') || is_vietnamese_letter(c) || is_foreign_letter(c); }

// Whether word[i] is a capital letter right after a small one: "phĐp" (TCVN3 "phép" read as
// windows-1258) and "lÔ" ("lễ"), not "PCCC" nor "TpHCM" (ASCII).
bool is_capital_inside(std::u32string_view word, std::size_t i) {
    const char32_t c = word[i];
    return i > 0 && c >= 0x80 && lower(c) != c && is_letter(word[i - 1]) && lower(word[i - 1]) == word[i - 1];
}

// Reads the signs of one word. « and » count as TCVN3 signs only between letters ("c«ng" is
// "công"), where no quotation mark stands.
word_signs read_word(std::u32string_view word) {
    word_signs s;
    bool letter = false, sign = false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char32_t c = word[i];
        letter = letter || (lower(c) >= 'a' && lower(c) <= 'z');
        if (c < 0x80) continue;
        s.non_ascii = true;
        const bool between = i > 0 && i + 1 < word.size() && is_letter(word[i - 1]) && is_letter(word[i + 1]);
        sign = sign || is_tcvn3_sign(c) || ((c == U'«' || c == U'»') && between);
        s.foreign = s.foreign || is_foreign_letter(c) || is_capital_inside(word, i);
        s.vni = s.vni || (i > 0 && is_vni_pair(word[i - 1], c));
    }
    s.tcvn3 = sign && letter;
    return s;
}

// VNI or TCVN3 bytes in a text, if enough of its words show them.
misencoding_finding find_legacy_bytes(std::u32string_view cps) {
    int non_ascii = 0, suspect = 0, vni = 0, tcvn3 = 0;
    std::u32string_view sample;  // the first word with a VNI or TCVN3 sign
    for (std::size_t at = 0; at < cps.size(); ++at) {
        if (is_space(cps[at])) continue;
        const std::u32string_view word = word_at(cps, at);
        at += word.size();
        const word_signs s = read_word(word);
        non_ascii += s.non_ascii;
        vni += s.vni;
        tcvn3 += s.tcvn3;
        suspect += s.vni || s.tcvn3 || s.foreign;
        if (sample.empty() && (s.vni || s.tcvn3)) sample = word;
    }
    if (suspect < 2 || 2 * suspect < non_ascii || vni + tcvn3 == 0) return {};
    misencoding_finding found;
    found.kind = tcvn3 > 0 ? misencoding::tcvn3 : misencoding::vni;  // VNI has no byte of the A1-BF row
    found.sample = to_utf8(sample);
    return found;
}

}  // namespace

misencoding_finding find_misencoding(std::string_view utf8) {
    bool ascii = true;
    for (char c : utf8) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii || find_invalid_utf8(utf8) != std::string_view::npos) return {};
    std::u32string cps;
    cps.reserve(utf8.size());
    for (std::size_t pos = 0; pos < utf8.size();) cps += next_code_point(utf8, pos);
    if (misencoding_finding twice = find_double_utf8(cps)) return twice;
    return find_legacy_bytes(cps);
}

const char* misencoding_name(misencoding kind) {
    switch (kind) {
        case misencoding::none: return "none";
        case misencoding::double_utf8: return "UTF-8 encoded twice";
        case misencoding::vni: return "VNI";
        case misencoding::tcvn3: return "TCVN3 (ABC)";
    }
    return "";
}

}  // namespace text
