// Owns the sort key of Vietnamese personal names.
//
// A name "Family Middle... Given" is compared by given name, then the middle
// names in order, then the family name. Each word (syllable) is compared by
// its letters first, in the Vietnamese alphabet, then by its tone, before
// the next word is looked at, as Vietnamese dictionaries order syllables:
// so every "Anh" sorts before every "Ánh", and "An" before "Anh".
#include "text/vietnamese.hpp"

#include "text/utf8.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <vector>

namespace text {

namespace {

// Key bytes. Letters and other characters are all above these markers.
constexpr char end_of_letters = '\x01';  // after a word's letters, before its tone
constexpr char next_component = '\x02';  // between given, middle and family parts
constexpr char next_word = '\x03';       // between two middle names
constexpr unsigned char first_digit = 0x10;
constexpr unsigned char first_letter = 0x20;
constexpr unsigned char other_character = 0x7F;  // followed by the UTF-8 bytes

// The Vietnamese alphabet, with f j w z placed as in the Latin one for foreign names.
const char32_t alphabet[] = {U'a', U'ă', U'â', U'b', U'c', U'd', U'đ', U'e', U'ê', U'f', U'g', U'h',
                             U'i', U'j', U'k', U'l', U'm', U'n', U'o', U'ô', U'ơ', U'p', U'q', U'r',
                             U's', U't', U'u', U'ư', U'v', U'w', U'x', U'y', U'z'};

// Tone of a combining mark, 1 (none) to 6 (nặng), or 0 when the mark is not a tone.
int tone_of_mark(char32_t mark) {
    switch (mark) {
        case 0x0300: return 2;  // huyền
        case 0x0309: return 3;  // hỏi
        case 0x0303: return 4;  // ngã
        case 0x0301: return 5;  // sắc
        case 0x0323: return 6;  // nặng
        default: return 0;
    }
}

// Lower case NFD of a word, as code points: tone marks come apart from letters.
std::vector<char32_t> decompose_lower(std::string_view word) {
    std::vector<char32_t> out;
    utf8proc_uint8_t* nfd = nullptr;
    const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(word.data()),
                                            static_cast<utf8proc_ssize_t>(word.size()), &nfd,
                                            static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE));
    if (n < 0) return out;
    const std::string_view s(reinterpret_cast<const char*>(nfd), static_cast<std::size_t>(n));
    for (std::size_t pos = 0; pos < s.size();)
        out.push_back(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(next_code_point(s, pos)))));
    std::free(nfd);
    return out;
}

// Joins a base letter with a following breve, circumflex or horn (a + ̆ = ă).
char32_t join_modifier(char32_t base, char32_t mark) {
    if (mark == 0x0306 && base == U'a') return U'ă';
    if (mark == 0x0302 && base == U'a') return U'â';
    if (mark == 0x0302 && base == U'e') return U'ê';
    if (mark == 0x0302 && base == U'o') return U'ô';
    if (mark == 0x031B && base == U'o') return U'ơ';
    if (mark == 0x031B && base == U'u') return U'ư';
    return 0;
}

// Appends the key byte(s) of one letter or other character.
void append_letter_key(std::string& key, char32_t letter) {
    for (std::size_t i = 0; i < sizeof alphabet / sizeof alphabet[0]; ++i) {
        if (alphabet[i] == letter) {
            key += static_cast<char>(first_letter + i);
            return;
        }
    }
    if (letter >= U'0' && letter <= U'9') {
        key += static_cast<char>(first_digit + (letter - U'0'));
        return;
    }
    key += static_cast<char>(other_character);
    append_utf8(key, letter);
}

// Appends a word's key: its letters, then its tone. NFD orders a dot below
// before a circumflex or breve (ệ = e + dot + circumflex), so every mark
// after a base letter is looked at, not only the next one.
void append_word_key(std::string& key, std::string_view word) {
    const std::vector<char32_t> cps = decompose_lower(word);
    int tone = 1;
    std::size_t i = 0;
    while (i < cps.size()) {
        char32_t letter = cps[i++];
        for (; i < cps.size() && cps[i] >= 0x0300 && cps[i] <= 0x036F; ++i) {
            if (const int t = tone_of_mark(cps[i]); t != 0) {
                if (tone == 1) tone = t;
            } else if (const char32_t joined = join_modifier(letter, cps[i]); joined != 0) {
                letter = joined;
            }
        }
        append_letter_key(key, letter);
    }
    key += end_of_letters;
    key += static_cast<char>(tone);
}

// Splits a name at spaces (runs of whitespace count once).
std::vector<std::string_view> split_words(std::string_view name) {
    std::vector<std::string_view> words;
    std::size_t pos = 0;
    while (pos < name.size()) {
        while (pos < name.size() && (name[pos] == ' ' || name[pos] == '\t' || name[pos] == '\n' || name[pos] == '\r')) ++pos;
        std::size_t end = pos;
        while (end < name.size() && name[end] != ' ' && name[end] != '\t' && name[end] != '\n' && name[end] != '\r') ++end;
        if (end > pos) words.push_back(name.substr(pos, end - pos));
        pos = end;
    }
    return words;
}

}  // namespace

// Given name, then middle names, then family name, each word letters before tone.
std::string name_sort_key(std::string_view full_name) {
    const std::vector<std::string_view> words = split_words(full_name);
    std::string key;
    if (words.empty()) return key;
    append_word_key(key, words.back());
    key += next_component;
    for (std::size_t i = 1; i + 1 < words.size(); ++i) {
        if (i > 1) key += next_word;
        append_word_key(key, words[i]);
    }
    key += next_component;
    if (words.size() > 1) append_word_key(key, words.front());
    return key;
}

}  // namespace text
