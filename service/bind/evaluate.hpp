// Evaluating template fields, formatters and tests against a record.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/deadline.hpp"
#include "core/diagnostic.hpp"
#include "record/record.hpp"
#include "tmpl/ast.hpp"

namespace bind {

struct verification;

// One loop level: the variable, the element it stands for, its 1-based position.
struct frame {
    std::string var;
    const record::node* node = nullptr;
    int index = 0;
};

// What fields are evaluated against: the record and the loops around the field.
struct scope {
    const record::record* rec = nullptr;
    const std::map<std::string, std::string>* settings = nullptr;  // the template's <set> values
    std::vector<frame> frames;
    // Runaway templates: elements made and forced page breaks so far, their limits, and
    // whether binding stopped on one of them (the error is then already reported).
    std::size_t elements = 0, max_elements = SIZE_MAX;
    std::size_t page_breaks = 0, max_page_breaks = SIZE_MAX;
    bool stopped = false;
    const vanthu::deadline* deadline = nullptr;  // the render's time limit, looked at every 256 elements
    vanthu::diagnostics* problems = nullptr;  // where a runaway is reported
    const struct verification* verify = nullptr;  // the key and address of verification codes, if any
};

// A field's value: inline text, and the date, time or number it came from when it has one.
struct value {
    bool present = false;
    record::inline_text runs;
    bool has_date = false;
    record::civil_date date;
    bool has_time = false;
    int hour = 0, minute = 0;
    bool has_integer = false;
    std::int64_t integer = 0;
    const record::node* node = nullptr;  // the element it came from (an attribute's owner), if any
};

// Every element a path names, in record order ("attendees/person" gives each person).
std::vector<const record::node*> find_nodes(const tmpl::field_path& path, const scope& sc);

// The value of {path|formatters}; problems with the data are warnings.
value evaluate_expr(const tmpl::expr& e, const scope& sc, vanthu::diagnostics& problems);

// Template text evaluated to inline text.
record::inline_text evaluate_text(const tmpl::template_text& t, const scope& sc, vanthu::diagnostics& problems);

// The same, as plain text (line breaks become spaces).
std::string evaluate_plain(const tmpl::template_text& t, const scope& sc, vanthu::diagnostics& problems);

// The concatenated text of a value.
std::string plain_text(const value& v);

// Whether an <if> test holds.
bool evaluate_condition(const tmpl::condition& c, const scope& sc);

}  // namespace bind
