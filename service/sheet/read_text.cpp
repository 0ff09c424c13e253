// Owns reading a text list (CSV, or tabs as Excel's "Unicode text" writes them): its encoding,
// its separator, RFC 4180 quoting, any line ending.
#include <array>
#include <string>

#include "sheet/steps.hpp"
#include "text/encoding.hpp"

namespace sheet::detail {

namespace {

// The separator of a text: of ',', ';' and tab, the one found most often outside quotes in its
// first 50 lines (a title line above the header has none of them); ',' when none is.
char find_separator(std::string_view text) {
    const std::array<char, 3> candidates = {',', ';', '\t'};
    std::array<std::size_t, 3> seen = {0, 0, 0};
    bool quoted = false;
    std::size_t lines = 0;
    for (std::size_t i = 0; i < text.size() && lines < 50; ++i) {
        const char c = text[i];
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == '\n') ++lines;
        else if (!quoted)
            for (std::size_t k = 0; k < candidates.size(); ++k) seen[k] += c == candidates[k];
    }
    std::size_t best = 0;
    for (std::size_t k = 1; k < candidates.size(); ++k)
        if (seen[k] > seen[best]) best = k;
    return seen[best] > 0 ? candidates[best] : ',';
}

}  // namespace

bool read_text(std::string_view bytes, const std::string& file_name, const read_options& options, table& out,
               vanthu::diagnostics& problems) {
    std::string guessed;
    text::decode_result decoded = text::decode_text_bytes(bytes, options.encoding, guessed);
    if (!decoded) {
        vanthu::location where = vanthu::locate_offset(bytes.data(), bytes.size(), decoded.error_offset);
        where.file = file_name;
        problems.error(where, decoded.message, "save the list as UTF-8 (CSV UTF-8 in Excel), or give --encoding");
        return false;
    }
    if (!guessed.empty())
        problems.warning({file_name, 0, 0, ""}, "the list is not UTF-8; read as " + guessed,
                         "check the names in the result, or give --encoding");
    const std::string_view text = decoded.utf8;
    const char separator = find_separator(text);
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false, was_quoted = false;
    std::size_t quote_at = 0;
    auto end_cell = [&] {
        row.push_back(clean_cell(cell));
        cell.clear();
        was_quoted = false;
    };
    auto end_row = [&] {
        end_cell();
        if (row.size() == 1 && row[0].empty()) row.clear();
        out.rows.push_back(std::move(row));
        row.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c != '"') cell += c;
            else if (i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
            else quoted = false;
        } else if (c == '"' && cell.empty() && !was_quoted) {
            quoted = was_quoted = true;
            quote_at = i;
        } else if (c == separator) {
            end_cell();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            end_row();
        } else {
            cell += c;
        }
        if (out.rows.size() > max_rows + 200) {
            problems.error({file_name, 0, 0, ""}, "the list has more than " + std::to_string(max_rows) + " rows");
            return false;
        }
    }
    if (quoted) {
        vanthu::location where = vanthu::locate_offset(text.data(), text.size(), quote_at);
        where.file = file_name;
        problems.error(where, "a quoted cell is never closed", "a quote inside a quoted cell is written twice (\"\")");
        return false;
    }
    if (!cell.empty() || !row.empty()) end_row();
    return true;
}

}  // namespace sheet::detail
