// Owns the ToUnicode CMap of the painted fonts (libharu's own was malformed).
#include "pdf/to_unicode.hpp"

#include <algorithm>
#include <cstdio>

namespace pdf {

namespace {

constexpr std::size_t max_entries_per_section = 100;  // the PDF limit for one beginbfrange

}  // namespace

// One bfrange line per run of consecutive codes within one high byte (a range may not cross
// one), at most 100 lines a section.
std::string to_unicode_cmap(const std::vector<char32_t>& codes) {
    std::vector<std::pair<char32_t, char32_t>> runs;
    for (const char32_t cp : codes) {
        if (cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)) continue;
        if (!runs.empty() && cp == runs.back().second + 1 && (cp >> 8) == (runs.back().first >> 8))
            runs.back().second = cp;
        else if (runs.empty() || cp > runs.back().second)
            runs.push_back({cp, cp});
    }
    std::string out =
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    for (std::size_t first = 0; first < runs.size(); first += max_entries_per_section) {
        const std::size_t n = std::min<std::size_t>(runs.size() - first, max_entries_per_section);
        out += std::to_string(n) + " beginbfrange\n";
        for (std::size_t i = first; i < first + n; ++i) {
            char line[32];
            std::snprintf(line, sizeof line, "<%04X> <%04X> <%04X>\n", static_cast<unsigned>(runs[i].first),
                          static_cast<unsigned>(runs[i].second), static_cast<unsigned>(runs[i].first));
            out += line;
        }
        out += "endbfrange\n";
    }
    out +=
        "endcmap\n"
        "CMapName currentdict /CMap defineresource pop\n"
        "end\n"
        "end\n";
    return out;
}

}  // namespace pdf
