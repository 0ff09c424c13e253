// Owns describe_schema: the schema table walked into a tree with labels, for forms built from it.
#include "record/record.hpp"

#include "record/schema.hpp"

namespace record {

namespace {

// The name of an attribute check as the published schema says it.
const char* check_name(schema::attribute_check c) {
    switch (c) {
        case schema::attribute_check::none: return "none";
        case schema::attribute_check::schema_version: return "schema_version";
        case schema::attribute_check::record_id: return "record_id";
        case schema::attribute_check::template_name: return "template_name";
        case schema::attribute_check::one_of: return "one_of";
        case schema::attribute_check::clock_time: return "clock_time";
        case schema::attribute_check::unique_id: return "unique_id";
    }
    return "none";
}

// The '|'-separated choices as a list.
std::vector<std::string> split_choices(const char* choices) {
    std::vector<std::string> out;
    if (choices == nullptr) return out;
    const std::string_view all(choices);
    for (std::size_t start = 0; start <= all.size();) {
        std::size_t bar = all.find('|', start);
        if (bar == std::string_view::npos) bar = all.size();
        out.emplace_back(all.substr(start, bar - start));
        start = bar + 1;
    }
    return out;
}

// The label of a key in a kind, else the fallback (the tag or name).
std::string label_or(enum kind k, const std::string& key, const char* fallback) {
    const char* label = schema::label_of(schema::bit_of(k), key);
    return label ? label : fallback;
}

// One element rule and everything below it.
schema_element describe(enum kind k, const schema::element_rule& rule) {
    schema_element e;
    const std::string scope = rule.scope();
    e.tag = rule.tag;
    e.label = label_or(k, scope, rule.tag);
    e.type = rule.type;
    e.required = rule.required;
    e.repeated = rule.repeated;
    for (const schema::attribute_rule& a : rule.attributes) {
        schema_attribute out;
        out.name = a.name;
        out.label = label_or(k, scope + "@" + a.name, a.name);
        out.type = a.type;
        out.required = a.required;
        out.check = check_name(a.check);
        out.choices = split_choices(a.choices);
        e.attributes.push_back(std::move(out));
    }
    for (const schema::element_rule* child : schema::child_rules(k, rule)) e.children.push_back(describe(k, *child));
    return e;
}

}  // namespace

const char* type_name(value_type t) {
    switch (t) {
        case value_type::none: return "none";
        case value_type::string: return "string";
        case value_type::text: return "text";
        case value_type::date: return "date";
        case value_type::datetime: return "datetime";
        case value_type::integer: return "integer";
    }
    return "none";
}

schema_element describe_schema(enum kind k) { return describe(k, schema::root_rule(k)); }

}  // namespace record
