// Small builders of PDF values and the text strings of signature dictionaries and fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pdf/objects.hpp"

namespace sign {

inline pdf::value make_name(std::string name) {
    pdf::value v;
    v.kind = pdf::value_kind::name;
    v.text = std::move(name);
    return v;
}

// A number written with at most two decimals (coordinates).
pdf::value make_number(double number);

inline pdf::value make_reference(std::uint32_t number) {
    pdf::value v;
    v.kind = pdf::value_kind::reference;
    v.number = number;
    return v;
}

inline pdf::value make_dictionary() {
    pdf::value v;
    v.kind = pdf::value_kind::dictionary;
    return v;
}

inline pdf::value make_array() {
    pdf::value v;
    v.kind = pdf::value_kind::array;
    return v;
}

// Sets the dictionary's entry, replacing one of the same key.
void set_entry(pdf::value& dictionary, const std::string& key, pdf::value item);
// Removes the dictionary's entry if present.
void remove_entry(pdf::value& dictionary, std::string_view key);

// A text string: plain (literal) when ASCII, else UTF-16BE with a byte order mark, as hex.
pdf::value make_text(std::string_view utf8);
// A string value's bytes as UTF-8: literal escapes undone, hex decoded, UTF-16BE converted.
std::string decode_text(const pdf::value& string);

// The four numbers of a /Rect (normalised: x0 <= x1, y0 <= y1); false when it is not one.
struct rect {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double width() const { return x1 - x0; }
    double height() const { return y1 - y0; }
};
bool read_rect(const pdf::value& array, rect& out);
pdf::value make_rect(const rect& r);

}  // namespace sign
