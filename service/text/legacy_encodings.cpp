// Owns the Vietnamese encodings no iconv has: VNI Windows (a vowel, then a byte for its marks)
// and VIQR (RFC 1456: marks typed as ASCII after the vowel), and the .VnTimeH convention of
// TCVN3 (small letters meant as capitals). Each gives UTF-8 with combining marks; the caller
// normalises to NFC.
#include <string>
#include <string_view>

#include "text/encoding.hpp"
#include "text/utf8.hpp"
#include "text/vietnamese.hpp"

namespace text {

namespace {

// Combining marks.
constexpr char32_t acute = 0x0301, grave = 0x0300, hook = 0x0309, tilde = 0x0303, dot_below = 0x0323;
constexpr char32_t circumflex = 0x0302, breve = 0x0306, horn = 0x031B;

bool is_vowel(char32_t c) {
    switch (c | 0x20) {
        case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': return true;
        default: return false;
    }
}

// Windows-1252 in 0x80-0x9F (VNI Windows keeps its punctuation: quotes, dashes, the ellipsis).
char32_t cp1252_high(unsigned char b) {
    static const char32_t table[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                       0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                       0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                       0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    return table[b - 0x80];
}

// What a VNI byte after a vowel adds to it: a tone, or a circumflex (a, e, o) or breve (a)
// with or without a tone. The byte is taken in small letters (Ù and ù are one mark).
struct vni_marks {
    char32_t shape = 0;  // circumflex or breve, or 0
    char32_t tone = 0;   // or 0
    bool any() const { return shape || tone; }
};

vni_marks vni_after(char32_t base, unsigned char byte) {
    const unsigned char b = (byte >= 0xC0 && byte <= 0xDE && byte != 0xD7) ? static_cast<unsigned char>(byte | 0x20) : byte;
    const char32_t v = base | 0x20;
    switch (b) {  // a tone alone, after any vowel
        case 0xF9: return {0, acute};
        case 0xF8: return {0, grave};
        case 0xFB: return {0, hook};
        case 0xF5: return {0, tilde};
        case 0xEF: return {0, dot_below};
        default: break;
    }
    if (v == 'a' || v == 'e' || v == 'o') {  // circumflex, alone or with a tone
        switch (b) {
            case 0xE2: return {circumflex, 0};
            case 0xE1: return {circumflex, acute};
            case 0xE0: return {circumflex, grave};
            case 0xE5: return {circumflex, hook};
            case 0xE3: return {circumflex, tilde};
            case 0xE4: return {circumflex, dot_below};
            default: break;
        }
    }
    if (v == 'a') {  // breve, alone or with a tone
        switch (b) {
            case 0xEA: return {breve, 0};
            case 0xE9: return {breve, acute};
            case 0xE8: return {breve, grave};
            case 0xFA: return {breve, hook};
            case 0xFC: return {breve, tilde};
            case 0xEB: return {breve, dot_below};
            default: break;
        }
    }
    return {};
}

// A VNI byte that is a letter by itself: ơ ư đ, i with its tones, ỵ (small; capitals 0x20 below).
// Appends it and returns true, or false for any other byte.
bool vni_letter(unsigned char byte, std::string& out, char32_t& last_base) {
    const bool capital = byte >= 0xC0 && byte <= 0xDE;
    const unsigned char b = capital ? static_cast<unsigned char>(byte | 0x20) : byte;
    char32_t base = 0, mark = 0;
    switch (b) {
        case 0xF4: base = 'o', mark = horn; break;    // ô: ơ
        case 0xF6: base = 'u', mark = horn; break;    // ö: ư
        case 0xF1: append_utf8(out, capital ? 0x0110 : 0x0111); last_base = 0; return true;  // ñ: đ
        case 0xED: base = 'i', mark = acute; break;   // í
        case 0xEC: base = 'i', mark = grave; break;   // ì
        case 0xE6: base = 'i', mark = hook; break;    // æ: ỉ
        case 0xF3: base = 'i', mark = tilde; break;   // ó: ĩ
        case 0xF2: base = 'i', mark = dot_below; break;  // ò: ị
        case 0xEE: base = 'y', mark = dot_below; break;  // î: ỵ
        default: return false;
    }
    if (capital) base -= 0x20;
    append_utf8(out, base);
    append_utf8(out, mark);
    last_base = mark == horn ? base : 0;  // ơ and ư still take a tone
    return true;
}

}  // namespace

bool xml_text_parts::text(char c) {
    if (!xml) return true;
    if (!in_tag) {
        if (c == '<') in_tag = true;
        return !in_tag;
    }
    if (quoted) {
        if (c == '"') quoted = false;
        return quoted;
    }
    if (c == '\'') single = !single;
    else if (c == '"' && !single) quoted = true;
    else if (c == '>' && !single) in_tag = false;
    return false;
}

std::string vni_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 2);
    char32_t last_base = 0;  // the vowel the next mark byte would go on, or 0
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const unsigned char b = static_cast<unsigned char>(bytes[i]);
        if (b < 0x80) {
            out += static_cast<char>(b);
            last_base = is_vowel(b) ? b : 0;
            continue;
        }
        if (last_base) {
            const vni_marks m = vni_after(last_base, b);
            if (m.any()) {
                if (m.shape) append_utf8(out, m.shape);
                if (m.tone) append_utf8(out, m.tone);
                last_base = 0;  // VNI writes a vowel's marks as one byte
                continue;
            }
        }
        if (vni_letter(b, out, last_base)) continue;
        append_utf8(out, b < 0xA0 ? cp1252_high(b) : static_cast<char32_t>(b));
        last_base = 0;
    }
    return out;
}

std::string viqr_to_utf8(std::string_view ascii, bool xml) {
    std::string out;
    out.reserve(ascii.size());
    xml_text_parts parts(xml);
    for (std::size_t i = 0; i < ascii.size(); ++i) {
        const char c = ascii[i];
        if (!parts.text(c)) {
            out += c;
            continue;
        }
        if (c == '\\' && i + 1 < ascii.size() && std::string_view("'`?~.(^+\\dD").find(ascii[i + 1]) != std::string_view::npos) {
            out += ascii[++i];  // an escaped mark is the character itself
            parts.text(ascii[i]);
            continue;
        }
        if ((c == 'd' || c == 'D') && i + 1 < ascii.size() && (ascii[i + 1] == 'd' || ascii[i + 1] == 'D')) {
            append_utf8(out, c == 'D' ? 0x0110 : 0x0111);
            parts.text(ascii[++i]);
            continue;
        }
        out += c;
        if (!is_vowel(static_cast<unsigned char>(c))) continue;
        const char v = static_cast<char>(c | 0x20);
        if (i + 1 < ascii.size()) {  // a shape first: a( a^ e^ o^ o+ u+
            const char s = ascii[i + 1];
            const char32_t shape = s == '(' && v == 'a'                                ? breve
                                   : s == '^' && (v == 'a' || v == 'e' || v == 'o')    ? circumflex
                                   : s == '+' && (v == 'o' || v == 'u')                ? horn
                                                                                       : 0;
            if (shape) {
                append_utf8(out, shape);
                parts.text(ascii[++i]);
            }
        }
        if (i + 1 < ascii.size()) {  // then a tone
            const char t = ascii[i + 1];
            const char32_t tone = t == '\'' ? acute : t == '`' ? grave : t == '?' ? hook : t == '~' ? tilde : t == '.' ? dot_below : 0;
            if (tone) {
                append_utf8(out, tone);
                parts.text(ascii[++i]);
            }
        }
    }
    return out;
}

std::string upper_text_of_xml(std::string_view utf8) {
    std::string out, run;
    out.reserve(utf8.size());
    bool in_tag = false;
    for (char c : utf8) {
        if (!in_tag && c == '<') {
            out += to_upper(run);
            run.clear();
            in_tag = true;
        }
        if (in_tag) {
            out += c;
            if (c == '>') in_tag = false;
        } else {
            run += c;
        }
    }
    out += to_upper(run);
    return out;
}

}  // namespace text
