// libFuzzer target: lists from spreadsheets (never a crash, a hang or a leak; every cell of a
// table read and every message is valid UTF-8; a record filled from a list is valid UTF-8).
// The first byte chooses how the rest is used:
//   0  the bytes as a list file: CSV or tab text in any encoding, or a ZIP taken as a workbook;
//   1  the parts of a workbook, separated by two NUL bytes (workbook.xml, its relationships, a
//      sheet, shared strings, styles), packed here into a ZIP without compression, so that
//      mutations reach the XML readers instead of breaking the ZIP's checksums.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sheet/sheet.hpp"
#include "text/utf8.hpp"

namespace {

const char* const part_names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                                  "xl/sharedStrings.xml", "xl/styles.xml"};

// The parts packed as a stored ZIP in memory; empty if libzip refuses.
std::string pack(std::string_view bytes) {
    std::vector<std::string_view> parts;
    for (std::size_t at = 0; parts.size() < 5;) {
        const std::size_t end = bytes.find(std::string_view("\0\0", 2), at);
        parts.push_back(bytes.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
        if (end == std::string_view::npos) break;
        at = end + 2;
    }
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* memory = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_t* z = memory ? zip_open_from_source(memory, ZIP_TRUNCATE, &error) : nullptr;
    std::string out;
    if (z) {
        zip_source_keep(memory);
        for (std::size_t i = 0; i < parts.size(); ++i) {
            zip_source_t* s = zip_source_buffer(z, parts[i].data(), parts[i].size(), 0);
            const zip_int64_t index = s ? zip_file_add(z, part_names[i], s, 0) : -1;
            if (index < 0) zip_source_free(s);
            else zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
        }
        if (zip_close(z) != 0) {
            zip_discard(z);
        } else if (zip_source_open(memory) == 0) {
            char buffer[65536];
            for (zip_int64_t n; (n = zip_source_read(memory, buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
            zip_source_close(memory);
        }
        zip_source_free(memory);
    } else if (memory) {
        zip_source_free(memory);
    }
    zip_error_fini(&error);
    return out;
}

const char* const skeleton =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<certification schema=\"1\" id=\"fuzz\" kind=\"merit\">\n"
    "  <recipients/>\n</certification>\n";

bool valid(const std::string& s) { return text::find_invalid_utf8(s) == std::string::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::string list = data[0] == 1 ? pack(rest) : std::string(rest);
    sheet::table t;
    vanthu::diagnostics problems;
    if (sheet::read_table(list, "list", {}, t, problems)) {
        if (!valid(t.sheet)) std::abort();
        for (const auto& row : t.rows)
            for (const std::string& cell : row)
                if (!valid(cell)) std::abort();
    }
    sheet::import_options o;
    o.list_name = "list";
    std::string record;
    vanthu::diagnostics more;
    if (sheet::import_list(skeleton, list, o, record, more) && !valid(record)) std::abort();
    for (const vanthu::diagnostics* d : {&problems, &more})
        for (const vanthu::diagnostic& p : d->items)
            if (!valid(p.message) || !valid(p.hint) || !valid(p.where.file)) std::abort();
    return 0;
}
