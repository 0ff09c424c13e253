// Owns the ToUnicode CMap that replaces libharu's malformed one.
#include "pdf/to_unicode.hpp"

#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <cstdio>

namespace pdf {

namespace {

constexpr int max_entries_per_section = 100;  // the PDF limit for one beginbfrange

// The high bytes of the BMP blocks to map: 00-FF without the surrogates D8-DF.
std::string mapped_blocks() {
    std::string blocks;
    for (int hi = 0; hi <= 0xFF; ++hi)
        if (hi < 0xD8 || hi > 0xDF) blocks.push_back(static_cast<char>(hi));
    return blocks;
}

// Builds the whole CMap text.
std::string build_cmap() {
    std::string out =
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    const std::string blocks = mapped_blocks();
    const int count = static_cast<int>(blocks.size());
    for (int first = 0; first < count; first += max_entries_per_section) {
        int n = count - first < max_entries_per_section ? count - first : max_entries_per_section;
        out += std::to_string(n) + " beginbfrange\n";
        for (int i = first; i < first + n; ++i) {
            char line[32];
            unsigned hi = static_cast<unsigned char>(blocks[static_cast<std::size_t>(i)]);
            std::snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
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

}  // namespace

// Built on first use, then shared by every document of the process.
const std::string& identity_to_unicode_cmap() {
    static const std::string cmap = build_cmap();
    return cmap;
}

// Swaps the content of libharu's ToUnicode stream for the identity map.
bool replace_to_unicode(HPDF_Font font) {
    auto* map = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT));
    if (!map || !map->stream) return false;
    const std::string& cmap = identity_to_unicode_cmap();
    HPDF_MemStream_FreeData(map->stream);
    if (HPDF_Stream_Write(map->stream, reinterpret_cast<const HPDF_BYTE*>(cmap.data()),
                          static_cast<HPDF_UINT>(cmap.size())) != HPDF_OK)
        return false;
    // The stream's dictionary described libharu's encoding CMap; a ToUnicode map needs none of it.
    HPDF_Dict_RemoveElement(map, "CMapName");
    HPDF_Dict_RemoveElement(map, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(map, "WMode");
    HPDF_Dict_RemoveElement(map, "Type");
    return true;
}

}  // namespace pdf
