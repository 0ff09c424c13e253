// Owns loading font faces into libharu and measuring text with them.
#include "pdf/faces.hpp"

#include <hpdf_fontdef.h>

#include <cstring>
#include <fstream>

#include "pdf/direct_cmap.hpp"
#include "pdf/to_unicode.hpp"

namespace pdf {

namespace {

constexpr std::int16_t not_looked_up = -1;

// Decodes one code point at s[pos] and advances pos; malformed bytes give U+FFFD.
char32_t decode_next(std::string_view s, std::size_t& pos) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char b0 = byte(pos);
    std::size_t need = b0 < 0x80 ? 0 : b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 4;
    if (need == 0) return ++pos, b0;
    if (need == 4 || pos + need >= s.size()) return ++pos, U'\uFFFD';
    char32_t cp = b0 & (0x3F >> need);
    for (std::size_t i = 1; i <= need; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) return ++pos, U'\uFFFD';
        cp = (cp << 6) | (byte(pos + i) & 0x3F);
    }
    pos += need + 1;
    return cp;
}

// The face's advance for one code point, looked up in libharu once and cached.
long advance_of(const font_face& face, char32_t cp) {
    if (cp > 0xFFFF) return face.missing_width;
    std::int16_t& slot = face.advances[cp];
    if (slot == not_looked_up)
        slot = static_cast<std::int16_t>(HPDF_TTFontDef_GetCharWidth(face.def, static_cast<HPDF_UNICODE>(cp)));
    return slot;
}

// libharu's table of glyphs to embed, or nullptr.
std::uint8_t* glyph_flags(const font_face& face, std::size_t& count) {
    auto* attr = static_cast<HPDF_TTFontDefAttr>(face.def->attr);
    count = attr ? attr->num_glyphs : 0;
    return attr ? attr->glyph_tbl.flgs : nullptr;
}

// True when the file can be opened for reading.
bool is_readable(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return in.good();
}

}  // namespace

bool load_face(session& s, const model::font_key& key, const std::string& path, font_face& face,
               vanthu::diagnostics& problems) {
    vanthu::location where{path, 0, 0, {}};
    if (!is_readable(path)) {
        problems.error(where, "cannot read font file", "check the template's font paths");
        return false;
    }
    const char* name = HPDF_LoadTTFontFromFile(s.doc, path.c_str(), HPDF_TRUE);
    HPDF_FontDef def = name ? HPDF_GetFontDef(s.doc, name) : nullptr;
    haru_error e = take_error(s);
    if (!def || e.code != HPDF_OK) {
        problems.error(where, "not a usable TrueType font (" + describe_error(e) + ")",
                       "give a .ttf file");
        return false;
    }
    make_cmap_direct(def);  // when it cannot, libharu's own walk gives the same glyphs, slower
    face.key = key;
    face.path = path;
    face.name = name;
    face.def = def;
    face.font = nullptr;
    face.ascent = def->ascent;
    face.descent = def->descent < 0 ? -def->descent : def->descent;
    face.missing_width = def->missing_width;
    std::size_t count = 0;
    const std::uint8_t* flags = glyph_flags(face, count);
    face.initial_glyph_flags.assign(flags, flags + (flags ? count : 0));
    if (face.advances.empty()) face.advances.assign(0x10000, not_looked_up);
    return true;
}

// Exact face, else the family's regular, else the first loaded.
const font_face* find_face(const std::vector<font_face>& faces, const model::font_key& key) {
    const font_face* regular = nullptr;
    for (const auto& f : faces) {
        if (f.key == key) return &f;
        if (!regular && f.key.family == key.family && !f.key.bold && !f.key.italic) regular = &f;
    }
    if (regular) return regular;
    return faces.empty() ? nullptr : &faces.front();
}

// The same lookup, for callers that paint with the face.
font_face* find_face(std::vector<font_face>& faces, const model::font_key& key) {
    const auto& read_only = faces;
    return const_cast<font_face*>(find_face(read_only, key));
}

// Sum of cached advances, 1/1000 em.
long measure_text(const font_face& face, std::string_view utf8) {
    long total = 0;
    std::size_t pos = 0;
    while (pos < utf8.size()) total += advance_of(face, decode_next(utf8, pos));
    return total;
}

// Glyph id non-zero in the TTF cmap.
bool face_has_glyph(const font_face& face, char32_t code_point) {
    if (code_point > 0xFFFF) return false;
    return HPDF_TTFontDef_GetGlyphid(face.def, static_cast<HPDF_UINT16>(code_point)) != 0;
}

// Restores libharu's glyph-use table to its state after loading.
void reset_glyph_use(const font_face& face) {
    std::size_t count = 0;
    std::uint8_t* flags = glyph_flags(face, count);
    if (flags && count == face.initial_glyph_flags.size())
        std::memcpy(flags, face.initial_glyph_flags.data(), count);
}

// The face's UTF-8 Type0 font, made once, with a correct ToUnicode map. libharu fills the new
// font's widths (W) and CIDToGIDMap from every character the font maps, which compact_font
// replaces before saving with those of the characters painted; so the font is made under a
// cmap that maps nothing (no widths to list, a map of zeros), and the real one is put back
// for painting.
HPDF_Font paint_font(session& s, font_face& face) {
    if (face.font) return face.font;
    static HPDF_UINT16 last_code[1] = {0xFFFF};
    static HPDF_INT16 wrap_to_zero[1] = {1};
    static HPDF_UINT16 no_offset[1] = {0};
    auto* attr = static_cast<HPDF_TTFontDefAttr>(face.def->attr);
    const HPDF_TTF_CmapRange kept = attr->cmap;
    if (kept.format == 4) {
        attr->cmap.seg_count_x2 = 2;
        attr->cmap.end_count = attr->cmap.start_count = last_code;
        attr->cmap.id_delta = wrap_to_zero;
        attr->cmap.id_range_offset = no_offset;
        attr->cmap.glyph_id_array = nullptr;
        attr->cmap.glyph_id_array_count = 0;
    }
    face.font = HPDF_GetFont(s.doc, face.name.c_str(), "UTF-8");
    attr->cmap = kept;
    if (face.font) replace_to_unicode(face.font);
    face.painted.assign(0x10000, false);
    face.painted_codes.clear();
    return face.font;
}

}  // namespace pdf
