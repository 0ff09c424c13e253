// Owns lookup_field: what the schema says of a path of steps below a record's root.
#include "record/record.hpp"

#include "record/schema.hpp"

namespace record {

namespace {

// The attribute step "@name" over every candidate element rule.
field_info lookup_attribute(const std::vector<const schema::element_rule*>& rules, std::string_view name) {
    field_info info;
    for (const schema::element_rule* r : rules) {
        const schema::attribute_rule* a = schema::find_attribute(*r, name);
        if (a == nullptr) continue;
        info.exists = true;
        info.attribute = true;
        info.type = a->type;
        return info;
    }
    return info;
}

// The element rules a step reaches from the current ones ("*": every child).
std::vector<const schema::element_rule*> step_into(enum kind k, const std::vector<const schema::element_rule*>& rules,
                                                   const std::string& step) {
    std::vector<const schema::element_rule*> next;
    for (const schema::element_rule* r : rules) {
        if (step == "*") {
            for (const schema::element_rule* c : schema::child_rules(k, *r)) next.push_back(c);
        } else if (const schema::element_rule* c = schema::find_child(k, *r, step)) {
            next.push_back(c);
        }
    }
    return next;
}

}  // namespace

field_info lookup_field(enum kind k, const std::vector<std::string>& steps) {
    std::vector<const schema::element_rule*> rules{&schema::root_rule(k)};
    field_info info;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (!steps[i].empty() && steps[i][0] == '@') {
            if (i + 1 != steps.size()) return {};  // an attribute has no children
            return lookup_attribute(rules, std::string_view(steps[i]).substr(1));
        }
        rules = step_into(k, rules, steps[i]);
        if (rules.empty()) return {};
    }
    info.exists = true;
    info.type = rules.front()->type;
    for (const schema::element_rule* r : rules) {
        if (r->repeated) info.repeated = true;
        if (r->type != info.type) info.type = value_type::none;  // "*" over mixed content types
    }
    if (steps.empty()) info.repeated = false;
    return info;
}

}  // namespace record
