// Owns the checking of field paths, loops, tests and formatters against the record schema.
#include "tmpl/loader.hpp"

namespace tmpl {

namespace {

// Root attributes every record has, which the schema lookup need not know.
bool is_root_attribute(const std::vector<std::string>& steps) {
    return steps.size() == 1 && (steps[0] == "@id" || steps[0] == "@kind" || steps[0] == "@template" || steps[0] == "@schema");
}

// Whether a path names a setting of the template ({$chair-title}).
bool is_setting(const field_path& p) { return p.steps.size() == 1 && p.steps.front()[0] == '$'; }

// The message for a path the schema (or the template's settings) does not know.
std::string unknown_field(const field_path& p, record::kind k) {
    if (is_setting(p))
        return "unknown setting '" + p.written + "' (declare it: <set name=\"" + p.written.substr(1) + "\" value=\"...\"/>)";
    return "unknown field '" + p.written + "' in a " + record::kind_name(k) + " record";
}

// A short word for a value type, for messages.
const char* type_word(record::value_type t) {
    switch (t) {
        case record::value_type::none: return "a group of elements";
        case record::value_type::string: return "text";
        case record::value_type::text: return "text";
        case record::value_type::date: return "a date";
        case record::value_type::datetime: return "a date and time";
        case record::value_type::integer: return "a number";
    }
    return "text";
}

// Whether formatter f can take a value of type t; `what` says what it needs.
bool accepts(const std::string& f, record::value_type t, bool attribute, std::string& what) {
    using vt = record::value_type;
    if (f == "date" || f == "date-short" || f == "date-line") {
        what = "a date";
        return t == vt::date || t == vt::datetime || (attribute && t == vt::string);
    }
    if (f == "time" || f == "time-short" || f == "clock") {
        what = "a date and time";
        return t == vt::datetime || (attribute && t == vt::string);
    }
    if (f == "signer" || f == "authority" || f == "signing-title") {
        what = "a person";
        return t == vt::none && !attribute;
    }
    if (f == "verify-code" || f == "verify-url") {
        what = "a recipient";
        return t == vt::none && !attribute;
    }
    if (f == "doc-number") {
        what = "text";
        return t == vt::string || t == vt::text;
    }
    if (f == "pad2" || f == "pad3" || f == "thousands" || f == "words" || f == "money-words") {
        what = "a number";
        return t == vt::integer || (attribute && t == vt::string);
    }
    return true;
}

}  // namespace

// Makes a loop variable known.
void loader::push_scope(const std::string& var, std::vector<std::string> steps) { scopes_.emplace_back(var, std::move(steps)); }

// Forgets the innermost loop variable.
void loader::pop_scope() { scopes_.pop_back(); }

// The schema steps of a path (loop variables replaced) and what the schema says of them.
bool loader::resolve_path(const field_path& p, std::vector<std::string>& steps, record::field_info& info) const {
    steps.clear();
    auto first = p.steps.begin();
    for (auto s = scopes_.rbegin(); s != scopes_.rend(); ++s) {
        if (!p.steps.empty() && s->first == p.steps.front()) {
            steps = s->second;
            ++first;
            break;
        }
    }
    steps.insert(steps.end(), first, p.steps.end());
    if (is_setting(p)) {
        info = {def.settings.count(p.steps.front().substr(1)) > 0, false, true, record::value_type::string};
        return info.exists;
    }
    if (is_root_attribute(steps)) {
        info = {true, false, true, record::value_type::string};
        return true;
    }
    if (steps.empty()) return false;
    info = record::lookup_field(def.kind, steps);
    return info.exists;
}

// Checks a field's path, its formatters' arguments and that each formatter fits the value.
void loader::check_expr(const expr& e, const vanthu::location& at) {
    std::vector<std::string> steps;
    record::field_info info;
    if (e.path.index) {
        if (scopes_.empty()) error(at, "'{#}' is only allowed inside <for>");
        info = {true, false, false, record::value_type::integer};
    } else if (!resolve_path(e.path, steps, info)) {
        error(at, unknown_field(e.path, def.kind));
        return;
    }
    record::value_type type = info.type;
    bool checked = true;  // the value still has the field's type
    for (const formatter& f : e.filters) {
        for (const term& t : f.arg) {
            std::vector<std::string> arg_steps;
            record::field_info arg_info;
            if (!t.literal && !t.path.index && !resolve_path(t.path, arg_steps, arg_info))
                error(at, unknown_field(t.path, def.kind));
        }
        if (f.name == "or" || f.name == "upper" || f.name == "lower") continue;
        std::string needs;
        if (checked && !(info.attribute && type == record::value_type::none) && !accepts(f.name, type, info.attribute, needs))
            error(at, "formatter '" + f.name + "' needs " + needs + ", '" + e.path.written + "' is " + type_word(type));
        checked = false;
    }
}

// Checks every field of a template text.
void loader::check_text(const template_text& t, const vanthu::location& at) {
    for (const text_piece& piece : t)
        if (piece.is_field) check_expr(piece.field, at);
}

// Checks the path a <for> walks.
bool loader::check_each(const field_path& p, const vanthu::location& at, std::vector<std::string>& steps) {
    record::field_info info;
    if (p.index || !resolve_path(p, steps, info) || info.attribute) {
        error(at, unknown_field(p, def.kind));
        return false;
    }
    return true;
}

// Checks the path of a test and, for "c is tag", that such a child exists.
void loader::check_condition(const condition& c, const vanthu::location& at) {
    std::vector<std::string> steps;
    record::field_info info;
    if (!resolve_path(c.path, steps, info)) {
        error(at, unknown_field(c.path, def.kind));
        return;
    }
    if (c.what == test_kind::same_day) {
        std::vector<std::string> other_steps;
        record::field_info other;
        std::string needs;
        if (!resolve_path(c.other, other_steps, other))
            error(at, unknown_field(c.other, def.kind));
        else if (!accepts("date", info.type, info.attribute, needs) || !accepts("date", other.type, other.attribute, needs))
            error(at, "'same-day' compares two dates, e.g. 'ended same-day started'");
        return;
    }
    if (c.what != test_kind::is_tag) return;
    bool is_variable = false;
    for (const auto& s : scopes_) is_variable = is_variable || s.first == c.path.steps.front();
    if (!is_variable) {
        error(at, "'" + c.path.written + " is ...' needs a loop variable");
        return;
    }
    std::vector<std::string> narrowed(steps.begin(), steps.end() - 1);
    narrowed.push_back(c.literal);
    if (!record::lookup_field(def.kind, narrowed).exists)
        error(at, "unknown element <" + c.literal + "> for '" + c.path.written + "' in a " + record::kind_name(def.kind) + " record");
}

std::vector<std::string> loader::narrow_scope(const condition& c) const {
    // The then-branch of "c is speech" knows that c is a speech.
    std::vector<std::string> steps;
    record::field_info info;
    if (c.what != test_kind::is_tag || c.negate || !resolve_path(c.path, steps, info)) return {};
    steps.back() = c.literal;
    return steps;
}

}  // namespace tmpl
