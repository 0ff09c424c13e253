// Reading the small languages inside attributes and text: {fields}, formatters, tests.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "tmpl/ast.hpp"

namespace tmpl {

// Called with the byte offset (inside the parsed string) of a problem and its message.
using report_fn = std::function<void(std::size_t offset, const std::string& message)>;

// "Số: {number|or('     /BB-' + issuer/code)}" -> literals and fields.
// "{{" and "}}" stand for literal braces.
template_text parse_template_text(std::string_view s, const report_fn& report);

// "p/rank|upper|or('-')" (the inside of the braces).
bool parse_expr(std::string_view s, std::size_t base, expr& out, const report_fn& report);

// "attendees/person", "g/@count", "#".
bool parse_field_path(std::string_view s, field_path& out);

// "c is speech", "not attendees/person", "@kind = 'pledge'".
bool parse_condition(std::string_view s, condition& out, const report_fn& report);

}  // namespace tmpl
