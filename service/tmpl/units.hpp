// Reading attribute values: lengths, numbers, colours, yes/no.
#pragma once

#include <string>
#include <string_view>

#include "model/document.hpp"
#include "tmpl/ast.hpp"

namespace tmpl {

// The outcome of reading one value: ok, or the message to report.
struct read_status {
    bool ok = true;
    std::string message;  // e.g. "bad unit 'px' in '12px' (use mm, cm, pt or %)"
    explicit operator bool() const { return ok; }
};

// "12mm", "1.27cm", "14pt", "40%" (only when allow_percent).
read_status read_length(std::string_view s, bool allow_percent, length& out);

// A plain decimal number such as "1.2".
read_status read_number(std::string_view s, double& out);

// A whole number such as "2".
read_status read_integer(std::string_view s, int& out);

// "#rrggbb", "black", "red", "blue".
read_status read_color(std::string_view s, model::color& out);

// "yes" or "no".
read_status read_flag(std::string_view s, bool& out);

// "left", "center", "right", "justify".
read_status read_align(std::string_view s, model::align& out);

}  // namespace tmpl
