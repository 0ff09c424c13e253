// The schema of records, version 1 (RECORDS.md), as one table in code; internal to record/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "record/record.hpp"

namespace record::schema {

// Which root kinds a rule belongs to (bits, combined with |).
enum kind_bits : unsigned {
    for_meeting = 1u,        // <meeting>
    for_ceremony = 2u,       // <ceremony>
    for_certification = 4u,  // <certification>
    for_all = 7u             // every kind
};

// Extra checks on an attribute's value beyond its type.
enum class attribute_check {
    none,           // any value of the type
    schema_version, // exactly "1"
    record_id,      // 1-128 characters of [A-Za-z0-9._:-]
    template_name,  // 1-64 characters of [A-Za-z0-9._-], not starting with '.'
    one_of,         // one of the '|'-separated choices
    clock_time,     // HH:MM
    unique_id       // unique among its siblings (recipient ids)
};

struct attribute_rule {
    const char* name;
    value_type type;     // string, date or integer
    bool required;
    attribute_check check;
    const char* choices; // for one_of: "a|b|c"; otherwise nullptr
};

struct element_rule {
    unsigned kinds;           // kind_bits this rule applies to
    const char* parent;       // scope of the parent: "" the root, "attendees", "person" (shared person sub-schema) ...
    const char* tag;
    bool required;            // must occur at least once under its parent
    bool repeated;            // may occur more than once
    value_type type;          // content
    const char* group;        // shared sub-schema of its children ("person"), or ""
    std::vector<attribute_rule> attributes;

    // The scope its own children name as parent: parent/tag ("" parent: tag).
    std::string scope() const;
};

// The root rule of a kind (tag, attributes).
const element_rule& root_rule(kind k);
// The kind whose root element has this tag; false when none does.
bool find_kind(std::string_view tag, kind& out);
// The rule of a child with this tag under an element with this rule, or nullptr.
const element_rule* find_child(kind k, const element_rule& parent, std::string_view tag);
// Every child rule of an element's rule, in table order.
std::vector<const element_rule*> child_rules(kind k, const element_rule& parent);
// The attribute rule of this name, or nullptr.
const attribute_rule* find_attribute(const element_rule& rule, std::string_view name);
// The bit of a kind in kind_bits.
unsigned bit_of(kind k);

// The Vietnamese label (labels.cpp) of an element's scope ("" for the root) or of an
// attribute (scope@name) in the kinds of kind_bit, or nullptr when it has none.
const char* label_of(unsigned kind_bit, std::string_view key);

}  // namespace record::schema
