// Owns the reading of attribute values: lengths and their units, numbers, colours, flags.
#include "tmpl/units.hpp"

#include <cstdlib>

namespace tmpl {

namespace {

// A failed read with its message.
read_status fail(std::string message) { return {false, std::move(message)}; }

// The number at the front of s and where it ends; false when s does not start with one.
bool split_number(std::string_view s, double& value, std::size_t& end) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    }
    if (digits == 0) return false;
    value = std::strtod(std::string(s.substr(0, i)).c_str(), nullptr);
    end = i;
    return true;
}

}  // namespace

// The length in points, a percentage taken of whole.
double length::points(double whole) const {
    switch (u) {
        case unit::pt: return value;
        case unit::mm: return value * 72.0 / 25.4;
        case unit::cm: return value * 720.0 / 25.4;
        case unit::percent: return value * whole / 100.0;
    }
    return value;
}

// Reads "12mm", "1.27cm", "14pt" or (when allowed) "40%".
read_status read_length(std::string_view s, bool allow_percent, length& out) {
    double value = 0;
    std::size_t end = 0;
    if (!split_number(s, value, end)) return fail("bad number '" + std::string(s) + "'");
    std::string_view suffix = s.substr(end);
    if (suffix == "pt") out.u = unit::pt;
    else if (suffix == "mm") out.u = unit::mm;
    else if (suffix == "cm") out.u = unit::cm;
    else if (suffix == "%" && allow_percent) out.u = unit::percent;
    else if (suffix == "%") return fail("a percentage is not allowed here: '" + std::string(s) + "' (use mm, cm or pt)");
    else if (suffix.empty()) return fail("missing unit in '" + std::string(s) + "' (use mm, cm" + (allow_percent ? ", pt or %)" : " or pt)"));
    else return fail("bad unit '" + std::string(suffix) + "' in '" + std::string(s) + "' (use mm, cm" + (allow_percent ? ", pt or %)" : " or pt)"));
    if (value < 0) return fail("negative length '" + std::string(s) + "'");
    out.value = value;
    return {};
}

// Reads a plain decimal number.
read_status read_number(std::string_view s, double& out) {
    std::size_t end = 0;
    if (!split_number(s, out, end) || end != s.size()) return fail("bad number '" + std::string(s) + "'");
    return {};
}

// Reads a small whole number.
read_status read_integer(std::string_view s, int& out) {
    if (s.empty() || s.size() > 6) return fail("bad number '" + std::string(s) + "'");
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return fail("bad number '" + std::string(s) + "'");
        v = v * 10 + (c - '0');
    }
    out = v;
    return {};
}

// Reads "#rrggbb" or a colour name.
read_status read_color(std::string_view s, model::color& out) {
    if (s == "black") { out = {0, 0, 0}; return {}; }
    if (s == "red") { out = {0.8, 0, 0}; return {}; }
    if (s == "blue") { out = {0, 0, 0.6}; return {}; }
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (s.size() != 7 || s[0] != '#') return fail("bad colour '" + std::string(s) + "' (use #rrggbb, black, red or blue)");
    double parts[3];
    for (int i = 0; i < 3; ++i) {
        int hi = hex(s[1 + 2 * i]), lo = hex(s[2 + 2 * i]);
        if (hi < 0 || lo < 0) return fail("bad colour '" + std::string(s) + "' (use #rrggbb, black, red or blue)");
        parts[i] = (hi * 16 + lo) / 255.0;
    }
    out = {parts[0], parts[1], parts[2]};
    return {};
}

// Reads yes or no.
read_status read_flag(std::string_view s, bool& out) {
    if (s == "yes") { out = true; return {}; }
    if (s == "no") { out = false; return {}; }
    return fail("expected yes or no, not '" + std::string(s) + "'");
}

// Reads an alignment.
read_status read_align(std::string_view s, model::align& out) {
    if (s == "left") out = model::align::left;
    else if (s == "center") out = model::align::center;
    else if (s == "right") out = model::align::right;
    else if (s == "justify") out = model::align::justify;
    else return fail("bad alignment '" + std::string(s) + "' (use left, center, right or justify)");
    return {};
}

}  // namespace tmpl
