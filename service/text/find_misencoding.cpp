// Owns the detector of text that is not the Vietnamese it claims to be (VNI, TCVN3, UTF-8 encoded twice).
#include "text/misencoding.hpp"

#include "text/utf8.hpp"

#include <array>

namespace text {

namespace {

// Whether a code point is in a list.
bool is_one_of(char32_t c, std::u32string_view list) { return list.find(c) != std::u32string_view::npos; }

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

// Lower case of ASCII, Latin-1 and the Vietnamese capitals beyond it (Ă Đ Ĩ Ũ Ơ Ư Ạ ... Ỹ).
char32_t lower(char32_t c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 0x20;
    if (c == U'Ă' || c == U'Đ' || c == U'Ĩ' || c == U'Ũ' || c == U'Ơ' || c == U'Ư') return c + 1;
    if (c >= 0x1EA0 && c <= 0x1EF9 && c % 2 == 0) return c + 1;
    return c;
}

// What a code point is, for the word signs: one lookup instead of list searches per character.
enum trait : unsigned char {
    letter = 1,       // a Latin letter (ASCII, Vietnamese or foreign)
    foreign = 2,      // is_foreign_letter
    tcvn3_sign = 4,   // is_tcvn3_sign
    guillemet = 8,    // « or »
    vni_base = 16,    // a vowel VNI puts a mark byte after (a e i o u y ô ö, any case)
    vni_mark = 32,    // a letter a VNI mark byte reads as (any case)
    vietnamese = 64   // is_vietnamese_letter
};

// The traits of a code point (a table below U+0250, ranges above it).
unsigned traits_of(char32_t c) {
    static const auto table = [] {
        std::array<unsigned char, 0x250> t{};
        for (char32_t cp = 0; cp < t.size(); ++cp) {
            unsigned v = 0;
            const char32_t l = lower(cp);
            if ((l >= 'a' && l <= 'z') || is_vietnamese_letter(cp) || is_foreign_letter(cp)) v |= letter;
            if (is_foreign_letter(cp)) v |= foreign;
            if (is_tcvn3_sign(cp)) v |= tcvn3_sign;
            if (cp == U'«' || cp == U'»') v |= guillemet;
            if (is_one_of(l, U"aeiouyôö")) v |= vni_base;
            if (is_one_of(l, U"àáâãäåèéêëìíîïòóôõöøùúûüăơ")) v |= vni_mark;
            if (is_vietnamese_letter(cp)) v |= vietnamese;
            t[cp] = static_cast<unsigned char>(v);
        }
        return t;
    }();
    if (c < table.size()) return table[c];
    if (c >= 0x0300 && c <= 0x036F) return letter | foreign;
    if (c >= 0x1E00 && c <= 0x1EFF) return letter | (c >= 0x1EA0 && c <= 0x1EF9 ? vietnamese : foreign);
    return c == U'₫' ? tcvn3_sign : 0;
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
    if (!(traits_of(first) & vni_base) || !(traits_of(second) & vni_mark)) return false;
    return !vietnamese_pair(lower(first), lower(second));
}

// The byte a code point stands for when UTF-8 was read as windows-1252, windows-1258 or
// Latin-1, or -1 when it stands for none. A switch: it is asked of every letter beyond Latin-1.
int byte_of(char32_t c) {
    if (c < 0x100) return static_cast<int>(c);
    switch (c) {
        // windows-1252 (and windows-1258) 0x80-0x9F
        case U'€': return 0x80; case U'‚': return 0x82; case U'ƒ': return 0x83; case U'„': return 0x84;
        case U'…': return 0x85; case U'†': return 0x86; case U'‡': return 0x87; case U'ˆ': return 0x88;
        case U'‰': return 0x89; case U'Š': return 0x8A; case U'‹': return 0x8B; case U'Œ': return 0x8C;
        case U'Ž': return 0x8E; case U'‘': return 0x91; case U'’': return 0x92; case U'“': return 0x93;
        case U'”': return 0x94; case U'•': return 0x95; case U'–': return 0x96; case U'—': return 0x97;
        case U'˜': return 0x98; case U'™': return 0x99; case U'š': return 0x9A; case U'›': return 0x9B;
        case U'œ': return 0x9C; case U'ž': return 0x9E; case U'Ÿ': return 0x9F;
        // windows-1258's own letters, tone marks and đồng sign
        case U'Ă': return 0xC3; case U'ă': return 0xE3; case U'Đ': return 0xD0; case U'đ': return 0xF0;
        case U'Ơ': return 0xD5; case U'ơ': return 0xF5; case U'Ư': return 0xDD; case U'ư': return 0xFD;
        case U'₫': return 0xFE; case 0x0300: return 0xCC; case 0x0301: return 0xEC; case 0x0303: return 0xDE;
        case 0x0309: return 0xD2; case 0x0323: return 0xF2;
        default: return -1;
    }
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
    char bytes[4] = {static_cast<char>(lead)};
    for (std::size_t i = 1; i < length; ++i) {
        const int b = byte_of(cps[at + i]);
        if (b < 0x80 || b > 0xBF) return 0;
        bytes[i] = static_cast<char>(b);
    }
    const std::string_view sequence(bytes, length);
    if (find_invalid_utf8(sequence) != std::string_view::npos) return 0;  // overlong, surrogate ...
    std::size_t pos = 0;
    meant = next_code_point(sequence, pos);
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
        const std::size_t length = cps[i] >= 0xC2 ? read_back(cps, i, meant) : 0;
        if (length == 0) continue;
        if (places++ == 0) first = i;
        plain = plain || length > 2 || !(traits_of(cps[i]) & vietnamese);
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

// Whether word[i] is a capital letter right after a small one: "phĐp" (TCVN3 "phép" read as
// windows-1258) and "lÔ" ("lễ"), not "PCCC" nor "TpHCM" (ASCII).
bool is_capital_inside(std::u32string_view word, std::size_t i) {
    const char32_t c = word[i], before = i > 0 ? word[i - 1] : 0;
    return i > 0 && c >= 0x80 && lower(c) != c && (traits_of(before) & letter) && lower(before) == before;
}

// Reads the signs of one word. « and » count as TCVN3 signs only between letters ("c«ng" is
// "công"), where no quotation mark stands.
word_signs read_word(std::u32string_view word) {
    word_signs s;
    bool ascii_letter = false, sign = false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char32_t c = word[i];
        if (c < 0x80) {
            ascii_letter = ascii_letter || (lower(c) >= 'a' && lower(c) <= 'z');
            continue;
        }
        s.non_ascii = true;
        const unsigned t = traits_of(c);
        const auto between = [&] {
            return i > 0 && i + 1 < word.size() && (traits_of(word[i - 1]) & letter) && (traits_of(word[i + 1]) & letter);
        };
        sign = sign || (t & tcvn3_sign) || ((t & guillemet) && between());
        s.foreign = s.foreign || (t & foreign) || is_capital_inside(word, i);
        s.vni = s.vni || (i > 0 && (t & vni_mark) && is_vni_pair(word[i - 1], c));
    }
    s.tcvn3 = sign && ascii_letter;
    return s;
}

// VNI or TCVN3 bytes in a text, if enough of its words show them.
misencoding_finding find_legacy_bytes(std::u32string_view cps) {
    int non_ascii = 0, suspect = 0, vni = 0, tcvn3 = 0;
    std::u32string_view sample;  // the first word with a VNI or TCVN3 sign
    for (std::size_t at = 0; at < cps.size(); ++at) {
        if (is_space(cps[at])) continue;
        std::size_t end = at;
        char32_t widest = 0;
        for (; end < cps.size() && !is_space(cps[end]); ++end) widest |= cps[end];
        const std::u32string_view word = cps.substr(at, end - at);
        at = end;
        if (widest < 0x80) continue;  // an ASCII word shows nothing
        const word_signs s = read_word(word);
        non_ascii += s.non_ascii;
        vni += s.vni;
        tcvn3 += s.tcvn3;
        suspect += s.vni || s.tcvn3 || s.foreign;
        if (sample.empty() && (s.vni || s.tcvn3)) sample = word;
    }
    if ((suspect < 2 && non_ascii < 2) || 2 * suspect < non_ascii || vni + tcvn3 == 0) return {};
    misencoding_finding found;
    found.kind = tcvn3 > 0 ? misencoding::tcvn3 : misencoding::vni;  // VNI has no byte of the A1-BF row
    found.sample = to_utf8(sample);
    return found;
}

}  // namespace

// Decodes the text once (ASCII text costs one pass), then looks for UTF-8 encoded twice before
// legacy bytes: its characters are Latin-1 letters too.
bool is_vietnamese_letter(char32_t c) {
    if (c >= 0x1EA0 && c <= 0x1EF9) return true;  // ạ ả ấ ... ỹ
    return is_one_of(c, U"ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư");
}

bool reads_as_vietnamese(std::string_view nfc) {
    std::size_t letters = 0, other = 0;
    for (std::size_t at = 0; at < nfc.size();) {
        const char32_t c = next_code_point(nfc, at);
        if (c < 0x80) continue;
        if (is_vietnamese_letter(c)) ++letters;
        else if (!is_one_of(c, U"\u00A0«»°–—‘’“”…•²³±")) ++other;  // what a Vietnamese text may hold besides
    }
    return letters > 0 && other * 20 <= letters;
}

misencoding_finding find_misencoding(std::string_view utf8) {
    std::size_t first = 0;
    while (first < utf8.size() && static_cast<unsigned char>(utf8[first]) < 0x80) ++first;
    if (first == utf8.size() || find_invalid_utf8(utf8.substr(first)) != std::string_view::npos) return {};
    std::u32string cps(utf8.size(), U'\0');
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < utf8.size();) {
        const unsigned char b = static_cast<unsigned char>(utf8[pos]);
        cps[n++] = b < 0x80 ? (++pos, static_cast<char32_t>(b)) : next_code_point(utf8, pos);
    }
    cps.resize(n);
    if (misencoding_finding twice = find_double_utf8(cps)) return twice;
    return find_legacy_bytes(cps);
}

}  // namespace text
