// vanthu_import_bench: the time of filling a certification skeleton from a list of 10,000 rows
// (issue 14 asks under 0.3 s), as an .xlsx workbook (shared strings, a number column, packed by
// libzip as spreadsheet programs pack) and as CSV in UTF-8 and in TCVN3. Best of --repeat runs
// of sheet::import_list in this process; the figures and the ratio to the goal on stdout.
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <iconv.h>

#include "sheet/sheet.hpp"

namespace {

const char* const skeleton =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<certification schema=\"1\" id=\"bench-import\" kind=\"standard\">\n"
    "  <issuer><parent>BỘ CÔNG AN</parent><name>CÔNG AN THÀNH PHỐ HẢI PHÒNG</name></issuer>\n"
    "  <recipients/>\n</certification>\n";

// The cells of row i (from 1): id, name, rank, unit, register.
std::vector<std::string> row(std::size_t i) {
    static const char* const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"};
    static const char* const given[] = {"Văn An", "Thị Bình", "Quốc Đạt", "Minh Châu", "Hữu Phước", "Thị Hằng"};
    static const char* const unit[] = {"phường Hùng Vương, quận Hồng Bàng", "phường Dư Hàng Kênh, quận Lê Chân",
                                       "phường Đông Hải 1, quận Hải An", "Công an quận Ngô Quyền"};
    return {"r-" + std::to_string(i), std::string(family[i % 8]) + " " + given[i % 6], i % 3 == 0 ? "Đại úy" : "",
            unit[i % 4], std::to_string(1000 + i)};
}

std::string csv(std::size_t rows) {
    std::string out = "STT,Mã,Họ và tên,Cấp bậc,Đơn vị,Số sổ vàng\r\n";
    for (std::size_t i = 1; i <= rows; ++i) {
        const auto c = row(i);
        out += std::to_string(i) + "," + c[0] + "," + c[1] + "," + c[2] + ",\"" + c[3] + "\"," + c[4] + "\r\n";
    }
    return out;
}

std::string to_tcvn3(const std::string& utf8) {
    iconv_t cd = iconv_open("TCVN5712-1", "UTF-8");
    std::string out(utf8.size() * 2, '\0');
    char* in = const_cast<char*>(utf8.data());
    char* o = out.data();
    std::size_t in_left = utf8.size(), out_left = out.size();
    iconv(cd, &in, &in_left, &o, &out_left);
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : std::string(1, c);
    return out;
}

// An .xlsx of the rows: every text a shared string, the register a number.
std::string xlsx(std::size_t rows, const std::string& path) {
    const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    std::string strings = "<sst xmlns=\"" + ns + "\">", sheet = "<worksheet xmlns=\"" + ns + "\"><sheetData>";
    std::size_t count = 0;
    auto text_cell = [&](const std::string& ref, const std::string& text) {
        strings += "<si><t>" + escape(text) + "</t></si>";
        return "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(count++) + "</v></c>";
    };
    const char* header[] = {"STT", "Mã", "Họ và tên", "Cấp bậc", "Đơn vị", "Số sổ vàng"};
    sheet += "<row r=\"1\">";
    for (int c = 0; c < 6; ++c) sheet += text_cell(std::string(1, static_cast<char>('A' + c)) + "1", header[c]);
    sheet += "</row>";
    for (std::size_t i = 1; i <= rows; ++i) {
        const std::string r = std::to_string(i + 1);
        const auto c = row(i);
        sheet += "<row r=\"" + r + "\"><c r=\"A" + r + "\"><v>" + std::to_string(i) + "</v></c>" + text_cell("B" + r, c[0]) +
                 text_cell("C" + r, c[1]) + (c[2].empty() ? "" : text_cell("D" + r, c[2])) + text_cell("E" + r, c[3]) +
                 "<c r=\"F" + r + "\"><v>" + c[4] + "</v></c></row>";
    }
    sheet += "</sheetData></worksheet>";
    strings += "</sst>";
    const std::string workbook = "<workbook xmlns=\"" + ns + "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                                 "<sheets><sheet name=\"Danh sách\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    const std::string rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                             "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    const std::pair<const char*, const std::string*> parts[] = {{"xl/workbook.xml", &workbook}, {"xl/_rels/workbook.xml.rels", &rels},
                                                                {"xl/worksheets/sheet1.xml", &sheet}, {"xl/sharedStrings.xml", &strings}};
    for (const auto& [name, bytes] : parts) zip_file_add(z, name, zip_source_buffer(z, bytes->data(), bytes->size(), 0), 0);
    zip_close(z);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    std::string out;
    char buffer[65536];
    for (std::size_t n; f && (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) out.append(buffer, n);
    if (f) std::fclose(f);
    std::remove(path.c_str());
    return out;
}

// The best time of import_list over the list, in seconds; -1 when it fails.
double best_of(const std::string& list, const char* name, std::size_t repeat, std::size_t& recipients) {
    double best = -1;
    for (std::size_t i = 0; i < repeat; ++i) {
        sheet::import_options o;
        o.list_name = name;
        std::string record;
        vanthu::diagnostics problems;
        const auto start = std::chrono::steady_clock::now();
        const bool ok = sheet::import_list(skeleton, list, o, record, problems);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!ok) {
            std::fprintf(stderr, "%s", vanthu::format_diagnostics(problems).c_str());
            return -1;
        }
        std::size_t n = 0;
        for (std::size_t at = 0; (at = record.find("<recipient ", at)) != std::string::npos; ++at) ++n;
        recipients = n;
        if (best < 0 || s < best) best = s;
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t rows = 10000, repeat = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        const std::size_t v = std::strtoull(argv[i + 1], nullptr, 10);
        if (a == "--rows" && v > 0 && v <= sheet::max_rows) rows = v;
        else if (a == "--repeat" && v > 0) repeat = v;
        else {
            std::fprintf(stderr, "usage: vanthu_import_bench [--rows N (10000)] [--repeat N (5)]\n");
            return 64;
        }
    }
    const std::string text = csv(rows);
    const struct {
        const char* name;
        std::string bytes;
    } lists[] = {{"list.xlsx", xlsx(rows, "/tmp/vanthu-import-bench.xlsx")}, {"list.csv (UTF-8)", text},
                 {"list.csv (TCVN3, detected)", to_tcvn3(text)}};
    std::printf("vanthu_import_bench: %zu rows, best of %zu runs of sheet::import_list (goal: under 0.300 s)\n\n", rows, repeat);
    std::printf("%-28s %12s %10s %12s %10s\n", "list", "bytes", "seconds", "recipients", "x goal");
    int status = 0;
    for (const auto& l : lists) {
        std::size_t recipients = 0;
        const double s = best_of(l.bytes, l.name, repeat, recipients);
        std::printf("%-28s %12zu %10.3f %12zu %10.2f\n", l.name, l.bytes.size(), s, recipients, s / 0.3);
        if (s < 0 || recipients != rows) status = 1;
    }
    return status;
}
