// Owns building PDF values for the signer and reading and writing text strings.
#include "sign/cos.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace sign {

namespace {

// Appends the code point as UTF-8.
void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) out += {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    else if (cp < 0x10000)
        out += {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                static_cast<char>(0x80 | (cp & 0x3F))};
    else
        out += {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
                static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
}

// The code points of UTF-8 text; a malformed byte gives U+FFFD.
std::u32string utf8_code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
        if (n == 0 || i + n > s.size()) {
            out += U'\uFFFD';
            ++i;
            continue;
        }
        char32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
        for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out += cp;
        i += n;
    }
    return out;
}

}  // namespace

pdf::value make_number(double number) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", number);
    std::string s = text;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    pdf::value v;
    v.kind = pdf::value_kind::number;
    v.text = s;
    return v;
}

void set_entry(pdf::value& dictionary, const std::string& key, pdf::value item) {
    if (pdf::value* old = dictionary.find(key)) *old = std::move(item);
    else dictionary.entries.emplace_back(key, std::move(item));
}

void remove_entry(pdf::value& dictionary, std::string_view key) {
    auto& e = dictionary.entries;
    e.erase(std::remove_if(e.begin(), e.end(), [&](const auto& entry) { return entry.first == key; }), e.end());
}

pdf::value make_text(std::string_view utf8) {
    pdf::value v;
    v.kind = pdf::value_kind::string;
    bool plain = std::all_of(utf8.begin(), utf8.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
    if (plain) {
        v.text = "(";
        for (char c : utf8) {
            if (c == '(' || c == ')' || c == '\\') v.text += '\\';
            v.text += c;
        }
        v.text += ')';
        return v;
    }
    v.text = "<FEFF";
    char unit[16];
    for (char32_t cp : utf8_code_points(utf8)) {
        if (cp >= 0x10000) {
            cp -= 0x10000;
            std::snprintf(unit, sizeof unit, "%04X%04X", 0xD800 + static_cast<unsigned>(cp >> 10),
                          0xDC00 + static_cast<unsigned>(cp & 0x3FF));
        } else {
            std::snprintf(unit, sizeof unit, "%04X", static_cast<unsigned>(cp));
        }
        v.text += unit;
    }
    v.text += '>';
    return v;
}

std::string decode_text(const pdf::value& s) {
    std::string bytes = pdf::string_bytes(s);
    if (bytes.size() < 2 || bytes[0] != '\xFE' || bytes[1] != '\xFF') return bytes;  // PDFDocEncoding ~ ASCII here
    std::string out;
    for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
        char32_t unit = (static_cast<unsigned char>(bytes[i]) << 8) | static_cast<unsigned char>(bytes[i + 1]);
        if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < bytes.size()) {
            char32_t low = (static_cast<unsigned char>(bytes[i + 2]) << 8) | static_cast<unsigned char>(bytes[i + 3]);
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        }
        append_utf8(out, unit);
    }
    return out;
}

bool read_rect(const pdf::value& a, rect& out) {
    if (a.kind != pdf::value_kind::array || a.items.size() != 4) return false;
    double n[4];
    for (std::size_t i = 0; i < 4; ++i) {
        if (a.items[i].kind != pdf::value_kind::number) return false;
        n[i] = std::strtod(a.items[i].text.c_str(), nullptr);
    }
    out = {std::min(n[0], n[2]), std::min(n[1], n[3]), std::max(n[0], n[2]), std::max(n[1], n[3])};
    return true;
}

pdf::value make_rect(const rect& r) {
    pdf::value a = make_array();
    for (double n : {r.x0, r.y0, r.x1, r.y1}) a.items.push_back(make_number(n));
    return a;
}

}  // namespace sign
