// Owns the PDF value syntax: tokens, parsing a value, writing one back.
#include "pdf/objects.hpp"

#include <cctype>
#include <cstdlib>

namespace pdf {

namespace {

constexpr int max_depth = 64;  // nesting of arrays and dictionaries we accept

// PDF white space (ISO 32000-1, 7.2.2).
bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

// PDF delimiters, which end a regular token.
bool is_delimiter(char c) {
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

// A run of regular characters from the cursor (a number, a keyword, a name's body).
std::string_view take_regular(cursor& c) {
    std::size_t start = c.pos;
    while (c.pos < c.bytes.size() && !is_space(c.bytes[c.pos]) && !is_delimiter(c.bytes[c.pos])) ++c.pos;
    return c.bytes.substr(start, c.pos - start);
}

// A literal string with balanced parentheses and escapes, delimiters included.
bool take_literal_string(cursor& c, std::string& out) {
    std::size_t start = c.pos++;
    int depth = 1;
    while (c.pos < c.bytes.size() && depth > 0) {
        char ch = c.bytes[c.pos++];
        if (ch == '\\') ++c.pos;  // the escaped byte never opens or closes
        else if (ch == '(') ++depth;
        else if (ch == ')') --depth;
    }
    if (depth > 0 || c.pos > c.bytes.size()) return false;
    out.assign(c.bytes.substr(start, c.pos - start));
    return true;
}

// A hexadecimal string, delimiters included.
bool take_hex_string(cursor& c, std::string& out) {
    std::size_t end = c.bytes.find('>', c.pos);
    if (end == std::string_view::npos) return false;
    out.assign(c.bytes.substr(c.pos, end + 1 - c.pos));
    c.pos = end + 1;
    return true;
}

// Whether the token is a PDF number (digits with one optional sign and one optional point).
bool is_number(std::string_view t) {
    if (t.empty()) return false;
    std::size_t i = (t[0] == '+' || t[0] == '-') ? 1 : 0;
    bool digit = false, point = false;
    for (; i < t.size(); ++i) {
        if (t[i] >= '0' && t[i] <= '9') digit = true;
        else if (t[i] == '.' && !point) point = true;
        else return false;
    }
    return digit;
}

value parse_at(cursor& c, int depth);

// After an unsigned integer: "g R" makes it a reference; otherwise the cursor is put back.
bool try_reference(cursor& c, std::string_view first, value& out) {
    std::size_t back = c.pos;
    std::size_t generation = 0;
    if (c.take_count(generation) && c.take_keyword("R")) {
        out.kind = value_kind::reference;
        out.number = static_cast<std::uint32_t>(std::stoul(std::string(first)));
        out.generation = static_cast<std::uint32_t>(generation);
        return true;
    }
    c.pos = back;
    c.error.clear();
    return false;
}

// Entries up to ">>": a name, then a value, each time.
value parse_dictionary(cursor& c, int depth) {
    value v;
    v.kind = value_kind::dictionary;
    for (;;) {
        c.skip_space();
        if (c.bytes.substr(c.pos, 2) == ">>") {
            c.pos += 2;
            return v;
        }
        if (c.pos >= c.bytes.size() || c.bytes[c.pos] != '/') {
            c.error = "a dictionary key is not a name";
            return v;
        }
        ++c.pos;
        std::string key(take_regular(c));
        value item = parse_at(c, depth + 1);
        if (!c.error.empty()) return v;
        v.entries.emplace_back(std::move(key), std::move(item));
    }
}

// Items up to "]".
value parse_array(cursor& c, int depth) {
    value v;
    v.kind = value_kind::array;
    for (;;) {
        c.skip_space();
        if (c.pos < c.bytes.size() && c.bytes[c.pos] == ']') {
            ++c.pos;
            return v;
        }
        if (c.pos >= c.bytes.size()) {
            c.error = "an array is not closed";
            return v;
        }
        v.items.push_back(parse_at(c, depth + 1));
        if (!c.error.empty()) return v;
    }
}

// A bare token: number (maybe the start of a reference), true, false or null.
value parse_token(cursor& c) {
    value v;
    std::string_view t = take_regular(c);
    if (t == "true" || t == "false") {
        v.kind = value_kind::boolean;
        v.text.assign(t);
    } else if (t == "null") {
        v.kind = value_kind::null;
    } else if (is_number(t)) {
        bool whole = t.find_first_not_of("0123456789") == std::string_view::npos;
        if (!(whole && t.size() < 10 && try_reference(c, t, v))) {
            v.kind = value_kind::number;
            v.text.assign(t);
        }
    } else {
        c.error = t.empty() ? "unexpected character" : "unexpected keyword " + std::string(t);
    }
    return v;
}

// One value of any kind at the cursor.
value parse_at(cursor& c, int depth) {
    value v;
    c.skip_space();
    if (depth > max_depth) {
        c.error = "values nested too deep";
        return v;
    }
    if (c.pos >= c.bytes.size()) {
        c.error = "unexpected end of file";
        return v;
    }
    char ch = c.bytes[c.pos];
    if (ch == '/') {
        ++c.pos;
        v.kind = value_kind::name;
        v.text.assign(take_regular(c));
    } else if (ch == '(') {
        v.kind = value_kind::string;
        if (!take_literal_string(c, v.text)) c.error = "a string is not closed";
    } else if (c.bytes.substr(c.pos, 2) == "<<") {
        c.pos += 2;
        return parse_dictionary(c, depth);
    } else if (ch == '<') {
        v.kind = value_kind::string;
        if (!take_hex_string(c, v.text)) c.error = "a hexadecimal string is not closed";
    } else if (ch == '[') {
        ++c.pos;
        return parse_array(c, depth);
    } else {
        return parse_token(c);
    }
    return v;
}

// A literal string's bytes (between its parentheses) with escapes undone.
std::string literal_bytes(std::string_view t) {
    std::string out;
    for (std::size_t i = 1; i + 1 < t.size(); ++i) {
        if (t[i] != '\\') {
            out += t[i];
            continue;
        }
        if (i + 2 >= t.size()) break;  // a backslash before the closing parenthesis
        char e = t[++i];
        if (e >= '0' && e <= '7') {
            int code = 0;
            for (int k = 0; k < 3 && i + 1 < t.size() && t[i] >= '0' && t[i] <= '7'; ++k, ++i) code = code * 8 + (t[i] - '0');
            --i;
            out += static_cast<char>(code);
        } else if (e == 'n') out += '\n';
        else if (e == 'r') out += '\r';
        else if (e == 't') out += '\t';
        else if (e == 'b') out += '\b';
        else if (e == 'f') out += '\f';
        else if (e == '\r' || e == '\n') {}  // a line continuation
        else out += e;
    }
    return out;
}

// A hex string's bytes; white space skipped, an odd last digit followed by 0.
std::string hex_bytes(std::string_view t) {
    std::string digits;
    for (char c : t.substr(1, t.size() - 2))
        if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
    if (digits.size() % 2) digits += '0';
    std::string out;
    for (std::size_t i = 0; i < digits.size(); i += 2)
        out += static_cast<char>(std::strtol(digits.substr(i, 2).c_str(), nullptr, 16));
    return out;
}

}  // namespace

// Linear search: our dictionaries have a handful of entries.
const value* value::find(std::string_view key) const {
    if (kind != value_kind::dictionary) return nullptr;
    for (const auto& [k, v] : entries)
        if (k == key) return &v;
    return nullptr;
}

// The same lookup, for changing the entry.
value* value::find(std::string_view key) {
    const value& self = *this;
    return const_cast<value*>(self.find(key));
}

// A whole number that fits a size_t.
bool value::to_count(std::size_t& out) const {
    if (kind != value_kind::number || text.empty() || text.size() > 15) return false;
    if (text.find_first_not_of("0123456789") != std::string::npos) return false;
    out = static_cast<std::size_t>(std::stoull(text));
    return true;
}

// White space and % comments up to the next token.
void cursor::skip_space() {
    while (pos < bytes.size()) {
        if (is_space(bytes[pos])) {
            ++pos;
        } else if (bytes[pos] == '%') {
            while (pos < bytes.size() && bytes[pos] != '\n' && bytes[pos] != '\r') ++pos;
        } else {
            break;
        }
    }
}

// The keyword as a whole token, not the start of a longer one.
bool cursor::take_keyword(std::string_view word) {
    skip_space();
    if (bytes.substr(pos, word.size()) != word) return false;
    std::size_t end = pos + word.size();
    if (end < bytes.size() && !is_space(bytes[end]) && !is_delimiter(bytes[end])) return false;
    pos = end;
    return true;
}

// Digits only, at most 15 of them.
bool cursor::take_count(std::size_t& out) {
    skip_space();
    std::size_t start = pos;
    while (pos < bytes.size() && pos - start < 16 && bytes[pos] >= '0' && bytes[pos] <= '9') ++pos;
    bool ok = pos > start && pos - start <= 15 &&
              (pos >= bytes.size() || is_space(bytes[pos]) || is_delimiter(bytes[pos]));
    if (!ok) {
        pos = start;
        return false;
    }
    out = static_cast<std::size_t>(std::stoull(std::string(bytes.substr(start, pos - start))));
    return true;
}

// Parses one value from the cursor.
value parse_value(cursor& c) { return parse_at(c, 0); }

std::string string_bytes(const value& s) {
    if (s.kind != value_kind::string || s.text.size() < 2) return {};
    return s.text[0] == '(' ? literal_bytes(s.text) : hex_bytes(s.text);
}

value make_literal_string(std::string_view bytes) {
    value v;
    v.kind = value_kind::string;
    v.text.reserve(bytes.size() + 8);
    v.text = "(";
    for (char c : bytes) {
        if (c == '(' || c == ')' || c == '\\') v.text += '\\';
        if (c == '\r') v.text += "\\r";  // a raw CR would be read as a line end, LF
        else v.text += c;
    }
    v.text += ')';
    return v;
}

// References written with their own numbers.
void write_value_as_is(const value& v, std::string& out) {
    write_value(v, out, [](std::uint32_t n) { return n; });
}

}  // namespace pdf
