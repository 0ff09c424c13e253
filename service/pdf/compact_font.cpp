// Owns shrinking a painted font to what its document shows: libharu writes the widths (W) of
// every character the font maps, a CIDToGIDMap of all 65,536 codes and a font file with every
// table whole but the outlines, in every PDF, whatever it prints; a viewer only ever looks up
// the codes painted and draws their glyphs.
#include <hpdf_font.h>

#include <algorithm>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "pdf/faces.hpp"
#include "pdf/font_program.hpp"

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

// W: [first [w w ...] first [w ...] ...] for the painted codes (sorted) whose width is not the
// default.
HPDF_Array painted_widths(const font_face& face, const std::vector<char32_t>& codes, HPDF_MMgr mmgr) {
    HPDF_Array all = HPDF_Array_New(mmgr);
    if (!all) return nullptr;
    HPDF_Array run = nullptr;
    long previous = -2;
    for (const char32_t code : codes) {
        const long cp = static_cast<long>(code);
        if (cp >= 0xFFFF) break;  // libharu's own W stops before 0xFFFF too
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

// The font's descriptor, made before libharu makes its own at saving, with the subset of the
// program holding the glyphs used as its FontFile2; new_id gets each glyph's number in it. False
// (libharu then embeds the font its own way, under the font's glyph numbers) when the file
// cannot be read again or cut down.
bool embed_subset(const font_face& face, HPDF_FontAttr attr, const std::vector<bool>& used,
                  std::vector<std::uint16_t>& new_id) {
    HPDF_FontDef def = face.def;
    auto* def_attr = static_cast<HPDF_TTFontDefAttr>(def->attr);
    if (def->descriptor || !def_attr || !attr->xref) return false;
    std::string why;
    const auto program = font_program::open(face.path, why);
    std::string bytes;
    if (!program || program->glyph_count() != def_attr->num_glyphs || !program->subset(used, bytes, new_id, why))
        return false;
    HPDF_MMgr mmgr = face.font->mmgr;
    HPDF_Dict data = HPDF_DictStream_New(mmgr, attr->xref);
    if (!data) return false;
    data->filter = face.font->filter;
    HPDF_STATUS ret = HPDF_Stream_Write(data->stream, reinterpret_cast<const HPDF_BYTE*>(bytes.data()),
                                        static_cast<HPDF_UINT>(bytes.size()));
    ret += HPDF_Dict_AddNumber(data, "Length1", static_cast<HPDF_INT32>(bytes.size()));
    HPDF_Dict descriptor = HPDF_Dict_New(mmgr);
    if (ret != HPDF_OK || !descriptor || HPDF_Xref_Add(attr->xref, descriptor) != HPDF_OK) return false;
    ret += HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor");
    ret += HPDF_Dict_AddNumber(descriptor, "Ascent", def->ascent);
    ret += HPDF_Dict_AddNumber(descriptor, "Descent", def->descent);
    ret += HPDF_Dict_AddNumber(descriptor, "Flags", static_cast<HPDF_INT32>(def->flags));
    ret += HPDF_Dict_Add(descriptor, "FontBBox", HPDF_Box_Array_New(mmgr, def->font_bbox));
    ret += HPDF_Dict_AddName(descriptor, "FontName", def_attr->base_font);
    ret += HPDF_Dict_AddNumber(descriptor, "ItalicAngle", def->italic_angle);
    ret += HPDF_Dict_AddNumber(descriptor, "StemV", def->stemv);
    ret += HPDF_Dict_AddNumber(descriptor, "XHeight", def->x_height);
    ret += HPDF_Dict_Add(descriptor, "FontFile2", data);
    if (ret != HPDF_OK) return false;
    def->descriptor = descriptor;
    return true;
}

}  // namespace

void note_painted(font_face& face, std::string_view utf8) {
    each_code_point(utf8, [&](char32_t cp) {
        if (!face.painted[cp]) face.painted[cp] = true, face.painted_codes.push_back(cp);
    });
}

bool compact_font(const font_face& face) {
    if (!face.font || face.painted.size() != 0x10000) return true;
    auto* attr = static_cast<HPDF_FontAttr>(face.font->attr);
    HPDF_Font cid_font = attr ? attr->descendant_font : nullptr;
    if (!cid_font) return true;
    std::vector<char32_t> codes = face.painted_codes;
    std::sort(codes.begin(), codes.end());
    HPDF_Array widths = painted_widths(face, codes, cid_font->mmgr);
    if (!widths || HPDF_Dict_Add(cid_font, "W", widths) != HPDF_OK) return false;
    if (!attr->map_stream) return true;
    auto* def_attr = static_cast<HPDF_TTFontDefAttr>(face.def->attr);
    const std::size_t glyphs = def_attr ? def_attr->num_glyphs : 0;
    // The glyph of each painted code.
    std::vector<HPDF_UINT16> glyph_of(codes.size(), 0);
    std::vector<bool> used(glyphs, false);
    for (std::size_t i = 0; i < codes.size(); ++i) {
        glyph_of[i] = HPDF_TTFontDef_GetGlyphid(face.def, static_cast<HPDF_UINT16>(codes[i]));
        if (glyph_of[i] < glyphs) used[glyph_of[i]] = true;
    }
    std::vector<std::uint16_t> new_id;
    const bool own_subset = embed_subset(face, attr, used, new_id);
    // The map up to the last painted code: codes past its end are glyph 0, as unpainted ones are.
    std::string map(codes.empty() ? 2 : 2 * (codes.back() + 1), '\0');
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const HPDF_UINT16 gid = !own_subset ? glyph_of[i] : glyph_of[i] < glyphs ? new_id[glyph_of[i]] : 0;
        map[2 * codes[i]] = static_cast<char>(gid >> 8);
        map[2 * codes[i] + 1] = static_cast<char>(gid & 0xFF);
    }
    HPDF_Stream stream = attr->map_stream->stream;
    HPDF_MemStream_FreeData(stream);
    return HPDF_Stream_Write(stream, reinterpret_cast<const HPDF_BYTE*>(map.data()), static_cast<HPDF_UINT>(map.size())) ==
           HPDF_OK;
}

}  // namespace pdf
