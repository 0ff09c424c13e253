// Owns the syntax of template text: {path|formatter(arg)} fields and <if> tests.
#include "tmpl/parse_text.hpp"

namespace tmpl {

namespace {

// Whether c may appear in a name (a step, a variable, a formatter).
bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

// Skips spaces from pos.
void skip_spaces(std::string_view s, std::size_t& pos) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) ++pos;
}

// The end of the field that starts at s[open] == '{', skipping quoted literals; npos when unclosed.
std::size_t find_field_end(std::string_view s, std::size_t open) {
    bool quoted = false;
    for (std::size_t i = open + 1; i < s.size(); ++i) {
        if (s[i] == '\'') quoted = !quoted;
        else if (!quoted && s[i] == '}') return i;
        else if (!quoted && s[i] == '{') return std::string_view::npos;
    }
    return std::string_view::npos;
}

// Reads a path token (no spaces) at pos; empty when there is none.
std::string_view take_path_token(std::string_view s, std::size_t& pos) {
    std::size_t start = pos;
    while (pos < s.size() && (is_name_char(s[pos]) || s[pos] == '/' || s[pos] == '@' || s[pos] == '*' || s[pos] == '#' || s[pos] == '$'))
        ++pos;
    return s.substr(start, pos - start);
}

// Reads one formatter argument: terms joined by '+'. pos is after '(' and ends after ')'.
bool parse_argument(std::string_view s, std::size_t& pos, std::vector<term>& out, std::string& error) {
    for (;;) {
        skip_spaces(s, pos);
        term t;
        if (pos < s.size() && s[pos] == '\'') {
            std::size_t close = s.find('\'', pos + 1);
            if (close == std::string_view::npos) { error = "unclosed quote"; return false; }
            t.text = std::string(s.substr(pos + 1, close - pos - 1));
            pos = close + 1;
        } else {
            t.literal = false;
            std::string_view token = take_path_token(s, pos);
            if (!parse_field_path(token, t.path)) { error = "bad argument '" + std::string(token) + "'"; return false; }
        }
        out.push_back(std::move(t));
        skip_spaces(s, pos);
        if (pos < s.size() && s[pos] == '+') { ++pos; continue; }
        if (pos < s.size() && s[pos] == ')') { ++pos; return true; }
        error = "expected '+' or ')' in the argument";
        return false;
    }
}

// Reads "|name" or "|name(arg)" at pos (after the '|'); reports and returns false on error.
bool parse_formatter(std::string_view s, std::size_t base, std::size_t& pos, expr& out, const report_fn& report) {
    skip_spaces(s, pos);
    std::size_t start = pos;
    while (pos < s.size() && is_name_char(s[pos])) ++pos;
    formatter f;
    f.name = std::string(s.substr(start, pos - start));
    if (f.name.empty()) { report(base + start, "missing formatter name after '|'"); return false; }
    bool needs_arg = false;
    if (!is_known_formatter(f.name, needs_arg)) { report(base + start, "unknown formatter '" + f.name + "'"); return false; }
    skip_spaces(s, pos);
    bool has_arg = pos < s.size() && s[pos] == '(';
    if (has_arg) {
        ++pos;
        std::string error;
        if (!parse_argument(s, pos, f.arg, error)) { report(base + start, "formatter '" + f.name + "': " + error); return false; }
    }
    if (needs_arg && !has_arg) { report(base + start, "formatter '" + f.name + "' needs an argument"); return false; }
    if (!needs_arg && has_arg) { report(base + start, "formatter '" + f.name + "' takes no argument"); return false; }
    out.filters.push_back(std::move(f));
    return true;
}

}  // namespace

// Whether a formatter exists, and whether it needs an argument.
bool is_known_formatter(const std::string& name, bool& needs_arg) {
    static const char* const plain[] = {"upper", "lower", "date", "date-short", "time", "time-short", "clock", "pad2", "pad3",
                                        "thousands", "words", "money-words", "doc-number", "signer", "authority", "signing-title",
                                        "verify-code", "verify-url"};
    needs_arg = name == "or" || name == "date-line";
    if (needs_arg) return true;
    for (const char* p : plain)
        if (name == p) return true;
    return false;
}

// Reads "a/b/@c", "*" steps or "#".
bool parse_field_path(std::string_view s, field_path& out) {
    out = {};
    out.written = std::string(s);
    if (s == "#") { out.index = true; return true; }
    if (!s.empty() && s.front() == '$') {  // a setting of the template: one step, a name
        if (s.size() == 1) return false;
        for (char c : s.substr(1))
            if (!is_name_char(c)) return false;
        out.steps.emplace_back(s);
        return true;
    }
    if (s.empty() || s.front() == '/' || s.back() == '/') return false;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t slash = s.find('/', start);
        std::string_view step = s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        bool attribute = !step.empty() && step[0] == '@';
        std::string_view name = attribute ? step.substr(1) : step;
        if (name.empty() || step == "." || step == "..") return false;
        if (name != "*") {
            for (char c : name)
                if (!is_name_char(c)) return false;
        }
        out.steps.emplace_back(step);
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return true;
}

// Reads the inside of {braces}: a path and its formatters.
bool parse_expr(std::string_view s, std::size_t base, expr& out, const report_fn& report) {
    std::size_t pos = 0;
    skip_spaces(s, pos);
    std::size_t start = pos;
    std::string_view token = take_path_token(s, pos);
    if (token.empty()) { report(base, s.find_first_not_of(" ") == std::string_view::npos ? "empty field '{}'" : "bad field '{" + std::string(s) + "}'"); return false; }
    if (!parse_field_path(token, out.path)) { report(base + start, "bad field path '" + std::string(token) + "'"); return false; }
    for (;;) {
        skip_spaces(s, pos);
        if (pos >= s.size()) return true;
        if (s[pos] != '|') { report(base + pos, "bad field '{" + std::string(s) + "}': expected '|' or '}'"); return false; }
        ++pos;
        if (!parse_formatter(s, base, pos, out, report)) return false;
    }
}

// Splits text into literals and {fields}.
template_text parse_template_text(std::string_view s, const report_fn& report) {
    template_text out;
    std::string literal;
    std::size_t literal_start = 0;
    auto flush = [&] {
        if (!literal.empty()) out.push_back({false, literal, {}, literal_start});
        literal.clear();
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '{') { literal += '{'; ++i; continue; }
        if (s[i] == '}' && i + 1 < s.size() && s[i + 1] == '}') { literal += '}'; ++i; continue; }
        if (s[i] == '}') { report(i, "unmatched '}' (write '}}' for a brace)"); continue; }
        if (s[i] != '{') {
            if (literal.empty()) literal_start = i;
            literal += s[i];
            continue;
        }
        std::size_t close = find_field_end(s, i);
        if (close == std::string_view::npos) { report(i, "unclosed '{'"); return out; }
        flush();
        text_piece piece;
        piece.is_field = true;
        piece.offset = i;
        if (parse_expr(s.substr(i + 1, close - i - 1), i + 1, piece.field, report)) out.push_back(std::move(piece));
        i = close;
    }
    flush();
    return out;
}

// Reads the test of an <if>.
bool parse_condition(std::string_view s, condition& out, const report_fn& report) {
    out = {};
    std::size_t pos = 0;
    skip_spaces(s, pos);
    if (s.substr(pos, 4) == "not " ) { out.negate = true; pos += 4; skip_spaces(s, pos); }
    std::size_t start = pos;
    std::string_view token = take_path_token(s, pos);
    if (token.empty() || !parse_field_path(token, out.path) || out.path.index) {
        report(start, "bad test '" + std::string(s) + "' (write a path, 'var is tag', 'path = 'text'' or 'not ...')");
        return false;
    }
    skip_spaces(s, pos);
    if (pos == s.size()) return true;
    if (s.substr(pos, 3) == "is ") {
        pos += 3;
        skip_spaces(s, pos);
        std::string_view tag = take_path_token(s, pos);
        skip_spaces(s, pos);
        if (tag.empty() || pos != s.size() || out.path.steps.size() != 1) { report(start, "bad test '" + std::string(s) + "': write 'variable is tag'"); return false; }
        out.what = test_kind::is_tag;
        out.literal = std::string(tag);
        return true;
    }
    if (s.substr(pos, 9) == "same-day ") {
        pos += 9;
        skip_spaces(s, pos);
        std::string_view other = take_path_token(s, pos);
        skip_spaces(s, pos);
        if (other.empty() || pos != s.size() || !parse_field_path(other, out.other) || out.other.index) {
            report(start, "bad test '" + std::string(s) + "': write 'date same-day other-date'");
            return false;
        }
        out.what = test_kind::same_day;
        return true;
    }
    bool negated_eq = s.substr(pos, 2) == "!=";
    bool prefix = s.substr(pos, 12) == "starts-with ";
    if (!negated_eq && !prefix && s.substr(pos, 1) != "=") {
        report(pos, "bad test '" + std::string(s) + "': expected 'is', '=', '!=', 'starts-with' or 'same-day'");
        return false;
    }
    pos += prefix ? 12 : negated_eq ? 2 : 1;
    skip_spaces(s, pos);
    std::size_t close = pos < s.size() && s[pos] == '\'' ? s.find('\'', pos + 1) : std::string_view::npos;
    if (close == std::string_view::npos || s.find_first_not_of(" ", close + 1) != std::string_view::npos) {
        report(pos, "bad test '" + std::string(s) + "': compare with a quoted text, e.g. = 'pledge'");
        return false;
    }
    out.what = prefix ? test_kind::starts_with : negated_eq ? test_kind::not_equals : test_kind::equals;
    out.literal = std::string(s.substr(pos + 1, close - pos - 1));
    return true;
}

}  // namespace tmpl
