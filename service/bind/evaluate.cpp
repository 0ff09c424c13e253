// Owns the evaluation of fields against a record: paths, values, formatters, tests.
#include "bind/evaluate.hpp"

#include <utility>

#include "bind/bind.hpp"
#include "text/normalize.hpp"
#include "text/vietnamese.hpp"

namespace bind {

namespace {

// Plain text as one unstyled span.
record::inline_text plain_runs(std::string s) {
    record::span sp;
    sp.text = std::move(s);
    return {sp};
}

// A person as printed: the rank, a space, then the name held together, so that a line breaks
// after the rank rather than inside the name ("Thượng tá / Nguyễn Văn An"); the name's own
// spaces still break it when it alone is wider than the line.
record::inline_text person_runs(const std::string& rank, const std::string& name) {
    record::inline_text out;
    if (!rank.empty()) out = plain_runs(rank + " ");
    record::span n;
    n.text = name;
    n.keep_together = true;
    out.push_back(std::move(n));
    return out;
}

// Reads "HH:MM" (a programme step's time) into hour and minute.
bool read_clock(const std::string& s, int& hour, int& minute) {
    if (s.size() != 5 || s[2] != ':') return false;
    for (std::size_t i : {0u, 1u, 3u, 4u})
        if (s[i] < '0' || s[i] > '9') return false;
    hour = (s[0] - '0') * 10 + (s[1] - '0');
    minute = (s[3] - '0') * 10 + (s[4] - '0');
    return hour < 24 && minute < 60;
}

// The value of an attribute: text, and a number, a date or a time when it reads as one.
value attribute_value(const std::string& s) {
    value v;
    v.present = true;
    v.runs = plain_runs(s);
    bool digits = !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string::npos;
    if (digits) {
        v.has_integer = true;
        v.integer = std::stoll(s);
    }
    int y = 0, m = 0, d = 0;
    if (s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 && text::is_valid_date(y, m, d)) {
        v.has_date = true;
        v.date = {y, m, d};
    }
    v.has_time = read_clock(s, v.hour, v.minute);
    return v;
}

// The value of an element, printed as its type says when no formatter is given.
value node_value(const record::node& n) {
    value v;
    v.present = true;
    switch (n.type) {
        case record::value_type::text:
        case record::value_type::string:
            v.runs = n.runs.empty() ? plain_runs(n.str) : n.runs;
            break;
        case record::value_type::date:
            v.has_date = true;
            v.date = n.date();
            v.runs = plain_runs(text::format_date_short(v.date.year, v.date.month, v.date.day));
            break;
        case record::value_type::datetime:
            v.has_date = v.has_time = true;
            v.date = n.date();
            v.hour = n.hour();
            v.minute = n.minute();
            v.runs = plain_runs(text::format_time_words(v.hour, v.minute) + ", " +
                                text::format_date_words(v.date.year, v.date.month, v.date.day));
            break;
        case record::value_type::integer:
            v.has_integer = true;
            v.integer = n.integer();
            v.runs = plain_runs(std::to_string(v.integer));
            break;
        case record::value_type::none: {
            // A person prints as rank and name.
            const record::node* rank = n.child("rank");
            const record::node* name = n.child("name");
            v.runs = person_runs(rank && name ? rank->str : "", name ? name->str : "");
            break;
        }
    }
    return v;
}

// The plain text of a formatter's argument: its terms joined.
std::string argument_text(const std::vector<tmpl::term>& arg, const scope& sc, vanthu::diagnostics& problems) {
    std::string out;
    for (const tmpl::term& t : arg) {
        if (t.literal) out += t.text;
        else out += plain_text(evaluate_expr({t.path, {}}, sc, problems));
    }
    return out;
}

// The value of a template setting, or nullptr when the template does not set it.
const std::string* setting(const scope& sc, const std::string& name) {
    if (!sc.settings) return nullptr;
    auto found = sc.settings->find(name);
    return found == sc.settings->end() ? nullptr : &found->second;
}

// "5/BB-PC07" as NĐ30 writes it: a document number below 10 takes a leading zero ("05/BB-PC07").
std::string pad_document_number(const std::string& s) {
    std::size_t digits = s.find_first_not_of("0123456789");
    if (digits == std::string::npos) digits = s.size();
    if (digits == 1 && (s.size() == 1 || s[1] == '/')) return "0" + s;
    return s;
}

// A person as a signature prints it: rank and name, or the name alone when the template's
// signer-name setting says "name"; the name held together as person_runs holds it.
record::inline_text signer_name(const record::node& person, const scope& sc) {
    const record::node* name = person.child("name");
    const record::node* rank = person.child("rank");
    const std::string* how = setting(sc, "signer-name");
    const bool ranked = rank && name && !(how && *how == "name");
    return person_runs(ranked ? rank->str : "", name ? name->str : person.str);
}

// The title a person signs under: their <title>, else their position up to its first comma
// ("Phó Giám đốc Công an thành phố, Phó Trưởng Ban ..." signs as "Phó Giám đốc Công an thành phố").
std::string signing_title(const record::node& person) {
    if (const record::node* title = person.child("title")) return title->str;
    const record::node* position = person.child("position");
    if (!position) return {};
    return std::string(text::trim(std::string_view(position->str).substr(0, position->str.find(','))));
}

// The authority line of a signature (NĐ30 Art. 13): the person's <authority>; else a deputy
// ("Phó Giám đốc", not one "phụ trách") signs for the head: "KT. Giám đốc"; else none: a head
// signs in their own name, never "TM." (that is for a collective body).
std::string signing_authority(const record::node& person) {
    if (const record::node* authority = person.child("authority")) return authority->str;
    const std::string title = signing_title(person);
    const std::string deputy = "Phó ";
    if (title.rfind(deputy, 0) != 0 || text::to_lower(title).find("phụ trách") != std::string::npos) return {};
    return "KT. " + title.substr(deputy.size());
}

// Replaces the text of every span by f(text).
template <class F>
void map_runs(value& v, F f) {
    for (record::span& s : v.runs) s.text = f(s.text);
}

// Applies one formatter to a value.
void apply_formatter(const tmpl::formatter& f, value& v, const scope& sc, vanthu::diagnostics& problems) {
    if (f.name == "or") {
        if (!v.present || plain_text(v).empty()) {
            v = {};
            v.present = true;
            v.runs = plain_runs(argument_text(f.arg, sc, problems));
        }
        return;
    }
    if (!v.present) return;
    const std::string& n = f.name;
    std::string out;
    if (n == "upper") { map_runs(v, [](const std::string& s) { return text::to_upper(s); }); return; }
    if (n == "lower") { map_runs(v, [](const std::string& s) { return text::to_lower(s); }); return; }
    if (n == "doc-number") { v.runs = plain_runs(pad_document_number(plain_text(v))); return; }
    if (n == "verify-code" || n == "verify-url") {
        // A recipient of the record: its code (and address) when the render has a key.
        const std::string* id = v.node ? v.node->attribute("id") : nullptr;
        const record::node* reg = v.node ? v.node->child("register") : nullptr;
        std::string code = sc.verify && id ? verify_code(sc.verify->key, sc.rec->id, *id, reg ? reg->str : "") : "";
        if (n == "verify-url") code = sc.verify ? verify_url(*sc.verify, code) : "";
        v.present = !code.empty();
        v.runs = plain_runs(code);
        return;
    }
    if (n == "signer" || n == "authority" || n == "signing-title") {
        if (!v.node) return;
        v.runs = n == "signer" ? signer_name(*v.node, sc)
                 : plain_runs(n == "authority" ? signing_authority(*v.node) : signing_title(*v.node));
        return;
    }
    bool dated = n == "date" || n == "date-short" || n == "date-line";
    bool timed = n == "time" || n == "time-short" || n == "clock";
    if ((dated && !v.has_date) || (timed && !v.has_time) || (!dated && !timed && !v.has_integer)) {
        problems.warning({}, "formatter '" + n + "' cannot print '" + plain_text(v) + "'");
        return;
    }
    const record::civil_date& d = v.date;
    if (n == "date") out = text::format_date_words(d.year, d.month, d.day);
    else if (n == "date-short") out = text::format_date_short(d.year, d.month, d.day);
    else if (n == "date-line") out = text::format_date_line(argument_text(f.arg, sc, problems), d.year, d.month, d.day);
    else if (n == "time") out = text::format_time_words(v.hour, v.minute);
    else if (n == "time-short") out = std::to_string(v.hour) + " giờ " + text::pad_number(v.minute, 2);
    else if (n == "clock") out = text::pad_number(v.hour, 2) + " giờ " + text::pad_number(v.minute, 2);
    else if (n == "pad2") out = text::pad_number(v.integer, 2);
    else if (n == "pad3") out = text::pad_number(v.integer, 3);
    else if (n == "thousands") out = text::group_thousands(v.integer);
    else if (n == "words") out = text::number_in_words(v.integer);
    else if (n == "money-words") out = text::money_in_words(v.integer);
    value formatted;
    formatted.present = true;
    formatted.runs = plain_runs(out);
    v = formatted;
}

}  // namespace

namespace {

// Where a path starts: the innermost loop variable its first step names (that step then
// consumed), else the record's root.
std::pair<const record::node*, std::size_t> path_start(const std::vector<std::string>& steps, const scope& sc) {
    if (!steps.empty())
        for (auto f = sc.frames.rbegin(); f != sc.frames.rend(); ++f)
            if (f->var == steps.front()) return {f->node, 1};
    return {&sc.rec->root, 0};
}

// Whether a path names a setting of the template ({$chair-title}).
bool is_setting(const tmpl::field_path& p) { return p.steps.size() == 1 && p.steps.front()[0] == '$'; }

// Whether a step names an attribute (only the last step of a field may).
bool is_attribute_step(const std::string& step) { return !step.empty() && step[0] == '@'; }

// The first element in document order below n that the steps name, or nullptr.
const record::node* first_match(const record::node& n, std::vector<std::string>::const_iterator step,
                                std::vector<std::string>::const_iterator end) {
    if (step == end) return &n;
    for (const record::node& c : n.children) {
        if (*step != "*" && c.tag != *step) continue;
        if (const record::node* found = first_match(c, step + 1, end)) return found;
    }
    return nullptr;
}

// The first element the first `count` steps of a path name: what find_nodes gives first,
// found without collecting every match (a field prints one element).
const record::node* find_first_node(const std::vector<std::string>& steps, std::size_t count, const scope& sc) {
    if (count == 0) return &sc.rec->root;
    const auto [from, first] = path_start(steps, sc);
    const auto begin = steps.begin() + static_cast<std::ptrdiff_t>(first);
    const auto end = steps.begin() + static_cast<std::ptrdiff_t>(count);
    for (auto s = begin; s != end; ++s)
        if (is_attribute_step(*s)) return nullptr;
    return first_match(*from, begin, end);
}

}  // namespace

// Walks a path from the root or a loop variable, keeping every match.
std::vector<const record::node*> find_nodes(const tmpl::field_path& path, const scope& sc) {
    const auto [from, first] = path_start(path.steps, sc);
    std::vector<const record::node*> current{from};
    std::vector<const record::node*> next;  // reused from step to step
    for (auto step = path.steps.begin() + static_cast<std::ptrdiff_t>(first); step != path.steps.end(); ++step) {
        if (is_attribute_step(*step)) return {};
        next.clear();
        for (const record::node* n : current)
            for (const record::node& c : n->children)
                if (*step == "*" || c.tag == *step) next.push_back(&c);
        current.swap(next);
    }
    return current;
}

// The value of a field after its formatters.
value evaluate_expr(const tmpl::expr& e, const scope& sc, vanthu::diagnostics& problems) {
    value v;
    if (e.path.index) {
        int index = sc.frames.empty() ? 0 : sc.frames.back().index;
        v.present = true;
        v.has_integer = true;
        v.integer = index;
        v.runs = plain_runs(std::to_string(index));
    } else if (is_setting(e.path)) {
        if (const std::string* s = setting(sc, e.path.steps.front().substr(1))) v = attribute_value(*s);
    } else if (!e.path.steps.empty() && e.path.steps.back()[0] == '@') {
        const std::size_t owner_steps = e.path.steps.size() - 1;  // the path without its attribute
        const record::node* owner = owner_steps == 0 ? &sc.rec->root : find_first_node(e.path.steps, owner_steps, sc);
        const std::string* a = owner ? owner->attribute(std::string_view(e.path.steps.back()).substr(1)) : nullptr;
        if (a) {
            v = attribute_value(*a);
            v.node = owner;
        }
        else if (owner_steps == 0 && e.path.steps.back() == "@id") v = attribute_value(sc.rec->id);
        else if (owner_steps == 0 && e.path.steps.back() == "@kind" && !sc.rec->subkind.empty()) v = attribute_value(sc.rec->subkind);
    } else {
        if (const record::node* n = find_first_node(e.path.steps, e.path.steps.size(), sc)) {
            v = node_value(*n);
            v.node = n;
        }
    }
    for (const tmpl::formatter& f : e.filters) apply_formatter(f, v, sc, problems);
    return v;
}

// Template text as styled spans.
record::inline_text evaluate_text(const tmpl::template_text& t, const scope& sc, vanthu::diagnostics& problems) {
    record::inline_text out;
    for (const tmpl::text_piece& piece : t) {
        if (!piece.is_field) {
            out.push_back(plain_runs(piece.literal).front());
            continue;
        }
        value v = evaluate_expr(piece.field, sc, problems);
        out.insert(out.end(), v.runs.begin(), v.runs.end());
    }
    return out;
}

// Template text as plain text.
std::string evaluate_plain(const tmpl::template_text& t, const scope& sc, vanthu::diagnostics& problems) {
    value v;
    v.runs = evaluate_text(t, sc, problems);
    return plain_text(v);
}

// The text of a value without styles.
std::string plain_text(const value& v) {
    std::string out;
    for (const record::span& s : v.runs) out += s.line_break ? " " : s.text;
    return out;
}

// Whether an <if> test holds for the record.
bool evaluate_condition(const tmpl::condition& c, const scope& sc) {
    bool holds = false;
    vanthu::diagnostics ignored;
    if (c.what == tmpl::test_kind::same_day) {
        value a = evaluate_expr({c.path, {}}, sc, ignored), b = evaluate_expr({c.other, {}}, sc, ignored);
        holds = a.has_date && b.has_date && a.date.year == b.date.year && a.date.month == b.date.month &&
                a.date.day == b.date.day;
    } else if (c.what == tmpl::test_kind::is_tag) {
        std::vector<const record::node*> nodes = find_nodes(c.path, sc);
        holds = !nodes.empty() && nodes.front()->tag == c.literal;
    } else if (c.what == tmpl::test_kind::present || is_setting(c.path) || (!c.path.steps.empty() && c.path.steps.back()[0] == '@')) {
        value v = evaluate_expr({c.path, {}}, sc, ignored);
        std::string s = plain_text(v);
        if (c.what == tmpl::test_kind::present) holds = v.present;
        else if (c.what == tmpl::test_kind::starts_with) holds = v.present && s.rfind(c.literal, 0) == 0;
        else holds = v.present && s == c.literal;
    } else {
        // A comparison holds when any element the path names matches.
        for (const record::node* n : find_nodes(c.path, sc)) {
            std::string s = plain_text(node_value(*n));
            holds = holds || (c.what == tmpl::test_kind::starts_with ? s.rfind(c.literal, 0) == 0 : s == c.literal);
        }
    }
    if (c.what == tmpl::test_kind::not_equals) holds = !holds;
    return c.negate ? !holds : holds;
}

}  // namespace bind
