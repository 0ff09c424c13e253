// Owns the schema of records, version 1: every element and attribute of RECORDS.md in one table.
#include "record/schema.hpp"

#include <cstring>

namespace record::schema {

namespace {

constexpr value_type none_ = value_type::none;
constexpr value_type str_ = value_type::string;
constexpr value_type text_ = value_type::text;
constexpr value_type date_ = value_type::date;
constexpr value_type time_ = value_type::datetime;
constexpr value_type int_ = value_type::integer;
constexpr unsigned M = for_meeting;
constexpr unsigned C = for_ceremony;
constexpr unsigned R = for_certification;
constexpr const char* root_scope = "^";  // parent of the root rules

// The envelope's attributes, common to every root.
#define VANTHU_ENVELOPE_ATTRIBUTES                                                  \
    {"schema", str_, true, attribute_check::schema_version, nullptr},              \
        {"id", str_, true, attribute_check::record_id, nullptr},                   \
        {"template", str_, false, attribute_check::template_name, nullptr},        \
        {"revise", str_, false, attribute_check::one_of, "yes|no"}

// The roots, one per kind, in the order of enum kind.
const std::vector<element_rule>& root_table() {
    static const std::vector<element_rule> roots = {
        {M, root_scope, "meeting", true, false, none_, "", {VANTHU_ENVELOPE_ATTRIBUTES}},
        {C, root_scope, "ceremony", true, false, none_, "",
         {VANTHU_ENVELOPE_ATTRIBUTES,
          {"kind", str_, true, attribute_check::one_of, "pledge|award|commemoration"}}},
        {R, root_scope, "certification", true, false, none_, "",
         {VANTHU_ENVELOPE_ATTRIBUTES, {"kind", str_, true, attribute_check::one_of, "merit|standard"}}},
    };
    return roots;
}

#undef VANTHU_ENVELOPE_ATTRIBUTES

// Every element below the roots: kinds, parent scope, tag, required, repeated, content, group, attributes.
const std::vector<element_rule>& element_table() {
    static const std::vector<element_rule> rules = {
        // Envelope, every kind.
        {for_all, "", "issuer", true, false, none_, "", {}},
        {for_all, "issuer", "parent", false, false, str_, "", {}},
        {for_all, "issuer", "name", true, false, str_, "", {}},
        {for_all, "issuer", "code", false, false, str_, "", {}},
        {for_all, "", "number", false, false, str_, "", {}},
        {for_all, "", "place", true, false, str_, "", {}},
        {for_all, "", "date", true, false, date_, "", {}},
        {for_all, "", "title", true, false, str_, "", {}},
        {for_all, "", "distribution", false, false, none_, "", {}},
        {for_all, "distribution", "to", true, true, str_, "", {}},
        // The shared person sub-schema.
        {for_all, "person", "rank", false, false, str_, "", {}},
        {for_all, "person", "name", true, false, str_, "", {}},
        {for_all, "person", "position", false, false, str_, "", {}},
        {for_all, "person", "unit", false, false, str_, "", {}},
        // <meeting>
        {M, "", "started", true, false, time_, "", {}},
        {M, "", "ended", false, false, time_, "", {}},
        {M, "", "location", true, false, str_, "", {}},
        {M, "", "chair", true, false, none_, "person", {}},
        {M, "", "secretary", true, false, none_, "person", {}},
        {M, "", "attendees", false, false, none_, "", {}},
        {M, "attendees", "person", false, true, none_, "person", {}},
        {M, "attendees", "group", false, true, text_, "",
         {{"count", int_, false, attribute_check::none, nullptr}}},
        {M, "", "absent", false, false, none_, "", {}},
        {M, "absent", "person", false, true, none_, "person",
         {{"reason", str_, false, attribute_check::none, nullptr}}},
        {M, "", "agenda", false, false, none_, "", {}},
        {M, "agenda", "item", true, true, text_, "", {}},
        {M, "", "proceedings", true, false, none_, "", {}},
        {M, "proceedings", "section", true, true, none_, "",
         {{"heading", str_, false, attribute_check::none, nullptr}}},
        {M, "proceedings/section", "p", false, true, text_, "", {}},
        {M, "proceedings/section", "speech", false, true, none_, "",
         {{"by", str_, true, attribute_check::none, nullptr}}},
        {M, "proceedings/section/speech", "p", true, true, text_, "", {}},
        {M, "proceedings/section", "list", false, true, none_, "", {}},
        {M, "proceedings/section/list", "item", true, true, text_, "", {}},
        {M, "", "conclusions", false, false, none_, "", {}},
        {M, "conclusions", "p", true, true, text_, "", {}},
        {M, "", "copies", false, false, int_, "", {}},
        // <ceremony>; parties and commitments are required for kind="pledge" (validate_record).
        {C, "", "started", true, false, time_, "", {}},
        {C, "", "location", true, false, str_, "", {}},
        {C, "", "host", true, false, none_, "person", {}},
        {C, "", "guests", false, false, none_, "", {}},
        {C, "guests", "person", false, true, none_, "person", {}},
        {C, "", "program", false, false, none_, "", {}},
        {C, "program", "step", true, true, text_, "",
         {{"at", str_, false, attribute_check::clock_time, nullptr}}},
        {C, "", "slogan", false, false, text_, "", {}},
        {C, "", "parties", false, false, none_, "", {}},
        {C, "parties", "party", true, true, none_, "",
         {{"role", str_, true, attribute_check::one_of, "lead|deputy|member"}}},
        {C, "parties/party", "unit", true, false, text_, "", {}},
        {C, "parties/party", "representative", true, false, none_, "person", {}},
        {C, "parties/party/representative", "authority", false, false, str_, "", {}},
        {C, "parties/party/representative", "title", false, false, str_, "", {}},
        {C, "", "signer", false, false, none_, "person", {}},
        {C, "signer", "authority", false, false, str_, "", {}},
        {C, "signer", "title", false, false, str_, "", {}},
        {C, "", "commitments", false, false, none_, "", {}},
        {C, "commitments", "item", true, true, text_, "", {}},
        {C, "", "awards", false, false, none_, "", {}},
        {C, "awards", "award", true, true, none_, "", {}},
        {C, "awards/award", "recipient", true, false, text_, "", {}},
        {C, "awards/award", "honour", true, false, text_, "", {}},
        // <certification>
        {R, "", "decision", true, false, none_, "",
         {{"number", str_, true, attribute_check::none, nullptr},
          {"date", date_, true, attribute_check::none, nullptr}}},
        {R, "", "heading", true, false, str_, "", {}},
        {R, "", "grantor", true, false, text_, "", {}},
        {R, "", "citation", true, false, text_, "", {}},
        {R, "", "valid-until", false, false, date_, "", {}},
        {R, "", "signer", true, false, none_, "person", {}},
        {R, "signer", "authority", false, false, str_, "", {}},
        {R, "signer", "title", true, false, str_, "", {}},
        {R, "", "recipients", true, false, none_, "", {}},
        {R, "recipients", "recipient", true, true, none_, "",
         {{"id", str_, true, attribute_check::unique_id, nullptr}}},
        {R, "recipients/recipient", "rank", false, false, str_, "", {}},
        {R, "recipients/recipient", "name", true, false, text_, "", {}},
        {R, "recipients/recipient", "detail", false, false, text_, "", {}},
        {R, "recipients/recipient", "citation", false, false, text_, "", {}},
        {R, "recipients/recipient", "register", false, false, str_, "", {}},
    };
    return rules;
}

}  // namespace

unsigned bit_of(kind k) {
    switch (k) {
        case kind::meeting: return for_meeting;
        case kind::ceremony: return for_ceremony;
        case kind::certification: return for_certification;
    }
    return 0;
}

std::string element_rule::scope() const {
    if (std::strcmp(parent, root_scope) == 0) return {};
    if (parent[0] == '\0') return tag;
    return std::string(parent) + "/" + tag;
}

const element_rule& root_rule(kind k) { return root_table()[static_cast<std::size_t>(k)]; }

bool find_kind(std::string_view tag, kind& out) {
    for (kind k : {kind::meeting, kind::ceremony, kind::certification}) {
        if (tag == root_rule(k).tag) {
            out = k;
            return true;
        }
    }
    return false;
}

const element_rule* find_child(kind k, const element_rule& parent, std::string_view tag) {
    const std::string scope = parent.scope();
    for (const element_rule& rule : element_table()) {
        if ((rule.kinds & bit_of(k)) == 0 || tag != rule.tag) continue;
        if (scope == rule.parent || (parent.group[0] != '\0' && std::strcmp(parent.group, rule.parent) == 0))
            return &rule;
    }
    return nullptr;
}

std::vector<const element_rule*> child_rules(kind k, const element_rule& parent) {
    const std::string scope = parent.scope();
    std::vector<const element_rule*> out;
    for (const element_rule& rule : element_table()) {
        if ((rule.kinds & bit_of(k)) == 0) continue;
        if (scope == rule.parent || (parent.group[0] != '\0' && std::strcmp(parent.group, rule.parent) == 0))
            out.push_back(&rule);
    }
    return out;
}

const attribute_rule* find_attribute(const element_rule& rule, std::string_view name) {
    for (const attribute_rule& a : rule.attributes)
        if (name == a.name) return &a;
    return nullptr;
}

}  // namespace record::schema
