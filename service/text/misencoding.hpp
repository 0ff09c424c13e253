// Text that is not the Vietnamese it claims to be: legacy bytes read as another encoding, or UTF-8 encoded twice.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace text {

// How a text went wrong on its way into a record.
enum class misencoding {
    none,         // it reads as Vietnamese, or has too little to tell
    double_utf8,  // UTF-8 bytes read as windows-1252/1258 (or Latin-1) and encoded again: "Ä‘" for "đ"
    vni,          // VNI bytes (a vowel, then a byte for its mark) read as windows-1258: "Hoïp baøn" for "Họp bàn"
    tcvn3         // TCVN3 (ABC) bytes (letters where windows-1258 has symbols): "Céng hßa" for "Cộng hòa"
};

// What find_misencoding saw.
struct misencoding_finding {
    misencoding kind = misencoding::none;
    std::string sample;  // the first word that gave it away, as it stands in the text
    std::string meant;   // double_utf8: that word's bytes read as UTF-8 once ("đ"); else empty

    explicit operator bool() const { return kind != misencoding::none; }
};

// Looks at NFC UTF-8 text (a record's value) for the signs of a wrong encoding. The heuristics:
// - double_utf8: characters that, turned back into the windows-1252, windows-1258 or Latin-1
//   bytes they stand for, spell UTF-8 for a Vietnamese letter, a tone mark or typographic
//   punctuation ("Ä‘" is C4 91, "đ"). One such place is enough when it spells 3 bytes ("á»‡"
//   for "ệ") or its first character is no Vietnamese letter (Ä, Å, Æ ...); otherwise two are
//   needed: "XÃ”" and "XÃ" before a no-break space may be real.
// - vni: a vowel followed by a mark that no Vietnamese word puts after it ("oï", "aø", "eâ":
//   VNI writes "ọ" as o + 0xEF); tcvn3: a symbol of windows-1258's A1-BF row (or ß × Þ ...)
//   inside a word with letters ("hßa", "x·"). A word is suspect when it shows such a sign, a
//   letter no Vietnamese word has (ñ, ö, a stray combining mark ...) or a capital after a small
//   letter ("phĐp": TCVN3 "phép" read as windows-1258). The text is taken for legacy bytes when
//   one word at least shows a VNI or TCVN3 sign, the suspect words are at least half of the words
//   with a non-ASCII character, and there are two of either: a foreign name or a "km²" in a
//   Vietnamese paragraph is not enough, and one word alone ("Haø") never is.
// ASCII text and invalid UTF-8 give none. Linear in the text; no I/O.
misencoding_finding find_misencoding(std::string_view utf8);

// The text as it was meant, when find_misencoding says how it went wrong: UTF-8 encoded twice
// read back once (through windows-1252, windows-1258 or Latin-1), VNI or TCVN3 bytes that
// were read as windows-1258 read again as what they are. Nothing when there is nothing to
// repair or it cannot be (a character no windows-1258 byte holds). NFC in, NFC out.
std::optional<std::string> repair_misencoding(std::string_view nfc);

// Whether a code point is a letter of Vietnamese outside ASCII (NFC: à ă đ ạ ... ỹ).
bool is_vietnamese_letter(char32_t c);

// Whether NFC text decoded from an unknown encoding reads as Vietnamese: some letters beyond
// ASCII, all of them Vietnamese but for one in twenty (symbols, stray bytes).
bool reads_as_vietnamese(std::string_view nfc);

}  // namespace text
