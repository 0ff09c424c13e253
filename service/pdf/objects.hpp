// PDF values (the COS layer) as read back from a PDF file: parse one, write one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pdf {

// What a PDF value is.
enum class value_kind {
    null,        // null, or nothing parsed
    boolean,     // true or false; text holds the keyword
    number,      // integer or real; text holds the token as written
    name,        // /Name; text holds it without the slash, #xx escapes as written
    string,      // (literal) or <hex>; text holds it with its delimiters, as written
    array,       // [ ... ]; items
    dictionary,  // << ... >>; entries in file order
    reference    // n g R; number and generation
};

// One PDF value. Strings and numbers keep their bytes as written, so writing them back
// is exact without re-escaping.
struct value {
    value_kind kind = value_kind::null;
    std::string text;
    std::uint32_t number = 0;      // object number of a reference
    std::uint32_t generation = 0;  // generation of a reference
    std::vector<value> items;                            // array items
    std::vector<std::pair<std::string, value>> entries;  // dictionary entries

    // The entry of a dictionary, or nullptr (also when this is not a dictionary).
    const value* find(std::string_view key) const;
    value* find(std::string_view key);
    // Whether this is the name /n.
    bool is_name(std::string_view n) const { return kind == value_kind::name && text == n; }
    // The integer of a number token; false when it is not a whole non-negative number.
    bool to_count(std::size_t& out) const;
};

// A reader of PDF tokens over bytes, from an offset.
struct cursor {
    std::string_view bytes;
    std::size_t pos = 0;
    std::string error;  // what went wrong, empty while fine

    // Skips white space and comments.
    void skip_space();
    // Reads a bare keyword (obj, endobj, stream, R, xref ...) if it is next; false otherwise.
    bool take_keyword(std::string_view word);
    // Reads a non-negative integer if one is next.
    bool take_count(std::size_t& out);
};

// Parses one value at the cursor (references included); on failure sets c.error.
value parse_value(cursor& c);

// Appends the value in PDF syntax; each reference is rewritten through renumber(number),
// which returns the new object number.
template <class Renumber>
void write_value(const value& v, std::string& out, Renumber&& renumber);

// A string value's bytes: a literal's escapes undone, a hex string's digits decoded; empty
// for any other value.
std::string string_bytes(const value& string);

// A literal string of these bytes (any bytes: parentheses, backslashes and CR escaped), which
// is about half the size of the hex string of binary text such as UTF-16BE.
value make_literal_string(std::string_view bytes);

// Writes a value whose references keep their numbers.
void write_value_as_is(const value& v, std::string& out);

// --- template definition -------------------------------------------------------------------

// Appends the value in PDF syntax through renumber (see the declaration above).
template <class Renumber>
void write_value(const value& v, std::string& out, Renumber&& renumber) {
    switch (v.kind) {
    case value_kind::null: out += "null"; break;
    case value_kind::boolean:
    case value_kind::number:
    case value_kind::string: out += v.text; break;
    case value_kind::name: out += '/'; out += v.text; break;
    case value_kind::reference:
        out += std::to_string(renumber(v.number));
        out += " 0 R";
        break;
    case value_kind::array:
        out += '[';
        for (const value& item : v.items) {
            out += ' ';
            write_value(item, out, renumber);
        }
        out += " ]";
        break;
    case value_kind::dictionary:
        out += "<<\n";
        for (const auto& [key, item] : v.entries) {
            out += '/';
            out += key;
            out += ' ';
            write_value(item, out, renumber);
            out += '\n';
        }
        out += ">>";
        break;
    }
}

}  // namespace pdf
