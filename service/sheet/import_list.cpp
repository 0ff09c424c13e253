// Owns turning a table into a record: the header row found and mapped by name (with or without
// diacritics and case) or by --map, each row checked and named by its cell, and the skeleton's
// recipients or attendees filled, the rest of the skeleton kept as it was written.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <pugixml.hpp>
#include <utf8proc.h>

#include "record/record.hpp"
#include "sheet/steps.hpp"
#include "text/encoding.hpp"
#include "text/normalize.hpp"
#include "text/vietnamese.hpp"

namespace sheet {

namespace {

// The fields a list fills, in the order a recipient or person writes them.
enum field : std::size_t { f_id, f_rank, f_name, f_position, f_detail, f_unit, f_citation, f_register, f_skip, field_count };

const std::array<const char*, field_count> field_names = {"id",   "rank",     "name",     "position", "detail",
                                                          "unit", "citation", "register", "skip"};

// A header's text folded for matching: no diacritics, lower case, letters and digits only,
// words one space apart ("Họ và tên:" -> "ho va ten", "Tập thể, cá nhân" -> "tap the ca nhan").
std::string fold_header(const std::string& text) {
    utf8proc_uint8_t* folded = nullptr;
    const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                            static_cast<utf8proc_ssize_t>(text.size()), &folded,
                                            static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD));
    std::string plain = n >= 0 ? std::string(reinterpret_cast<char*>(folded), static_cast<std::size_t>(n)) : text;
    std::free(folded);
    std::string out;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(plain[i]);
        if (c == 0xC4 && i + 1 < plain.size() && static_cast<unsigned char>(plain[i + 1]) == 0x91) {  // đ
            out += 'd';
            ++i;
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += static_cast<char>(c);
        } else if (!out.empty() && out.back() != ' ') {
            out += ' ';
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// The field a header names, if it names one; the unit/detail column is the list's second line.
std::optional<field> field_of_header(const std::string& header, list_of kind) {
    static const std::map<std::string, field> known = {
        {"stt", f_skip},           {"tt", f_skip},           {"so tt", f_skip},         {"so thu tu", f_skip},
        {"ma", f_id},              {"id", f_id},             {"ma so", f_id},           {"ho va ten", f_name},
        {"ho ten", f_name},        {"ten", f_name},          {"ten don vi", f_name},    {"tap the ca nhan", f_name},
        {"cap bac", f_rank},       {"chuc vu", f_position},  {"don vi", f_detail},      {"dia chi", f_detail},
        {"chi tiet", f_detail},    {"thanh tich", f_citation}, {"ly do", f_citation},   {"so vao so", f_register},
        {"so so vang", f_register},
    };
    const auto found = known.find(fold_header(header));
    if (found == known.end()) return std::nullopt;
    if (kind == list_of::participants) {
        if (found->second == f_detail) return f_unit;
        if (found->second == f_citation || found->second == f_register || found->second == f_id) return f_skip;
    }
    if (kind == list_of::recipients && found->second == f_position) return f_skip;
    return found->second;
}

// A row's cell, or empty beyond its end.
const std::string& cell_at(const std::vector<std::string>& row, std::size_t column) {
    static const std::string none;
    return column >= 1 && column <= row.size() ? row[column - 1] : none;
}

bool is_blank(const std::vector<std::string>& row) {
    return std::all_of(row.begin(), row.end(), [](const std::string& c) { return c.empty(); });
}

// Whether a row is a totals line: its first text is "Tổng", "Tổng cộng: 507 tổ", "Tổng số" or
// "Cộng" (alone or with a number), not a name that starts with the word ("Công an ...").
bool is_totals(const std::vector<std::string>& row) {
    for (const std::string& c : row) {
        if (c.empty()) continue;
        const std::string f = fold_header(c);
        const bool number_after_cong = f.rfind("cong ", 0) == 0 && f.size() > 5 && std::isdigit(static_cast<unsigned char>(f[5]));
        return f == "tong" || f == "cong" || f.rfind("tong cong", 0) == 0 || f.rfind("tong so", 0) == 0 || number_after_cong;
    }
    return false;
}

// One row of the list as it will be written.
struct entry {
    std::size_t row = 0;
    std::array<std::string, field_count> values;
};

// The columns of the fields: header names, then --map over them.
struct columns {
    std::array<std::size_t, field_count> of{};  // 0: not in the list
    std::array<bool, field_count> upper{};      // typed in TCVN3 with the .VnTimeH fonts: read in capitals
    std::size_t header_row = 0;                 // 0: no header row (a --map alone)
    std::size_t width = 0;                      // the header's last named column
};

bool read_map(const std::string& map, const import_options& o, columns& cols, vanthu::diagnostics& problems) {
    std::stringstream parts(map);
    for (std::string part; std::getline(parts, part, ',');) {
        const std::size_t eq = part.find('=');
        const std::string name = text::to_lower(std::string(text::trim(part.substr(0, eq))));
        std::string letters = eq == std::string::npos ? "" : std::string(text::trim(part.substr(eq + 1)));
        const auto f = std::find(field_names.begin(), field_names.end() - 1, name);
        const std::size_t field = static_cast<std::size_t>(f - field_names.begin());
        // ":upper" (or "upper" alone, keeping the header's column): text typed in TCVN3 with the
        // .VnTimeH fonts, whose small letters print as capitals.
        const std::size_t colon = letters.find(':');
        const bool upper = letters == "upper" || (colon != std::string::npos && letters.substr(colon + 1) == "upper");
        if (upper) letters = letters == "upper" ? "" : letters.substr(0, colon);
        const std::size_t column = column_number(letters);
        if (eq == std::string::npos || f == field_names.end() - 1 || (column == 0 && !(upper && letters.empty()))) {
            problems.error({o.list_name, 0, 0, ""}, "--map takes field=COLUMN pairs such as name=C,detail=D, not '" + part + "'",
                           "fields: id, rank, name, position, detail, unit, citation, register; COLUMN:upper (or upper alone) "
                           "reads a column typed with the .VnTimeH fonts in capitals");
            return false;
        }
        if (column != 0) cols.of[field] = column;
        cols.upper[field] = cols.upper[field] || upper;
    }
    return true;
}

// Finds the header row (the first of the first 30 whose cells name the name column) and maps it.
bool map_columns(const table& t, const import_options& o, columns& cols, vanthu::diagnostics& problems) {
    for (std::size_t r = 1; r <= t.rows.size() && r <= 30 && cols.header_row == 0; ++r) {
        std::array<std::size_t, field_count> found{};
        std::size_t width = 0;
        for (std::size_t c = 1; c <= t.rows[r - 1].size(); ++c) {
            if (!t.rows[r - 1][c - 1].empty()) width = c;
            const std::optional<field> f = field_of_header(t.rows[r - 1][c - 1], o.kind);
            if (f && found[*f] == 0) found[*f] = c;
        }
        if (found[f_name] != 0) {
            cols.of = found;
            cols.header_row = r;
            cols.width = width;
        }
    }
    if (!o.map.empty() && !read_map(o.map, o, cols, problems)) return false;
    if (cols.of[f_name] == 0) {
        problems.error({o.list_name, 0, 0, ""},
                       "no header row names the name column in the first 30 rows" +
                           std::string(t.sheet.empty() ? "" : " of sheet '" + t.sheet + "'"),
                       "name it 'Họ và tên', 'Tên đơn vị' or 'Tập thể, cá nhân', or give --map name=C");
        return false;
    }
    return true;
}

// The columns as mapped, for a person to check: each up to the header's last (or the last
// a field reads), its header cell and the field it fills.
void describe_layout(const table& t, const columns& cols, std::size_t rows, list_layout& out) {
    out = {};
    out.sheet = t.sheet;
    out.header_row = cols.header_row;
    out.rows = rows;
    std::size_t width = cols.width;
    for (std::size_t f = 0; f < f_skip; ++f) width = std::max(width, cols.of[f]);
    const std::vector<std::string> none;
    const std::vector<std::string>& header = cols.header_row ? t.rows[cols.header_row - 1] : none;
    for (std::size_t c = 1; c <= width; ++c) {
        list_layout::column col{column_letters(c), cell_at(header, c), ""};
        for (std::size_t f = 0; f < f_skip; ++f)
            if (cols.of[f] == c) col.field = field_names[f];
        out.columns.push_back(std::move(col));
    }
}

// Every row under the header as an entry; every problem named by its cell.
std::vector<entry> read_rows(const table& t, const import_options& o, const columns& cols, const std::string& prefix,
                             vanthu::diagnostics& problems) {
    std::vector<entry> entries;
    std::size_t last = t.rows.size();
    while (last > cols.header_row && is_blank(t.rows[last - 1])) --last;
    std::size_t blanks = 0;
    std::map<std::string, std::size_t> ids;  // folded id -> row
    auto where = [&](std::size_t row, std::size_t column) {
        return vanthu::location{cell_name(o.list_name, t.sheet, row, column), 0, 0, ""};
    };
    for (std::size_t r = cols.header_row + 1; r <= last; ++r) {
        const std::vector<std::string>& row = t.rows[r - 1];
        if (is_blank(row)) {
            ++blanks;
            continue;
        }
        if (r == last && is_totals(row) && cell_at(row, cols.of[f_id]).empty()) {
            problems.warning(where(r, 1), "a totals row; skipped");
            continue;
        }
        entry e;
        e.row = r;
        for (std::size_t f = 0; f < f_skip; ++f)
            e.values[f] = cols.upper[f] ? text::to_upper(cell_at(row, cols.of[f])) : cell_at(row, cols.of[f]);
        if (cols.width > 0)
            for (std::size_t c = cols.width + 1; c <= row.size(); ++c)
                if (!row[c - 1].empty()) {
                    problems.error(where(r, c), "a value beyond the header's last column (" + column_letters(cols.width) + ")",
                                   "give the column a header, or move the value into the table");
                    break;
                }
        if (e.values[f_name].empty()) problems.error(where(r, cols.of[f_name]), "empty name");
        if (o.kind == list_of::recipients) {
            const bool given = !e.values[f_id].empty();
            if (!given) e.values[f_id] = prefix + "-" + std::to_string(r);
            const std::size_t id_column = given ? cols.of[f_id] : cols.of[f_name];
            if (const std::string why = record::why_not_a_file_name(e.values[f_id]); !why.empty())
                problems.error(where(r, id_column), "the id '" + e.values[f_id] + "' cannot name a file: " + why);
            const auto [at, fresh] = ids.emplace(text::fold_case(e.values[f_id]), r);
            if (!fresh)
                problems.error(where(r, id_column), "the id '" + e.values[f_id] + "' is also the id of row " +
                                                        std::to_string(at->second));
        }
        entries.push_back(std::move(e));
    }
    if (blanks > 0) problems.warning({o.list_name, 0, 0, ""}, std::to_string(blanks) + " blank rows skipped");
    if (entries.empty()) problems.error({o.list_name, 0, 0, ""}, "no rows under the header row " + std::to_string(cols.header_row));
    if (entries.size() > max_rows)
        problems.error({o.list_name, 0, 0, ""}, "the list has " + std::to_string(entries.size()) + " rows; at most " +
                                                    std::to_string(max_rows) + " are taken");
    return entries;
}

// The whitespace before a node, when it is a line break and an indent ("\n  ").
std::string indent_before(pugi::xml_node node) {
    const pugi::xml_node before = node.previous_sibling();
    if (before.type() != pugi::node_pcdata) return "\n";
    const std::string ws = before.value();
    const std::size_t nl = ws.rfind('\n');
    return nl == std::string::npos ? "\n" : ws.substr(nl);
}

// Appends an element child on its own line, with text when given.
pugi::xml_node add_child(pugi::xml_node parent, const std::string& indent, const char* name, const std::string& value = {}) {
    parent.append_child(pugi::node_pcdata).set_value(indent.c_str());
    pugi::xml_node c = parent.append_child(name);
    if (!value.empty()) c.append_child(pugi::node_pcdata).set_value(value.c_str());
    return c;
}

// The skeleton's container filled with the entries.
void fill(pugi::xml_node container, const std::vector<entry>& entries, list_of kind) {
    const std::string outer = indent_before(container);
    const std::string inner = outer + "  ", deeper = inner + "  ";
    container.remove_children();
    container.remove_attribute("from");
    for (const entry& e : entries) {
        pugi::xml_node item = add_child(container, inner, kind == list_of::recipients ? "recipient" : "person");
        if (kind == list_of::recipients) item.append_attribute("id").set_value(e.values[f_id].c_str());
        const std::array<field, 5> order = kind == list_of::recipients
                                               ? std::array<field, 5>{f_rank, f_name, f_detail, f_citation, f_register}
                                               : std::array<field, 5>{f_rank, f_name, f_position, f_unit, f_skip};
        for (field f : order)
            if (f != f_skip && !e.values[f].empty()) add_child(item, deeper, field_names[f], e.values[f]);
        item.append_child(pugi::node_pcdata).set_value(inner.c_str());
    }
    container.append_child(pugi::node_pcdata).set_value(outer.c_str());
}

}  // namespace

bool import_list(std::string_view skeleton, std::string_view list, const import_options& o, std::string& record,
                 vanthu::diagnostics& problems) {
    std::string utf8;
    pugi::xml_document doc;
    if (!detail::load(skeleton, utf8, doc, problems)) return false;
    pugi::xml_node root = doc.document_element();
    const char* wanted_root = o.kind == list_of::recipients ? "certification" : "meeting";
    const char* container_name = o.kind == list_of::recipients ? "recipients" : "attendees";
    if (std::string(root.name()) != wanted_root) {
        problems.error({"", 0, 0, "/" + std::string(root.name())},
                       std::string("a list of ") + (o.kind == list_of::recipients ? "recipients" : "participants") +
                           " fills a <" + wanted_root + ">, and this record is a <" + root.name() + ">");
        return false;
    }
    pugi::xml_node container = root.child(container_name);
    if (container && container.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; })) {
        problems.error({"", 0, 0, "/" + std::string(wanted_root) + "/" + container_name},
                       std::string("the record lists its ") + container_name + " already",
                       std::string("leave <") + container_name + "/> empty (or leave it out) when a list fills it");
        return false;
    }
    table t;
    columns cols;
    if (!read_table(list, o.list_name, o.read, t, problems) || !map_columns(t, o, cols, problems)) return false;
    const std::string prefix = o.id_prefix.empty() ? std::string(root.attribute("id").as_string("row")) : o.id_prefix;
    const std::vector<entry> entries = read_rows(t, o, cols, prefix, problems);
    if (o.layout) describe_layout(t, cols, entries.size(), *o.layout);
    if (problems.has_errors()) return false;
    if (!container) {  // at the end of the record, indented as its other children
        std::string indent = "\n  ";
        for (pugi::xml_node c : root.children())
            if (c.type() == pugi::node_element) {
                indent = indent_before(c);
                break;
            }
        const pugi::xml_node tail = root.last_child();
        if (tail.type() == pugi::node_pcdata) {
            root.insert_child_before(pugi::node_pcdata, tail).set_value(indent.c_str());
            container = root.insert_child_before(container_name, tail);
        } else {
            root.append_child(pugi::node_pcdata).set_value(indent.c_str());
            container = root.append_child(container_name);
            root.append_child(pugi::node_pcdata).set_value("\n");
        }
    }
    fill(container, entries, o.kind);
    record = detail::saved(doc);
    return true;
}

std::optional<list_reference> named_list(std::string_view skeleton) {
    const text::decode_result decoded = text::decode_xml_bytes(skeleton);
    // Most records name no list: without the attribute's name anywhere in the text, the record
    // is not parsed a second time (10,000 recipients: 20 ms before rendering could start).
    if (!decoded || decoded.utf8.find("from") == std::string::npos) return std::nullopt;
    pugi::xml_document doc;
    if (!doc.load_buffer(decoded.utf8.data(), decoded.utf8.size())) return std::nullopt;
    const pugi::xml_node root = doc.document_element();
    for (const auto& [name, kind] : {std::pair<const char*, list_of>{"recipients", list_of::recipients},
                                     std::pair<const char*, list_of>{"attendees", list_of::participants}}) {
        const pugi::xml_attribute from = root.child(name).attribute("from");
        if (!from) continue;
        list_reference ref{kind, from.as_string(), ""};
        if (const std::string why = record::why_not_a_file_name(ref.file); !why.empty())
            ref.problem = "<" + std::string(name) + " from=\"" + ref.file.substr(0, 80) + "\"> names no file beside the record: " + why;
        else if (!is_list_file_name(ref.file))
            ref.problem = "<" + std::string(name) + " from=\"" + ref.file + "\"> names no list: a list is a .xlsx, .csv or .txt file";
        return ref;
    }
    return std::nullopt;
}

bool is_list_file_name(std::string_view name) {
    const std::string lower = text::to_lower(name);
    for (const std::string_view ext : {".xlsx", ".csv", ".txt"})
        if (lower.size() > ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0) return true;
    return false;
}

std::string column_letters(std::size_t column) {
    std::string out;
    for (; column > 0; column = (column - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
    return out;
}

std::size_t column_number(std::string_view letters) {
    std::size_t n = 0;
    if (letters.empty() || letters.size() > 3) return 0;
    for (char c : letters) {
        const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (u < 'A' || u > 'Z') return 0;
        n = n * 26 + static_cast<std::size_t>(u - 'A' + 1);
    }
    return n;
}

std::string cell_name(const std::string& file, const std::string& sheet, std::size_t row, std::size_t column) {
    return file + ":" + (sheet.empty() ? "" : sheet + "!") + column_letters(column) + std::to_string(row);
}

namespace detail {

bool load(std::string_view bytes, std::string& utf8, pugi::xml_document& doc, vanthu::diagnostics& problems) {
    text::decode_result decoded = text::decode_xml_bytes(bytes);
    if (!decoded) {
        problems.error(vanthu::locate_offset(bytes.data(), bytes.size(), decoded.error_offset), decoded.message);
        return false;
    }
    utf8 = std::move(decoded.utf8);
    const unsigned mode = pugi::parse_default | pugi::parse_declaration | pugi::parse_ws_pcdata | pugi::parse_comments;
    const pugi::xml_parse_result parsed = doc.load_buffer(utf8.data(), utf8.size(), mode, pugi::encoding_utf8);
    if (!parsed) {
        problems.error(vanthu::locate_offset(utf8.data(), utf8.size(), static_cast<std::size_t>(parsed.offset)),
                       std::string("malformed XML: ") + parsed.description());
        return false;
    }
    return true;
}

std::string saved(const pugi::xml_document& doc) {
    struct string_writer : pugi::xml_writer {
        std::string out;
        void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
    } w;
    doc.save(w, "", pugi::format_raw, pugi::encoding_utf8);
    std::string& out = w.out;
    // pugixml keeps no whitespace outside the root: the declaration gets its line back.
    if (const std::size_t end = out.find("?>"); out.rfind("<?xml", 0) == 0 && end != std::string::npos && out.compare(end + 2, 1, "\n") != 0)
        out.insert(end + 2, "\n");
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
}

std::string clean_cell(std::string_view text) { return std::string(text::trim(text::collapse_whitespace(text::to_nfc(text)))); }

}  // namespace detail

bool read_table(std::string_view bytes, const std::string& file_name, const read_options& options, table& out,
                vanthu::diagnostics& problems) {
    if (bytes.size() > max_list_bytes) {
        problems.error({file_name, 0, 0, ""}, "the list is " + std::to_string(bytes.size()) + " bytes; at most " +
                                                  std::to_string(max_list_bytes / (1024 * 1024)) + " MiB is taken");
        return false;
    }
    if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return detail::read_xlsx(bytes, file_name, options, out, problems);
    if (bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
        problems.error({file_name, 0, 0, ""}, "an old Excel workbook (.xls) is not read", "save it as .xlsx, or as CSV UTF-8");
        return false;
    }
    return detail::read_text(bytes, file_name, options, out, problems);
}

}  // namespace sheet
