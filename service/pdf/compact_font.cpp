// Owns shrinking a painted font's dictionaries to what its document shows: libharu writes the
// widths (W) of every character the font maps and a CIDToGIDMap of all 65,536 codes, in every
// PDF, whatever it prints; a viewer only ever looks up the codes painted.
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "pdf/faces.hpp"

namespace pdf {

namespace {

// The decoded code points of UTF-8 text (BMP only: libharu's UTF-8 fonts encode no more).
template <class F>
void each_code_point(std::string_view s, F&& f) {
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        char32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        if (cp <= 0xFFFF) f(cp);
        i += n;
    }
}

// W: [first [w w ...] first [w ...] ...] for the painted codes whose width is not the default.
HPDF_Array painted_widths(const font_face& face, HPDF_MMgr mmgr) {
    HPDF_Array all = HPDF_Array_New(mmgr);
    if (!all) return nullptr;
    HPDF_Array run = nullptr;
    long previous = -2;
    for (long cp = 0; cp < 0xFFFF; ++cp) {  // libharu's own W stops before 0xFFFF too
        if (!face.painted[static_cast<std::size_t>(cp)]) continue;
        const HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(face.def, static_cast<HPDF_UINT16>(cp));
        const HPDF_INT16 width = HPDF_TTFontDef_GetGidWidth(face.def, gid);
        if (width == face.def->missing_width) {
            run = nullptr;
            continue;
        }
        if (!run || cp != previous + 1) {
            run = HPDF_Array_New(mmgr);
            if (!run || HPDF_Array_AddNumber(all, static_cast<HPDF_INT32>(cp)) != HPDF_OK ||
                HPDF_Array_Add(all, run) != HPDF_OK)
                return nullptr;
        }
        if (HPDF_Array_AddNumber(run, width) != HPDF_OK) return nullptr;
        previous = cp;
    }
    return all;
}

}  // namespace

void note_painted(font_face& face, std::string_view utf8) {
    each_code_point(utf8, [&](char32_t cp) { face.painted[cp] = true; });
}

bool compact_font(const font_face& face) {
    if (!face.font || face.painted.size() != 0x10000) return true;
    auto* attr = static_cast<HPDF_FontAttr>(face.font->attr);
    HPDF_Font cid_font = attr ? attr->descendant_font : nullptr;
    if (!cid_font) return true;
    HPDF_Array widths = painted_widths(face, cid_font->mmgr);
    if (!widths || HPDF_Dict_Add(cid_font, "W", widths) != HPDF_OK) return false;
    if (!attr->map_stream) return true;
    // CIDToGIDMap up to the last painted code: codes past its end are glyph 0, as unpainted ones are.
    std::size_t last = 0;
    for (std::size_t cp = 0; cp < face.painted.size(); ++cp)
        if (face.painted[cp]) last = cp;
    std::string map(2 * (last + 1), '\0');
    for (std::size_t cp = 0; cp <= last; ++cp) {
        if (!face.painted[cp]) continue;
        const HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(face.def, static_cast<HPDF_UINT16>(cp));
        map[2 * cp] = static_cast<char>(gid >> 8);
        map[2 * cp + 1] = static_cast<char>(gid & 0xFF);
    }
    HPDF_Stream stream = attr->map_stream->stream;
    HPDF_MemStream_FreeData(stream);
    return HPDF_Stream_Write(stream, reinterpret_cast<const HPDF_BYTE*>(map.data()), static_cast<HPDF_UINT>(map.size())) ==
           HPDF_OK;
}

}  // namespace pdf
