// Owns reading numbers and money aloud in Vietnamese words.
//
// Reading rules, as Vietnamese offices and accounting software write amounts:
// - a number is read in groups of three digits: units, "nghìn", "triệu",
//   then "tỷ", and above that the part in billions is read again with its own
//   groups ("một nghìn tỷ" for 10^12);
// - a group that is all zeros is skipped, with its unit (1.000.005 is
//   "một triệu không trăm linh năm", 1.000.000.000 is "một tỷ");
// - every group after the first spoken one is read with its hundreds, even
//   zero: 1.025 is "một nghìn không trăm hai mươi lăm", 2.000.050 is
//   "hai triệu không trăm năm mươi";
// - zero tens before a non-zero unit read "linh" (105: "một trăm linh năm");
// - 10..19 read "mười ..."; a unit 5 after "mười"/"mươi" reads "lăm", a unit
//   1 after "mươi" (20 and up) reads "mốt", a unit 4 after "mươi" reads "tư";
//   14 stays "mười bốn", 104 stays "một trăm linh bốn".
#include "text/vietnamese.hpp"

namespace text {

namespace {

const char* const digit_words[10] = {"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"};

// Appends a word, with a space before it when out is not empty.
void add_word(std::string& out, std::string_view word) {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    out += word;
}

// The unit digit after a tens digit: "lăm", "mốt", "tư" where the rules say so.
std::string_view unit_after_tens(unsigned tens, unsigned unit) {
    if (unit == 0) return {};
    if (unit == 5) return "lăm";
    if (unit == 1 && tens >= 2) return "mốt";
    if (unit == 4 && tens >= 2) return "tư";
    return digit_words[unit];
}

// Reads a group 0..999; `full` reads zero hundreds ("không trăm") and "linh".
std::string read_group(unsigned group, bool full) {
    const unsigned hundreds = group / 100;
    const unsigned tens = group / 10 % 10;
    const unsigned unit = group % 10;
    std::string out;
    if (hundreds > 0 || full) {
        add_word(out, digit_words[hundreds]);
        add_word(out, "trăm");
    }
    if (tens == 0) {
        if (unit == 0) return out;
        if (!out.empty()) add_word(out, "linh");
        add_word(out, digit_words[unit]);
    } else if (tens == 1) {
        add_word(out, "mười");
        add_word(out, unit_after_tens(tens, unit));
    } else {
        add_word(out, digit_words[tens]);
        add_word(out, "mươi");
        add_word(out, unit_after_tens(tens, unit));
    }
    return out;
}

// Reads 1..999.999.999 (groups of units, "nghìn", "triệu"); `full` when a higher part was read.
std::string read_below_billion(std::uint64_t n, bool full) {
    static const char* const group_units[3] = {"", "nghìn", "triệu"};
    unsigned groups[3] = {static_cast<unsigned>(n % 1000), static_cast<unsigned>(n / 1000 % 1000),
                          static_cast<unsigned>(n / 1000000 % 1000)};
    std::string out;
    for (int i = 2; i >= 0; --i) {
        if (groups[i] == 0) continue;
        add_word(out, read_group(groups[i], full || !out.empty()));
        add_word(out, group_units[i]);
    }
    return out;
}

// Reads a positive number: the billions (recursively), "tỷ", then the rest.
std::string read_positive(std::uint64_t n, bool full) {
    const std::uint64_t billions = n / 1000000000u;
    const std::uint64_t rest = n % 1000000000u;
    std::string out;
    if (billions > 0) {
        out = read_positive(billions, full);
        add_word(out, "tỷ");
    }
    if (rest > 0) add_word(out, read_below_billion(rest, full || billions > 0));
    return out;
}

}  // namespace

// "một nghìn không trăm hai mươi lăm"; 0 is "không", negatives start with "âm".
std::string number_in_words(std::int64_t n) {
    if (n == 0) return digit_words[0];
    const std::uint64_t abs = n < 0 ? static_cast<std::uint64_t>(-(n + 1)) + 1u : static_cast<std::uint64_t>(n);
    std::string words = read_positive(abs, false);
    return n < 0 ? "âm " + words : words;
}

// "Năm trăm nghìn đồng": the words with a capital first letter and the unit.
std::string money_in_words(std::int64_t n) {
    const std::string words = number_in_words(n);
    std::size_t first_end = 1;
    while (first_end < words.size() && (static_cast<unsigned char>(words[first_end]) & 0xC0) == 0x80) ++first_end;
    return to_upper(words.substr(0, first_end)) + words.substr(first_end) + " đồng";
}

}  // namespace text
