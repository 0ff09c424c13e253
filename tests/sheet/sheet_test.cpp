// Lists from spreadsheets: the committed fixtures of three XLSX producers and five text
// encodings (tests/sheet/data/make_lists.py) read to the exact names, every error named by its
// cell, and the workbooks a list must never be (a ZIP bomb, a DOCTYPE, a path out of the ZIP).
#include <catch2/catch.hpp>

#include <zip.h>

#include <string>
#include <vector>

#include "sheet/sheet.hpp"
#include "support/test_paths.hpp"

namespace {

std::string data(const std::string& name) { return test_paths::read_file(test_paths::source("tests/sheet/data/" + name)); }

// The sample certification without its recipients: what a clerk keeps to fill from a list.
std::string certification_skeleton() {
    std::string s = test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml"));
    const std::size_t a = s.find("  <recipients>"), b = s.find("</recipients>\n");
    return s.erase(a, b + 14 - a);
}

struct imported {
    bool ok = false;
    std::string record;
    vanthu::diagnostics problems;
    std::string messages() const { return vanthu::format_diagnostics(problems); }
};

imported import(const std::string& list, const std::string& name, sheet::import_options o = {},
                const std::string& skeleton = certification_skeleton()) {
    imported out;
    o.list_name = name;
    out.ok = sheet::import_list(skeleton, list, o, out.record, out.problems);
    return out;
}

// The text of every element with a name in a record, in order.
std::vector<std::string> values_of(const std::string& record, const std::string& element) {
    std::vector<std::string> out;
    const std::string open = "<" + element + ">", close = "</" + element + ">";
    for (std::size_t at = record.find("<recipients>"); (at = record.find(open, at)) != std::string::npos;) {
        const std::size_t end = record.find(close, at);
        out.push_back(record.substr(at + open.size(), end - at - open.size()));
        at = end;
    }
    return out;
}

std::vector<std::string> ids_of(const std::string& record) {
    std::vector<std::string> out;
    for (std::size_t at = 0; (at = record.find("<recipient id=\"", at)) != std::string::npos;) {
        at += 15;
        out.push_back(record.substr(at, record.find('"', at) - at));
    }
    return out;
}

// A workbook written with libzip from parts.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& parts) {
    const std::string path = test_paths::scratch_dir("sheet-zip") + "/book.xlsx";
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    REQUIRE(z != nullptr);
    for (const auto& [name, bytes] : parts) {
        zip_source_t* s = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
        REQUIRE(zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    REQUIRE(zip_close(z) == 0);
    return test_paths::read_file(path);
}

// The smallest workbook of one sheet, with its sheet XML (or workbook XML) given.
std::string tiny_book(const std::string& sheet_xml, const std::string& workbook_xml = {}) {
    const std::string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    return make_zip({
        {"xl/workbook.xml", workbook_xml.empty() ? "<workbook xmlns=\"" + main + "\" xmlns:r=\"" + rel +
                                                       "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
                                                 : workbook_xml},
        {"xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                                       "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml", sheet_xml},
    });
}

const std::vector<std::string> names = {"Nguyễn Văn An", "Trần Thị Bình", "Tổ dân phố số 5", "Chợ Tam Bạc"};

}  // namespace

TEST_CASE("every_producer_and_encoding_of_the_list_gives_the_same_recipients", "[sheet]") {
    for (const char* file : {"openpyxl.xlsx", "libreoffice.xlsx", "utf8.csv", "utf8-bom-semicolon.csv", "utf16-tabs.txt",
                             "windows-1258.csv", "tcvn3.csv"}) {
        INFO(file);
        const imported r = import(data(file), file);
        INFO(r.messages());
        REQUIRE(r.ok);
        CHECK(values_of(r.record, "name") == names);
        CHECK(values_of(r.record, "rank") == std::vector<std::string>{"Đại úy", "Thượng úy"});
        CHECK(values_of(r.record, "register") == std::vector<std::string>{"125", "126", "127", "128"});
        CHECK(values_of(r.record, "detail").at(0) == "Phòng Cảnh sát PCCC và CNCH, Công an thành phố Hải Phòng");
        CHECK(ids_of(r.record) == std::vector<std::string>{"gk-001", "gk-002", "gk-003", "gk-004"});
        const std::string text(file);
        const bool legacy = text == "windows-1258.csv" || text == "tcvn3.csv";
        const bool warned = r.messages().find(text == "tcvn3.csv" ? "not UTF-8; read as TCVN3" : "not UTF-8; read as windows-1258") !=
                            std::string::npos;
        CHECK(warned == legacy);
    }
}

TEST_CASE("an_xlsx_sheet_reads_dates_booleans_merged_cells_and_several_sheets", "[sheet]") {
    sheet::table t;
    vanthu::diagnostics problems;
    REQUIRE(sheet::read_table(data("openpyxl.xlsx"), "openpyxl.xlsx", {}, t, problems));
    CHECK(t.sheet == "Danh sách");
    REQUIRE(t.rows.size() >= 4);
    CHECK(t.rows[0].at(0) == "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN");
    CHECK(t.rows[0].at(5) == t.rows[0].at(0));  // the merged title over A1:F1
    CHECK(t.rows[3].at(5) == "125");            // a number, not 125.0
    CHECK(t.rows[3].at(6) == "10/01/2022");     // a date stored as a serial number
    CHECK(t.rows[3].at(7) == "TRUE");
    CHECK(t.rows[4].at(7) == "FALSE");
    // The handmade workbook: inline strings, rich text runs (the phonetic run left out),
    // prefixed element names, a sheet in another folder, the 1904 date system.
    sheet::table h;
    REQUIRE(sheet::read_table(data("handmade.xlsx"), "handmade.xlsx", {}, h, problems));
    CHECK(h.sheet == "Người dự");
    CHECK(h.rows.at(1).at(0) == "Nguyễn Văn An");
    CHECK(h.rows.at(1).at(1) == "Đại úy");
    CHECK(h.rows.at(1).at(3) == "10/01/2024");
    // Another sheet by name, into a meeting's attendees.
    std::string meeting = test_paths::read_file(test_paths::source("samples/meeting-minimal.xml"));
    sheet::import_options o;
    o.kind = sheet::list_of::participants;
    o.read.sheet = "Khác";
    const imported m = import(data("openpyxl.xlsx"), "openpyxl.xlsx", o, meeting);
    INFO(m.messages());
    REQUIRE(m.ok);
    CHECK(m.record.find("<person>\n      <name>Lê Quốc Đạt</name>\n      <position>Phó Trưởng phòng</position>\n"
                        "      <unit>Phòng PC07</unit>\n    </person>") != std::string::npos);
    o.read.sheet = "Không có";
    const imported missing = import(data("openpyxl.xlsx"), "openpyxl.xlsx", o, meeting);
    CHECK_FALSE(missing.ok);
    CHECK(missing.messages().find("openpyxl.xlsx: the workbook has no sheet 'Không có' (its sheets: Danh sách, Khác)") !=
          std::string::npos);
}

TEST_CASE("every_bad_row_is_named_by_its_cell_and_nothing_is_filled", "[sheet]") {
    const std::string list =
        "Danh sách khen thưởng\n"
        "Mã,Họ và tên,Đơn vị\n"
        "a-1,Nguyễn Văn An,PC07\n"
        "a-2,,PC07\n"                            // row 4: no name
        "A-1,Trần Thị Bình,PC07\n"                // row 5: the id of row 3, in other letters
        "a-4,Lê Văn Cường,PC07,stray\n"           // row 6: a value beyond the header
        "con,Phạm Thị Dung,PC07\n";               // row 7: a name Windows keeps for a device
    const imported r = import(list, "list.csv");
    CHECK_FALSE(r.ok);
    CHECK(r.record.empty());
    const std::string m = r.messages();
    INFO(m);
    CHECK(m.find("list.csv:B4: empty name") != std::string::npos);
    CHECK(m.find("list.csv:A5: the id 'A-1' is also the id of row 3") != std::string::npos);
    CHECK(m.find("list.csv:D6: a value beyond the header's last column (C)") != std::string::npos);
    CHECK(m.find("list.csv:A7: the id 'con' cannot name a file") != std::string::npos);
    // Rows without ids get <prefix>-<row>, from the record's id or --id-prefix.
    const imported fine = import("Họ tên\nNguyễn Văn An\n\nTrần Thị Bình\nTổng cộng: 2\n", "list.csv");
    REQUIRE(fine.ok);
    CHECK(ids_of(fine.record) == std::vector<std::string>{"gk-pccc-2021-2", "gk-pccc-2021-4"});
    CHECK(fine.messages().find("list.csv:A5: warning: a totals row; skipped") != std::string::npos);
    CHECK(fine.messages().find("list.csv: warning: 1 blank rows skipped") != std::string::npos);
    sheet::import_options o;
    o.id_prefix = "gk2022";
    CHECK(ids_of(import("Họ tên\nNguyễn Văn An\n", "list.csv", o).record) == std::vector<std::string>{"gk2022-2"});
}

TEST_CASE("a_map_chooses_columns_by_letter_and_a_header_is_found_by_name_without_diacritics", "[sheet]") {
    sheet::import_options o;
    o.map = "id=A,name=B,detail=C";
    const imported mapped = import("x1,Nguyễn Văn An,PC07\nx2,Trần Thị Bình,PC08\n", "list.csv", o);
    INFO(mapped.messages());
    REQUIRE(mapped.ok);
    CHECK(ids_of(mapped.record) == std::vector<std::string>{"x1", "x2"});
    CHECK(values_of(mapped.record, "detail") == std::vector<std::string>{"PC07", "PC08"});
    o.map = "nom=B";
    CHECK(import("x1,Nguyễn Văn An\n", "list.csv", o).messages().find("--map takes field=COLUMN pairs") != std::string::npos);
    // "HO VA TEN:" and "DON VI" without marks, in capitals, under a title row.
    const imported plain = import("BIEU MAU\nSTT;HO VA TEN:;DON VI\n1;Nguyễn Văn An;PC07\n", "list.csv");
    REQUIRE(plain.ok);
    CHECK(values_of(plain.record, "name") == std::vector<std::string>{"Nguyễn Văn An"});
    CHECK(import("a,b\n1,2\n", "list.csv").messages().find("no header row names the name column") != std::string::npos);
}

TEST_CASE("a_skeleton_that_cannot_take_the_list_is_refused", "[sheet]") {
    const std::string list = "Họ và tên\nNguyễn Văn An\n";
    const std::string full = test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml"));
    CHECK(import(list, "l.csv", {}, full).messages().find("the record lists its recipients already") != std::string::npos);
    const std::string meeting = test_paths::read_file(test_paths::source("samples/meeting-minimal.xml"));
    CHECK(import(list, "l.csv", {}, meeting).messages().find("a list of recipients fills a <certification>, and this record is a <meeting>") !=
          std::string::npos);
    CHECK(import(list, "l.csv", {}, "<certification>").messages().find("malformed XML") != std::string::npos);
}

TEST_CASE("a_workbook_that_is_a_trap_is_refused_with_a_clear_error", "[sheet]") {
    const std::string ok_sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                                 "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Họ và tên</t></is></c></row>"
                                 "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Nguyễn Văn An</t></is></c></row>"
                                 "</sheetData></worksheet>";
    REQUIRE(import(tiny_book(ok_sheet), "ok.xlsx").ok);
    struct trap {
        std::string bytes;
        const char* says;
    };
    const std::string bomb = ok_sheet.substr(0, ok_sheet.size() - 24) + std::string(60u * 1024 * 1024, ' ') + "</sheetData></worksheet>";
    const trap traps[] = {
        {tiny_book(bomb), "unpacks to"},
        {tiny_book("<!DOCTYPE x [<!ENTITY a \"aaaa\">]>" + ok_sheet), "has a DOCTYPE"},
        {make_zip({{"../evil.xml", "x"}, {"xl/workbook.xml", "<workbook/>"}}), "a path outside it"},
        {make_zip({{"xl/workbook.xml", "<workbook/>"}}), "has no xl/_rels/workbook.xml.rels"},
        {std::string("PK\x03\x04", 4) + "not a zip at all", "not a workbook that can be opened"},
        {std::string("\xD0\xCF\x11\xE0", 4) + std::string(100, '\0'), "an old Excel workbook (.xls) is not read"},
        {std::string(sheet::max_list_bytes + 1, 'a'), "at most 32 MiB is taken"},
    };
    for (const trap& t : traps) {
        INFO(t.says);
        const imported r = import(t.bytes, "trap.xlsx");
        CHECK_FALSE(r.ok);
        CHECK(r.messages().find(t.says) != std::string::npos);
    }
    std::string many = "Họ và tên\n";
    for (int i = 0; i < 10001; ++i) many += "Người " + std::to_string(i) + "\n";
    CHECK(import(many, "many.csv").messages().find("the list has 10001 rows; at most 10000 are taken") != std::string::npos);
}

// Where the central directory's record of the first entry named name starts.
std::size_t central_record(const std::string& zip, const std::string& name) {
    for (std::size_t at = zip.find("PK\x01\x02"); at != std::string::npos; at = zip.find("PK\x01\x02", at + 4))
        if (zip.compare(at + 46, name.size(), name) == 0) return at;
    FAIL("no central record of " << name);
    return 0;
}

TEST_CASE("a_damaged_or_odd_zip_is_refused_naming_the_part_and_the_fault", "[sheet]") {
    const std::string ok_sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                                 "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Họ và tên</t></is></c></row>"
                                 "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Trần Thị Bình</t></is></c></row>"
                                 "</sheetData></worksheet>";
    const std::string book = tiny_book(ok_sheet);
    REQUIRE(import(book, "ok.xlsx").ok);
    const std::string sheet_part = "xl/worksheets/sheet1.xml";
    const std::size_t central = central_record(book, sheet_part);
    auto patched = [&](std::size_t at, unsigned char byte) {
        std::string b = book;
        b[at] = static_cast<char>(static_cast<unsigned char>(b[at]) ^ byte);
        return b;
    };
    std::string twins = make_zip({{"xl/a.xml", "<a/>"}, {"xl/b.xml", "<b/>"}});
    for (std::size_t at = twins.find("xl/b.xml"); at != std::string::npos; at = twins.find("xl/b.xml", at)) twins.replace(at, 8, "xl/a.xml");
    std::string latin1_name = make_zip({{"xl/\xC3\xA0.xml", "<a/>"}, {"xl/b.xml", "<b/>"}});  // à in UTF-8, then the C3 made Latin-1
    for (std::size_t at = latin1_name.find("xl/\xC3\xA0"); at != std::string::npos; at = latin1_name.find("xl/\xC3\xA0", at))
        latin1_name.replace(at, 5, "xl/\xE0\xA0");
    struct damage {
        std::string bytes;
        const char* says;
    };
    const damage damages[] = {
        {book.substr(0, book.size() / 2), "not a ZIP archive (no end of central directory)"},
        {book.substr(0, book.size() - 1), "not a ZIP archive"},
        {patched(central + 16, 0x01), "xl/worksheets/sheet1.xml fails its CRC-32 check"},
        {patched(central + 8, 0x01), "(xl/worksheets/sheet1.xml) is encrypted"},
        {patched(central + 10, 0x04), "is packed with method 12; only stored and deflated are read"},
        {patched(central + 24, 0x01), "xl/worksheets/sheet1.xml unpacks to another size than the ZIP says"},
        {patched(central + 42, 0x01), "its local header is missing"},
        {patched(central + 23, 0x10), "its bytes run past the end of the data"},
        {patched(book.size() - 3, 0x80), "the ZIP's central directory lies outside the file"},
        {twins, "two parts are named 'xl/a.xml'"},
        {[&] {  // deflated, 0 bytes packed, 256 MiB unpacked: refused before any memory is taken
             std::string b = book;
             for (int i = 0; i < 4; ++i) b[central + 20 + i] = 0;
             b[central + 24] = 0, b[central + 25] = 0, b[central + 26] = 0, b[central + 27] = 0x10;
             return b;
         }(), "says it unpacks to 268435456 bytes from none"},
        {latin1_name, "ZIP entry 1 has a name that is not UTF-8"},
        {patched(book.size() - 12, 0x01), "a ZIP split over several disks"},
    };
    for (const damage& d : damages) {
        INFO(d.says);
        const imported r = import(d.bytes, "damaged.xlsx");
        CHECK_FALSE(r.ok);
        CHECK(r.messages().find("damaged.xlsx") != std::string::npos);
        CHECK(r.messages().find(d.says) != std::string::npos);
    }
}

TEST_CASE("column_letters_and_numbers_go_both_ways", "[sheet]") {
    CHECK(sheet::column_letters(1) == "A");
    CHECK(sheet::column_letters(26) == "Z");
    CHECK(sheet::column_letters(27) == "AA");
    CHECK(sheet::column_letters(16384) == "XFD");
    for (std::size_t c : {1u, 26u, 27u, 52u, 703u, 16384u}) CHECK(sheet::column_number(sheet::column_letters(c)) == c);
    CHECK(sheet::column_number("A1") == 0);
    CHECK(sheet::column_number("") == 0);
}

TEST_CASE("a_column_typed_with_the_vntimeh_fonts_is_read_in_capitals_when_the_map_says_so", "[sheet]") {
    // "Tên đơn vị" / "phòng cảnh sát pccc" in TCVN3: the second typed with .VnTimeH, which prints it in capitals.
    const std::string list = "T\xAAn \xAE\xACn v\xDE\nph\xDFng c\xB6nh s\xB8t pccc\n";
    sheet::import_options o;
    o.map = "name=upper";
    const imported r = import(list, "cu.csv", o);
    INFO(r.messages());
    REQUIRE(r.ok);
    CHECK(values_of(r.record, "name") == std::vector<std::string>{"PHÒNG CẢNH SÁT PCCC"});
    o.map = "name=A:upper";
    CHECK(values_of(import(list, "cu.csv", o).record, "name") == std::vector<std::string>{"PHÒNG CẢNH SÁT PCCC"});
    CHECK(values_of(import(list, "cu.csv").record, "name") == std::vector<std::string>{"phòng cảnh sát pccc"});
}

TEST_CASE("the_layout_tells_which_column_fills_which_field_and_follows_the_map", "[sheet]") {
    sheet::list_layout layout;
    sheet::import_options o;
    o.layout = &layout;
    const imported by_header = import(data("utf8.csv"), "utf8.csv", o);
    INFO(by_header.messages());
    REQUIRE(by_header.ok);
    CHECK(layout.header_row == 1);
    CHECK(layout.rows == ids_of(by_header.record).size());
    REQUIRE(layout.columns.size() == 6);
    CHECK(layout.columns[0].letters == "A");
    CHECK(layout.columns[0].field.empty());  // STT fills nothing
    CHECK(layout.columns[1].field == "id");
    CHECK(layout.columns[2].header == "Tập thể, cá nhân");
    CHECK(layout.columns[2].field == "name");
    CHECK(layout.columns[4].field == "detail");
    CHECK(layout.columns[5].field == "register");
    // The clerk swaps the name and the detail: the layout says so, and the names are E's.
    o.map = "name=E,detail=C";
    const imported moved = import(data("utf8.csv"), "utf8.csv", o);
    REQUIRE(moved.ok);
    CHECK(layout.columns[4].field == "name");
    CHECK(layout.columns[2].field == "detail");
    CHECK(values_of(moved.record, "name").front() == "Phòng Cảnh sát PCCC và CNCH, Công an thành phố Hải Phòng");
}
