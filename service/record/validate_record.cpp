// Owns step 4 of parse_record: checking the parsed tree against the schema, collecting every problem.
#include "record/steps.hpp"

#include <map>
#include <set>

#include "text/vietnamese.hpp"

namespace record::detail {

namespace {

// Diagnostics after which validation stops.
constexpr std::size_t max_problems = 100;

using schema::attribute_check;
using schema::attribute_rule;
using schema::element_rule;

// "<a>, <b> or <c>" from the tags of rules, for the "expected" part of messages.
std::string list_tags(const std::vector<const element_rule*>& rules) {
    std::string out;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (i > 0) out += i + 1 == rules.size() ? " or " : ", ";
        out += "<" + std::string(rules[i]->tag) + ">";
    }
    return out.empty() ? "no child element" : out;
}

// "a, b or c" from a '|'-separated list of choices.
std::string list_choices(std::string_view choices) {
    std::string out;
    std::size_t start = 0;
    while (start <= choices.size()) {
        std::size_t bar = choices.find('|', start);
        if (bar == std::string_view::npos) bar = choices.size();
        if (!out.empty()) out += bar == choices.size() ? " or " : ", ";
        out += choices.substr(start, bar - start);
        start = bar + 1;
    }
    return out;
}

// Whether a value is one of the '|'-separated choices.
bool is_choice(std::string_view value, std::string_view choices) {
    std::size_t start = 0;
    while (start <= choices.size()) {
        std::size_t bar = choices.find('|', start);
        if (bar == std::string_view::npos) bar = choices.size();
        if (choices.substr(start, bar - start) == value) return true;
        start = bar + 1;
    }
    return false;
}

// Whether every character is in [A-Za-z0-9] or in `extra`.
bool only_chars(std::string_view s, std::string_view extra) {
    for (char c : s) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && extra.find(c) == std::string_view::npos) return false;
    }
    return true;
}

// A value quoted for a message, cut after 60 characters: a 1 MB attribute is not echoed whole.
std::string quote_value(std::string_view v) {
    constexpr int most = 60;
    std::size_t end = 0;
    for (int chars = 0; end < v.size() && chars < most; ++chars) {
        ++end;
        while (end < v.size() && (static_cast<unsigned char>(v[end]) & 0xC0) == 0x80) ++end;
    }
    if (end >= v.size()) return "'" + std::string(v) + "'";
    return "'" + std::string(v.substr(0, end)) + "\xE2\x80\xA6' (" + std::to_string(v.size()) + " bytes)";
}

// Whether a string has no characters but XML whitespace.
bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// The walk over the tree; every check adds to problems and goes on.
class validator {
public:
    validator(kind k, const source_text& src, vanthu::diagnostics& problems)
        : kind_(k), src_(src), problems_(problems) {}

    // Whether enough errors were found: the walk stops there (a record with a million bad
    // elements must not take a million locate calls nor print a million lines).
    bool saturated() const { return problems_.items.size() >= max_problems; }

    // Checks an element, its attributes and its content, against its rule.
    void check_element(const pugi::xml_node& e, const element_rule& rule, const std::string& path) {
        check_attributes(e, rule, path);
        switch (rule.type) {
            case value_type::none: check_children(e, rule, path); break;
            case value_type::text: check_inline(e, e, path); break;
            default: check_value(e, rule, path); break;
        }
    }

    // Checks the rules that depend on the root's kind attribute (pledge).
    void check_pledge(const pugi::xml_node& root, const std::string& path) {
        const pugi::xml_node parties = root.child("parties");
        if (!parties) {
            problems_.error(src_.locate_element(root, path), "missing <parties>",
                            "a pledge needs at least 2 parties");
        } else {
            int count = 0;
            for (pugi::xml_node p = parties.child("party"); p; p = p.next_sibling("party")) ++count;
            if (count == 1)
                problems_.error(src_.locate_element(parties, path + "/parties"),
                                "a pledge has 1 party (expected at least 2)");
        }
        if (!root.child("commitments"))
            problems_.error(src_.locate_element(root, path), "missing <commitments>",
                            "a pledge lists what the parties commit to");
    }

    // Checks what depends on two elements of a meeting: it cannot end before it starts.
    void check_meeting(const pugi::xml_node& root, const std::string& path) {
        const pugi::xml_node started = root.child("started"), ended = root.child("ended");
        if (!started || !ended) return;
        const std::string from_raw = raw_content(started), to_raw = raw_content(ended);
        const std::string_view from = trim_blank(from_raw), to = trim_blank(to_raw);
        civil_date d;
        int h = 0, m = 0;
        if (!read_datetime(from, d, h, m) || !read_datetime(to, d, h, m) || !(to < from)) return;  // ISO text orders as time does
        problems_.error(src_.locate_value(ended, path + "/ended"),
                        "the meeting ends (" + std::string(to) + ") before it starts (" + std::string(from) + ")",
                        "check the date and time of <started> and <ended>");
    }

    // Warns when the archive line of "Nơi nhận" ("Lưu: ...") is there but not last: NĐ30
    // puts it at the end of the list (a template adds it at the end when the record has none).
    void check_distribution(const pugi::xml_node& root, const std::string& path) {
        const pugi::xml_node list = root.child("distribution");
        if (!list) return;
        pugi::xml_node archive, last;
        int index = 0, archive_index = 0;
        for (pugi::xml_node to = list.child("to"); to; to = to.next_sibling("to")) {
            ++index;
            last = to;
            const std::string text = raw_content(to);
            if (!archive && trim_blank(text).substr(0, 4) == "Lưu") {
                archive = to;
                archive_index = index;
            }
        }
        if (!archive || archive == last) return;
        const std::string apath = path + "/distribution/to[" + std::to_string(archive_index) + "]";
        problems_.warning(src_.locate_element(archive, apath), "the archive line 'Lưu: ...' is not the last line of Nơi nhận",
                          "move it to the end of <distribution>");
    }

    // Flags a namespaced tag; true when the tag has a prefix.
    bool reject_namespace(const pugi::xml_node& e, const std::string& path) {
        if (std::string_view(e.name()).find(':') == std::string_view::npos) return false;
        problems_.error(src_.locate_element(e, path),
                        "namespaced element <" + std::string(e.name()) + "> is not allowed",
                        "records use no XML namespace");
        return true;
    }

private:
    // Each attribute known and valid, each required one present.
    void check_attributes(const pugi::xml_node& e, const element_rule& rule, const std::string& path) {
        std::set<std::string_view> seen;
        for (pugi::xml_attribute a = e.first_attribute(); a && !saturated(); a = a.next_attribute()) {
            const std::string_view name = a.name();
            const std::string apath = path + "/@" + std::string(name);
            if (!seen.insert(name).second) {  // pugixml does not check this well-formedness rule
                problems_.error(src_.locate_element(e, apath), "malformed XML: attribute " + std::string(name) +
                                                                   " given twice on <" + e.name() + ">");
                continue;
            }
            if (name == "xmlns" || name.substr(0, 6) == "xmlns:" || name.find(':') != std::string_view::npos) {
                problems_.error(src_.locate_attribute(e, name, apath),
                                "namespace attribute " + std::string(name) + " is not allowed",
                                "records use no XML namespace");
                continue;
            }
            const attribute_rule* ar = schema::find_attribute(rule, name);
            if (ar == nullptr) {
                problems_.error(src_.locate_attribute(e, name, apath),
                                "unknown attribute " + std::string(name) + " on <" + rule.tag + ">",
                                expected_attributes(rule));
                continue;
            }
            check_attribute_value(e, *ar, a.value(), apath);
        }
        for (const attribute_rule& ar : rule.attributes) {
            if (!ar.required || e.attribute(ar.name)) continue;
            std::string hint = ar.check == attribute_check::one_of ? "expected " + list_choices(ar.choices)
                               : ar.check == attribute_check::schema_version ? std::string("expected schema=\"1\"")
                                                                             : std::string();
            problems_.error(src_.locate_element(e, path), "missing attribute " + std::string(ar.name), hint);
        }
    }

    // "expected one of: a, b" for an element's attributes.
    static std::string expected_attributes(const element_rule& rule) {
        if (rule.attributes.empty()) return "<" + std::string(rule.tag) + "> takes no attribute";
        std::string out = "expected ";
        for (std::size_t i = 0; i < rule.attributes.size(); ++i)
            out += (i == 0 ? "" : ", ") + std::string(rule.attributes[i].name);
        return out;
    }

    // An attribute's value against its type and check.
    void check_attribute_value(const pugi::xml_node& e, const attribute_rule& ar, std::string_view v,
                               const std::string& apath) {
        // Located only when the value is wrong: finding an attribute reads its start tag.
        struct lazy_location {
            const source_text& src;
            const pugi::xml_node& e;
            const char* name;
            const std::string& path;
            operator vanthu::location() const { return src.locate_attribute(e, name, path); }
        } where{src_, e, ar.name, apath};
        const auto quoted = [v] { return quote_value(v); };
        civil_date d;
        std::int64_t n = 0;
        int h = 0;
        int m = 0;
        if (ar.type == value_type::date && !read_date(v, d))
            problems_.error(where, quoted() + " is not a date (expected YYYY-MM-DD)");
        else if (ar.type == value_type::integer && !read_integer(v, n))
            problems_.error(where, quoted() + " is not a whole number (expected digits)");
        else if (ar.check == attribute_check::schema_version && v != "1")
            problems_.error(where, "unsupported schema " + quoted() + " (expected \"1\")");
        else if (ar.check == attribute_check::record_id && !is_record_id(v))
            problems_.error(where, quoted() + " is not a valid id (expected 1-128 characters of A-Z a-z 0-9 . _ : -)");
        else if (ar.check == attribute_check::template_name &&
                 (v.empty() || v.size() > 64 || v[0] == '.' || !only_chars(v, "._-")))
            problems_.error(where, quoted() +
                                       " is not a valid template name (expected 1-64 characters of A-Z a-z 0-9 . _ -, "
                                       "not starting with '.')");
        else if (ar.check == attribute_check::one_of && !is_choice(v, ar.choices))
            problems_.error(where, quoted() + " is not a valid " + ar.name + " (expected " + list_choices(ar.choices) + ")");
        else if (ar.check == attribute_check::clock_time && !read_clock_time(v, h, m))
            problems_.error(where, quoted() + " is not a time (expected HH:MM)");
        else if (ar.type == value_type::string && ar.check == attribute_check::unique_id && is_blank(v))
            problems_.error(where, "empty " + std::string(ar.name) + " (expected a non-empty value)");
    }

    // Children of an element-only element: known, not repeated unless allowed, required ones present, no text.
    void check_children(const pugi::xml_node& e, const element_rule& rule, const std::string& path) {
        std::map<std::string, int> counts;
        std::map<std::string, pugi::xml_node> ids;
        bool text_reported = false;
        for (pugi::xml_node c = e.first_child(); c && !saturated(); c = c.next_sibling()) {
            if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
                if (is_blank(c.value()) || text_reported) continue;
                text_reported = true;
                problems_.error(src_.locate_value(e, path), "text is not allowed in <" + std::string(rule.tag) + ">",
                                "expected only elements: " + list_tags(schema::child_rules(kind_, rule)));
                continue;
            }
            if (c.type() != pugi::node_element) continue;
            const std::string tag = c.name();
            const int index = ++counts[tag];
            const element_rule* cr = schema::find_child(kind_, rule, tag);
            const std::string cpath = child_path(path, tag, cr != nullptr && cr->repeated, index);
            if (reject_namespace(c, cpath)) continue;
            if (cr == nullptr) {
                problems_.error(src_.locate_element(c, cpath), "unknown element <" + tag + "> in <" + rule.tag + ">",
                                "expected " + list_tags(schema::child_rules(kind_, rule)));
                continue;
            }
            if (!cr->repeated && index > 1)
                problems_.error(src_.locate_element(c, cpath), "<" + tag + "> may occur only once in <" + rule.tag + ">");
            check_element(c, *cr, cpath);
            check_unique_id(c, *cr, cpath, ids);
        }
        for (const element_rule* cr : schema::child_rules(kind_, rule))
            if (cr->required && counts[cr->tag] == 0)
                problems_.error(src_.locate_element(e, path), "missing <" + std::string(cr->tag) + ">");
    }

    // Remembers a unique_id attribute of a child (its element: located only for a message);
    // a second use is an error, also when only letter case tells the two apart: files named
    // after them would overwrite each other on Windows and macOS.
    void check_unique_id(const pugi::xml_node& c, const element_rule& cr, const std::string& cpath,
                         std::map<std::string, pugi::xml_node>& ids) {
        for (const attribute_rule& ar : cr.attributes) {
            if (ar.check != attribute_check::unique_id || !c.attribute(ar.name)) continue;
            const std::string value = c.attribute(ar.name).value();
            const std::string apath = cpath + "/@" + ar.name;
            // The id names the element's file in a split ZIP: it must be one on every system.
            if (const std::string why = why_not_a_file_name(value); !why.empty())
                problems_.error(src_.locate_attribute(c, ar.name, apath),
                                std::string(ar.name) + " " + quote_value(value) + " cannot name a file: " + why,
                                "each recipient's PDF is named after its id in a split ZIP; use letters, digits, '-' and '_'");
            std::string key = text::fold_case(value);
            auto found = ids.find(key);
            if (found == ids.end()) {
                ids.emplace(std::move(key), c);
                continue;
            }
            const vanthu::location first = src_.locate_attribute(found->second, ar.name, {});
            const std::string first_at = std::to_string(first.line) + ":" + std::to_string(first.column);
            const std::string first_value = found->second.attribute(ar.name).value();
            std::string message = "duplicate " + std::string(ar.name) + " " + quote_value(value);
            if (first_value != value) message += ": " + quote_value(first_value) + " differs only in letter case";
            problems_.error(src_.locate_attribute(c, ar.name, apath), message,
                            "first used at " + first_at +
                                (first_value != value ? "; files named after them would overwrite each other" : ""));
        }
    }

    // A string, date, datetime or integer element: no markup, a well-formed value.
    void check_value(const pugi::xml_node& e, const element_rule& rule, const std::string& path) {
        for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            problems_.error(src_.locate_element(c, path),
                            "markup <" + std::string(c.name()) + "> is not allowed in <" + rule.tag + ">",
                            "expected plain text");
        }
        const std::string raw = raw_content(e);
        const std::string_view v = trim_blank(raw);
        // Located only when the value is wrong: most values are right.
        const auto where = [&] { return src_.locate_value(e, path); };
        const auto quoted = [v] { return quote_value(v); };
        civil_date d;
        std::int64_t n = 0;
        int h = 0;
        int m = 0;
        if (v.empty())
            problems_.error(where(), "empty <" + std::string(rule.tag) + ">", expected_value(rule.type));
        else if (rule.type == value_type::date && !read_date(v, d))
            problems_.error(where(), quoted() + " is not a date (expected YYYY-MM-DD)");
        else if (rule.type == value_type::datetime && !read_datetime(v, d, h, m))
            problems_.error(where(), quoted() + " is not a date and time (expected YYYY-MM-DDTHH:MM)");
        else if (rule.type == value_type::integer && !read_integer(v, n))
            problems_.error(where(), quoted() + " is not a whole number (expected digits)");
    }

    // What a value of this type looks like, for hints.
    static std::string expected_value(value_type t) {
        switch (t) {
            case value_type::date: return "expected YYYY-MM-DD";
            case value_type::datetime: return "expected YYYY-MM-DDTHH:MM";
            case value_type::integer: return "expected digits";
            default: return "expected text";
        }
    }

    // The value without XML whitespace around it.
    static std::string_view trim_blank(std::string_view s) {
        const std::size_t first = s.find_first_not_of(" \t\r\n");
        if (first == std::string_view::npos) return {};
        return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
    }

    // Inline text: only <b> <i> <u> (nested) and empty <br/>, no attributes on them, not empty as a whole.
    void check_inline(const pugi::xml_node& top, const pugi::xml_node& e, const std::string& path) {
        for (pugi::xml_node c = e.first_child(); c && !saturated(); c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            const std::string_view tag = c.name();
            if (tag != "b" && tag != "i" && tag != "u" && tag != "br") {
                problems_.error(src_.locate_element(c, path), "markup <" + std::string(tag) + "> is not allowed in <" +
                                                                  std::string(top.name()) + ">",
                                "expected text with <b>, <i>, <u> or <br/>");
                continue;
            }
            if (c.first_attribute())
                problems_.error(src_.locate_attribute(c, c.first_attribute().name(), path),
                                "attribute " + std::string(c.first_attribute().name()) + " is not allowed on <" +
                                    std::string(tag) + ">");
            if (tag == "br" && c.first_child())
                problems_.error(src_.locate_element(c, path), "<br/> must be empty");
            check_inline(top, c, path);
        }
        if (top == e && plain_text(read_inline_text(e)).empty())
            problems_.error(src_.locate_value(e, path), "empty <" + std::string(e.name()) + ">", "expected text");
    }

    kind kind_;
    const source_text& src_;
    vanthu::diagnostics& problems_;
};

}  // namespace

void validate_record(const pugi::xml_document& doc, const source_text& src, vanthu::diagnostics& problems) {
    const pugi::xml_node root = doc.document_element();
    const std::string path = std::string("/") + root.name();
    kind k = kind::meeting;
    if (!schema::find_kind(root.name(), k)) {
        validator(k, src, problems).reject_namespace(root, path);
        if (std::string_view(root.name()).find(':') == std::string_view::npos)
            problems.error(src.locate_element(root, path), "unknown root <" + std::string(root.name()) + ">",
                           "expected <meeting>, <ceremony> or <certification>");
        return;
    }
    validator v(k, src, problems);
    v.check_element(root, schema::root_rule(k), path);
    if (k == kind::ceremony && std::string_view(root.attribute("kind").value()) == "pledge")
        v.check_pledge(root, path);
    if (k == kind::meeting) v.check_meeting(root, path);
    v.check_distribution(root, path);
    if (v.saturated())
        problems.error({}, "too many problems: checking stopped after " + std::to_string(max_problems),
                       "fix these first");
}

}  // namespace record::detail
