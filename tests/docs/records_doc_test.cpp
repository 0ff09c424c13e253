// docs/records.md against the schema in code, and its example records against the program.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <map>
#include <set>
#include <sstream>

#include "record/schema.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace schema = record::schema;

namespace {

// One row of the contract: where it is described and what it says.
struct row {
    std::string section;   // common, person, meeting, ceremony or certification
    std::string holds;     // string, text, date, date and time, whole number, elements, person, empty
    bool required = false;
    bool repeats = false;
    bool operator==(const row& o) const {
        return section == o.section && holds == o.holds && required == o.required && repeats == o.repeats;
    }
};

// How the document names the content of a value type.
std::string holds_of(record::value_type t) {
    switch (t) {
        case record::value_type::string: return "string";
        case record::value_type::text: return "text";
        case record::value_type::date: return "date";
        case record::value_type::datetime: return "date and time";
        case record::value_type::integer: return "whole number";
        case record::value_type::none: return "elements";
    }
    return "?";
}

const record::kind all_kinds[] = {record::kind::meeting, record::kind::ceremony, record::kind::certification};

// Every element (its scope, e.g. "attendees/group" or "person/rank") and attribute
// ("attendees/group@count", "@id") of one kind in the schema in code, with what it says.
void walk_schema(record::kind k, const schema::element_rule& parent, std::map<std::string, row>& out) {
    for (const schema::element_rule* r : schema::child_rules(k, parent)) {
        const std::string name = r->scope();
        row it{record::kind_name(k), holds_of(r->type), r->required, r->repeated};
        if (r->group[0] != '\0') it.holds = r->group;
        else if (r->type == record::value_type::none && schema::child_rules(k, *r).empty()) it.holds = "empty";
        out[name] = it;
        for (const schema::attribute_rule& a : r->attributes)
            out[name + "@" + a.name] = {record::kind_name(k), holds_of(a.type), a.required, false};
        walk_schema(k, *r, out);
    }
}

// The schema of one kind: its root's attributes and everything below it.
std::map<std::string, row> schema_of(record::kind k) {
    std::map<std::string, row> out;
    const schema::element_rule& root = schema::root_rule(k);
    for (const schema::attribute_rule& a : root.attributes)
        out["@" + std::string(a.name)] = {record::kind_name(k), holds_of(a.type), a.required, false};
    walk_schema(k, root, out);
    return out;
}

// The whole schema as docs/records.md should list it: what every kind has under "common",
// the person sub-schema under "person" (without its "person/" prefix), the rest under its kind.
std::map<std::string, row> expected_rows() {
    std::map<record::kind, std::map<std::string, row>> kinds;
    for (record::kind k : all_kinds) kinds[k] = schema_of(k);
    std::map<std::string, row> out;
    for (const auto& [k, rows] : kinds) {
        for (const auto& [name, r] : rows) {
            row it = r;
            std::string key = name;
            bool everywhere = true;
            for (record::kind other : all_kinds) {
                auto found = kinds[other].find(name);
                everywhere = everywhere && found != kinds[other].end() && found->second.holds == r.holds &&
                             found->second.required == r.required && found->second.repeats == r.repeats;
            }
            if (name.rfind("person/", 0) == 0) {
                it.section = "person";
                key = name.substr(7);
            } else if (everywhere) {
                it.section = "common";
            }
            out[it.section + " " + key] = it;
        }
    }
    return out;
}

// The cells of a table row, trimmed.
std::vector<std::string> cells_of(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream in(line);
    std::string cell;
    while (std::getline(in, cell, '|')) {
        const std::size_t a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
        cells.push_back(a == std::string::npos ? std::string() : cell.substr(a, b - a + 1));
    }
    return cells;
}

// The rows of docs/records.md's tables whose first cell is a `name`, keyed "section name".
std::map<std::string, row> documented_rows() {
    std::map<std::string, row> out;
    std::stringstream in(test_paths::read_file(test_paths::source("docs/records.md")));
    std::string line, section;
    while (std::getline(in, line)) {
        if (line.rfind("## ", 0) == 0) {
            section = line.find("Every kind") != std::string::npos        ? "common"
                      : line.find("A person") != std::string::npos        ? "person"
                      : line.find("`<meeting>`") != std::string::npos      ? "meeting"
                      : line.find("`<ceremony>`") != std::string::npos     ? "ceremony"
                      : line.find("`<certification>`") != std::string::npos ? "certification"
                                                                             : "";
            continue;
        }
        if (line.rfind("| `", 0) != 0) continue;
        const std::vector<std::string> cells = cells_of(line);
        INFO(line);
        REQUIRE(cells.size() >= 6);
        REQUIRE_FALSE(section.empty());
        const std::string name = cells[1].substr(1, cells[1].size() - 2);
        out[section + " " + name] = {section, cells[2], cells[3] == "yes", cells[4] == "yes"};
        CHECK((cells[3] == "yes" || cells[3] == "no"));
        CHECK((cells[4] == "yes" || cells[4] == "no"));
    }
    return out;
}

// Every element and attribute scope an example record uses, as the schema names them.
void walk_example(record::kind k, const schema::element_rule& rule, const pugi::xml_node& e, std::set<std::string>& seen) {
    const std::string scope = rule.scope();
    for (const pugi::xml_attribute& a : e.attributes()) seen.insert(scope + "@" + a.name());
    for (const pugi::xml_node& c : e.children()) {
        if (c.type() != pugi::node_element) continue;
        const schema::element_rule* r = schema::find_child(k, rule, c.name());
        if (!r) continue;  // inline markup (<b>, <br/> ...)
        seen.insert(r->scope());
        walk_example(k, *r, c, seen);
    }
}

}  // namespace

TEST_CASE("every_element_and_attribute_of_the_schema_is_in_docs_records_md_as_the_code_has_it", "[docs]") {
    const std::map<std::string, row> documented = documented_rows();
    for (const auto& [key, r] : expected_rows()) {
        INFO(key << ": the schema says " << r.holds << ", required " << r.required << ", repeats " << r.repeats);
        auto found = documented.find(key);
        REQUIRE(found != documented.end());
        CHECK(found->second == r);
    }
}

TEST_CASE("docs_records_md_lists_nothing_the_schema_in_code_does_not_have", "[docs]") {
    const std::map<std::string, row> expected = expected_rows();
    const std::map<std::string, row> documented = documented_rows();
    CHECK(documented.size() == expected.size());
    for (const auto& [key, r] : documented) {
        INFO(key << " is in docs/records.md");
        CHECK(expected.count(key) == 1);
    }
}

TEST_CASE("the_example_of_each_kind_uses_every_element_and_attribute_of_its_kind", "[docs]") {
    for (record::kind k : all_kinds) {
        const std::string file = test_paths::source("docs/examples/" + std::string(record::kind_name(k)) + ".xml");
        pugi::xml_document doc;
        REQUIRE(doc.load_file(file.c_str()));
        std::set<std::string> seen;
        for (const pugi::xml_attribute& a : doc.document_element().attributes()) seen.insert(std::string("@") + a.name());
        walk_example(k, schema::root_rule(k), doc.document_element(), seen);
        for (const auto& [name, r] : schema_of(k)) {
            INFO(file << " never uses " << name);
            CHECK(seen.count(name) == 1);
        }
    }
}

TEST_CASE("vanthu_check_accepts_every_example_record_and_renders_it", "[docs]") {
    const std::string out = test_paths::scratch_dir("docs-examples");
    for (const char* kind : {"meeting", "ceremony", "certification"}) {
        const std::string file = test_paths::source(std::string("docs/examples/") + kind + ".xml");
        auto checked = test_paths::run_command({test_paths::vanthu_program(), "check", file});
        INFO(file << ": " << checked.err);
        CHECK(checked.exit_code == 0);
        CHECK(checked.err.empty());  // not even a warning
        auto rendered = test_paths::run_command({test_paths::vanthu_program(), "render", "-o", out + "/" + kind + ".pdf", file});
        INFO(rendered.err);
        CHECK(rendered.exit_code == 0);
    }
}
