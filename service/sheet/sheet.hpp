// Lists from spreadsheets: an XLSX workbook or a CSV (or tab-separated) text read into rows of
// text, its header row found and mapped by name to the fields of recipients or participants,
// and a record skeleton filled from it. What a secretariat keeps in Excel becomes a record
// without a programmer's script; every problem names its cell (list.xlsx:Danh sách!C17).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace sheet {

// The limits a list is read under (a workbook is a ZIP of XML: each is a way to blow it up).
constexpr std::size_t max_list_bytes = 32u * 1024u * 1024u;     // the file itself
constexpr std::size_t max_unpacked_bytes = 256u * 1024u * 1024u;  // every part of a workbook, unpacked
constexpr std::size_t max_part_ratio = 200;                       // unpacked / packed, a part
constexpr std::size_t max_rows = 10000;                           // rows of data under the header

// A table as read: rows of cells (UTF-8, NFC, blanks collapsed and trimmed), numbered as in
// the file (rows[0] is row 1, cells[0] column A).
struct table {
    std::string sheet;                           // the sheet's name (XLSX); empty for text
    std::vector<std::vector<std::string>> rows;
};

struct read_options {
    std::string sheet;     // XLSX: the sheet to read; empty: the first
    std::string encoding;  // text: utf-8, windows-1258, tcvn3; empty: detected
};

// Reads a list's bytes: XLSX when they are a ZIP, else text. file_name labels the problems.
bool read_table(std::string_view bytes, const std::string& file_name, const read_options& options, table& out,
                vanthu::diagnostics& problems);

// What a list fills.
enum class list_of {
    recipients,   // a certification's recipients/recipient
    participants  // a meeting's attendees/person
};

// How a list's columns were read, for a person to check and correct before the rows are kept:
// the header row, each column up to the header's last with the field it fills.
struct list_layout {
    struct column {
        std::string letters;  // "B"
        std::string header;   // the header cell as written ("" without a header row)
        std::string field;    // id, rank, name, position, detail, unit, citation, register; "" for none
    };
    std::string sheet;        // the sheet read (XLSX)
    std::size_t header_row = 0;
    std::size_t rows = 0;     // rows of data kept
    std::vector<column> columns;
};

struct import_options {
    list_layout* layout = nullptr;  // when set, filled once the columns are mapped (even if rows fail)
    list_of kind = list_of::recipients;
    std::string list_name;  // the list's file name as given, for messages
    read_options read;
    std::string map;        // "name=C,detail=D": columns chosen by letter over the header's names
    std::string id_prefix;  // ids of rows without one: <prefix>-<row>; empty: the record's id
};

// The skeleton record (UTF-8 or any encoding a record may have) with its recipients or
// attendees filled from the list, as UTF-8 XML; false with every problem (nothing filled).
bool import_list(std::string_view skeleton, std::string_view list, const import_options& options,
                 std::string& record, vanthu::diagnostics& problems);

// The list a skeleton names in its own folder: <recipients from="ds.xlsx"/> or
// <attendees from="ds.csv"/> (the spool and the command read it from beside the skeleton).
struct list_reference {
    list_of kind = list_of::recipients;
    std::string file;   // as written
    std::string problem;  // why it cannot name a list beside the skeleton, or empty
};
std::optional<list_reference> named_list(std::string_view skeleton);

// Whether a file name is a list's: it ends in .xlsx, .csv or .txt, in any case.
bool is_list_file_name(std::string_view name);

// One text of a record read again as it was meant.
struct text_repair {
    vanthu::location where;  // line:column and path of the element or attribute
    std::string was, now;
};

// The record (any encoding a record may have) as UTF-8 with every text and attribute value
// that reads as mis-encoded (text::repair_misencoding) repaired, and the list of repairs, for
// a person to confirm; false with problems when the record is not XML.
bool repair_text(std::string_view record, std::string& out, std::vector<text_repair>& repairs, vanthu::diagnostics& problems);

// Column letters of a column number from 1 (1: A, 27: AA) and back (0: not column letters).
std::string column_letters(std::size_t column);
std::size_t column_number(std::string_view letters);

// Where a cell is, as problems name it: "list.xlsx:Danh sách!C17", "list.csv:C17".
std::string cell_name(const std::string& file, const std::string& sheet, std::size_t row, std::size_t column);

}  // namespace sheet
