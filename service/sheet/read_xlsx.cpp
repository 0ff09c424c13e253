// Owns reading one sheet of an XLSX workbook (Office Open XML as Excel and LibreOffice write
// it): the ZIP (zip_reader.hpp) under limits on every part, the workbook's sheet list and
// relationships, shared strings (rich text runs joined), inline strings, numbers, dates stored
// as serial numbers (by the cell's number format), booleans, merged cells.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "sheet/steps.hpp"
#include "sheet/zip_reader.hpp"
#include "text/utf8.hpp"

namespace sheet::detail {

namespace {

// An element's or attribute's name without its namespace prefix (x:row -> row).
std::string_view local(const char* name) {
    const std::string_view n(name);
    const std::size_t colon = n.find(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// The first child with a local name.
pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
    for (pugi::xml_node c : parent.children())
        if (c.type() == pugi::node_element && local(c.name()) == name) return c;
    return {};
}

// The attribute with a local name (r:id is found as "id" with a prefix).
pugi::xml_attribute attribute(pugi::xml_node node, std::string_view name, bool prefixed = false) {
    for (pugi::xml_attribute a : node.attributes()) {
        const std::string_view full(a.name());
        if (local(a.name()) == name && (full.find(':') != std::string_view::npos) == prefixed) return a;
    }
    return {};
}

// The text of an <si> or <is>: every <t> but those of phonetic runs (<rPh>), in order.
void gather_text(pugi::xml_node node, std::string& out) {
    for (pugi::xml_node c : node.children()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view name = local(c.name());
        if (name == "rPh" || name == "phoneticPr") continue;
        if (name == "t") out += c.text().get();
        else gather_text(c, out);
    }
}

// A workbook opened from memory, each part read under the limits.
class workbook {
public:
    workbook(std::string_view bytes, const std::string& file, vanthu::diagnostics& p) : file_name(file), problems(p) {
        std::string why;
        opened = archive.open(bytes, why);
        if (!opened) fail("not a workbook that can be opened: " + why);
        else check_names();
    }

    bool ok() const { return opened && !failed; }

    // A part parsed as XML; false when it is missing (and required) or refused.
    bool parse(const std::string& name, pugi::xml_document& doc, bool required = true) {
        if (!ok()) return false;
        const zip_reader::entry* part = archive.find(name);
        if (!part) {
            if (required) fail("the workbook has no " + name + " (is it an .xlsx saved by a spreadsheet program?)");
            return false;
        }
        if (part->packed > 0 && part->size / part->packed > max_part_ratio)
            return fail(name + " unpacks to " + std::to_string(part->size / part->packed) +
                        " times its packed size (a ZIP bomb?); at most " + std::to_string(max_part_ratio) + " is taken");
        if (part->size > max_unpacked_bytes - unpacked)
            return fail("the workbook unpacks to more than " + std::to_string(max_unpacked_bytes / (1024 * 1024)) +
                        " MiB (a ZIP bomb?)");
        std::string text, why;
        if (!archive.read(*part, text, why)) return fail("cannot unpack " + why);
        unpacked += text.size();
        if (text.find("<!DOCTYPE") != std::string::npos || text.find("<!ENTITY") != std::string::npos)
            return fail(name + " has a DOCTYPE, which no spreadsheet writes; it is not read");
        const std::size_t skip = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
        if (text::find_invalid_utf8(std::string_view(text).substr(skip)) != std::string::npos)
            return fail(name + " is not UTF-8 (the only encoding spreadsheet programs write)");
        const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
        if (!parsed) return fail(name + " is not well-formed XML: " + parsed.description());
        return true;
    }

private:
    // Names inside the ZIP are paths a careless unpacker would write: none may climb or be absolute.
    void check_names() {
        const std::size_t count = archive.entries().size();
        if (count > 10000) {
            fail("the workbook has " + std::to_string(count) + " parts; a list has a few dozen");
            return;
        }
        for (const zip_reader::entry& e : archive.entries()) {
            const std::string& name = e.name;
            if (name.empty() || name[0] == '/' || name[0] == '\\' || name.find("..") != std::string::npos ||
                name.find(':') != std::string::npos || name.find('\\') != std::string::npos) {
                fail("the workbook has a part named '" + shown_name(name) + "', a path outside it");
                return;
            }
        }
    }

    bool fail(const std::string& message) {
        problems.error({file_name, 0, 0, ""}, message);
        failed = true;
        return false;
    }

    std::string file_name;
    vanthu::diagnostics& problems;
    zip_reader archive;
    bool opened = false;
    bool failed = false;
    std::size_t unpacked = 0;
};

// Number formats that show a date: the built-in ones and custom codes with d, m or y outside
// quotes and brackets (but not a bare elapsed-time code).
bool is_date_format(int id, const std::string& code) {
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
    if (code.empty()) return false;
    bool quoted = false, bracket = false;
    for (char c : code) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == '[') bracket = true;
        else if (!quoted && c == ']') bracket = false;
        else if (!quoted && !bracket && (c == 'd' || c == 'D' || c == 'y' || c == 'Y')) return true;
    }
    return false;
}

// Which cell styles (by index) format a date.
std::vector<bool> date_styles(workbook& book) {
    std::vector<bool> dates;
    pugi::xml_document doc;
    if (!book.parse("xl/styles.xml", doc, false)) return dates;
    const pugi::xml_node sheet = doc.first_child();
    std::map<int, std::string> codes;
    for (pugi::xml_node f : child(sheet, "numFmts").children())
        codes[attribute(f, "numFmtId").as_int(-1)] = attribute(f, "formatCode").as_string();
    for (pugi::xml_node xf : child(sheet, "cellXfs").children()) {
        if (xf.type() != pugi::node_element) continue;
        const int id = attribute(xf, "numFmtId").as_int(0);
        const auto code = codes.find(id);
        dates.push_back(is_date_format(id, code == codes.end() ? "" : code->second));
    }
    return dates;
}

// A serial day number as dd/mm/yyyy: the 1900 system (1 is 1 January 1900, and 60 the 29
// February 1900 that never was) or the 1904 one (0 is 1 January 1904).
std::string serial_date(double serial, bool from_1904) {
    const long n = static_cast<long>(std::floor(serial));
    long z = from_1904 ? n - 24107 : n >= 61 ? n - 25569 : n - 25568;  // days since 1970-01-01
    z += 719468;  // civil date from days (the proleptic Gregorian calendar)
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char out[64];
    std::snprintf(out, sizeof out, "%02ld/%02ld/%04ld", d, m, y);
    return out;
}

// A number as a person would write it in a list: 125, not 125.0; 1.5 as 1.5.
std::string number_text(const std::string& v) {
    char* end = nullptr;
    const double x = std::strtod(v.c_str(), &end);
    if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(x)) return v;
    char out[32];
    if (std::fabs(x) < 1e15 && x == std::floor(x)) std::snprintf(out, sizeof out, "%.0f", x);
    else std::snprintf(out, sizeof out, "%.15g", x);
    return out;
}

// "C17" into its row (17) and column (3); false when it is not a cell reference.
bool cell_reference(std::string_view ref, std::size_t& row, std::size_t& column) {
    std::size_t letters = 0;
    while (letters < ref.size() && std::isalpha(static_cast<unsigned char>(ref[letters]))) ++letters;
    column = column_number(ref.substr(0, letters));
    row = 0;
    for (std::size_t i = letters; i < ref.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(ref[i])) || row > 1048576) return false;
        row = row * 10 + static_cast<std::size_t>(ref[i] - '0');
    }
    return column >= 1 && column <= 16384 && row >= 1 && row <= 1048576 && letters < ref.size();
}

// The part of the sheet named (or the first), from the workbook and its relationships.
bool find_sheet(workbook& book, const std::string& wanted, const std::string& file_name, std::string& part,
                std::string& name, bool& from_1904, vanthu::diagnostics& problems) {
    pugi::xml_document doc, rels;
    if (!book.parse("xl/workbook.xml", doc) || !book.parse("xl/_rels/workbook.xml.rels", rels)) return false;
    const pugi::xml_node root = doc.first_child();
    from_1904 = attribute(child(root, "workbookPr"), "date1904").as_bool(false);
    std::string id, names;
    for (pugi::xml_node s : child(root, "sheets").children()) {
        if (s.type() != pugi::node_element) continue;
        const std::string n = attribute(s, "name").as_string();
        names += (names.empty() ? "" : ", ") + n;
        if (id.empty() && (wanted.empty() || n == wanted)) {
            id = attribute(s, "id", true).as_string();
            name = n;
        }
    }
    if (id.empty()) {
        problems.error({file_name, 0, 0, ""}, wanted.empty() ? "the workbook has no sheet" : "the workbook has no sheet '" + wanted + "'",
                       names.empty() ? "" : "its sheets: " + names);
        return false;
    }
    for (pugi::xml_node r : rels.first_child().children()) {
        if (r.type() != pugi::node_element || std::string(attribute(r, "Id").as_string()) != id) continue;
        const std::string target = attribute(r, "Target").as_string();
        part = target.rfind('/', 0) == 0 ? target.substr(1) : "xl/" + target;
        return true;
    }
    problems.error({file_name, 0, 0, ""}, "the workbook does not say where sheet '" + name + "' is");
    return false;
}

}  // namespace

bool read_xlsx(std::string_view bytes, const std::string& file_name, const read_options& options, table& out,
               vanthu::diagnostics& problems) {
    workbook book(bytes, file_name, problems);
    std::string part;
    bool from_1904 = false;
    if (!book.ok() || !find_sheet(book, options.sheet, file_name, part, out.sheet, from_1904, problems)) return false;

    std::vector<std::string> shared;
    pugi::xml_document strings;
    if (book.parse("xl/sharedStrings.xml", strings, false)) {
        for (pugi::xml_node si : strings.first_child().children()) {
            if (si.type() != pugi::node_element || local(si.name()) != "si") continue;
            shared.emplace_back();
            gather_text(si, shared.back());
        }
    }
    if (!book.ok()) return false;
    const std::vector<bool> dates = date_styles(book);
    pugi::xml_document doc;
    if (!book.parse(part, doc)) return false;
    const pugi::xml_node sheet = doc.first_child();

    std::size_t next_row = 1;
    for (pugi::xml_node r : child(sheet, "sheetData").children()) {
        if (r.type() != pugi::node_element || local(r.name()) != "row") continue;
        const std::size_t row = attribute(r, "r") ? static_cast<std::size_t>(attribute(r, "r").as_ullong()) : next_row;
        if (row < next_row || row > max_rows + 1000) {
            problems.error({file_name, 0, 0, ""}, row < next_row ? "sheet '" + out.sheet + "' has its rows out of order"
                                                                 : "sheet '" + out.sheet + "' has more than " + std::to_string(max_rows) + " rows");
            return false;
        }
        next_row = row + 1;
        out.rows.resize(row);
        std::vector<std::string>& cells = out.rows[row - 1];
        std::size_t next_column = 1;
        for (pugi::xml_node c : r.children()) {
            if (c.type() != pugi::node_element || local(c.name()) != "c") continue;
            std::size_t at_row = row, column = next_column;
            if (const pugi::xml_attribute ref = attribute(c, "r"); ref && (!cell_reference(ref.as_string(), at_row, column) || at_row != row)) {
                problems.error({file_name, 0, 0, ""}, "sheet '" + out.sheet + "' row " + std::to_string(row) +
                                                          " has a cell with the reference '" + std::string(ref.as_string()).substr(0, 20) + "'");
                return false;
            }
            next_column = column + 1;
            const std::string type = attribute(c, "t").as_string("n");
            const std::string v = child(c, "v").text().get();
            std::string value;
            if (type == "s") {
                const std::size_t k = static_cast<std::size_t>(std::strtoull(v.c_str(), nullptr, 10));
                if (k < shared.size()) value = shared[k];
            } else if (type == "inlineStr") {
                gather_text(child(c, "is"), value);
            } else if (type == "b") {
                value = v == "1" ? "TRUE" : "FALSE";
            } else if (type == "n" && !v.empty()) {
                const std::size_t style = attribute(c, "s").as_uint(0);
                value = style < dates.size() && dates[style] ? serial_date(std::strtod(v.c_str(), nullptr), from_1904) : number_text(v);
            } else {
                value = v;  // str (a formula's text), e (#N/A ...), d (an ISO date)
            }
            if (cells.size() < column) cells.resize(column);
            cells[column - 1] = clean_cell(value);
        }
    }
    // A merged range shows its first cell's value in all of it (a unit over several rows).
    for (pugi::xml_node m : child(sheet, "mergeCells").children()) {
        const std::string ref = attribute(m, "ref").as_string();
        const std::size_t colon = ref.find(':');
        std::size_t r1, c1, r2, c2;
        if (colon == std::string::npos || !cell_reference(ref.substr(0, colon), r1, c1) ||
            !cell_reference(ref.substr(colon + 1), r2, c2) || r2 < r1 || c2 < c1 || r1 > out.rows.size() ||
            (r2 - r1 + 1) * (c2 - c1 + 1) > 100000)
            continue;
        const std::string value = c1 <= out.rows[r1 - 1].size() ? out.rows[r1 - 1][c1 - 1] : "";
        for (std::size_t row = r1; row <= r2 && row <= out.rows.size(); ++row) {
            auto& cells = out.rows[row - 1];
            if (cells.size() < c2) cells.resize(c2);
            for (std::size_t column = c1; column <= c2; ++column)
                if (cells[column - 1].empty()) cells[column - 1] = value;
        }
    }
    return true;
}

}  // namespace sheet::detail
