// The steps behind sheet.hpp, shared by its files.
#pragma once

#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "sheet/sheet.hpp"

namespace sheet::detail {

// A cell's text as a list gives it: NFC, blanks (tabs, line breaks, no-break spaces) collapsed
// to one space, trimmed.
std::string clean_cell(std::string_view text);

// A record's bytes (any encoding a record may have) decoded into utf8 and parsed into doc with
// every whitespace and comment kept; false with the problem at its line:column.
bool load(std::string_view bytes, std::string& utf8, pugi::xml_document& doc, vanthu::diagnostics& problems);

// A document as UTF-8 XML, its whitespace as parsed, its declaration on a line of its own.
std::string saved(const pugi::xml_document& doc);

// A text list (CSV or tab-separated), any encoding decode_text_bytes takes.
bool read_text(std::string_view bytes, const std::string& file_name, const read_options& options, table& out,
               vanthu::diagnostics& problems);

// An XLSX workbook's sheet.
bool read_xlsx(std::string_view bytes, const std::string& file_name, const read_options& options, table& out,
               vanthu::diagnostics& problems);

}  // namespace sheet::detail
