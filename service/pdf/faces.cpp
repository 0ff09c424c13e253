// Owns the faces a document measures and paints with: their programs, their advances, and the
// Type0 fonts libharu's page operators paint with.
#include "pdf/faces.hpp"

#include <hpdf_objects.h>
#include <hpdf_pages.h>  // HPDF_PageAttr: the stream show_text writes into
#include <hpdf_streams.h>

#include <algorithm>
#include <cmath>
#include <cstring>


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

// The face's advance for one code point, looked up in its program once and cached.
long advance_of(const font_face& face, char32_t cp) {
    if (cp > 0xFFFF) return face.missing_width;
    if (face.advances.empty()) face.advances.assign(0x10000, not_looked_up);  // a face measured at all
    std::int16_t& slot = face.advances[cp];
    if (slot == not_looked_up) slot = face.program->width(face.program->glyph_id(cp));
    return slot;
}

}  // namespace

bool load_face(session&, const model::font_key& key, const std::string& path, font_face& face,
               vanthu::diagnostics& problems) {
    vanthu::location where{path, 0, 0, {}};
    std::string why;
    auto program = font_program::open(path, why);
    if (!program) {
        problems.error(where, "cannot use the font file: " + why, "check the template's font paths; give a .ttf file");
        return false;
    }
    face.key = key;
    face.path = path;
    face.name = path.substr(path.find_last_of('/') + 1);
    face.program = std::move(program);
    face.font = nullptr;
    face.cid_font = nullptr;
    face.font_attr.reset();
    face.ascent = face.program->ascent();
    face.descent = face.program->descent() < 0 ? -face.program->descent() : face.program->descent();
    face.missing_width = face.program->missing_width();
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
    return face.program->glyph_id(code_point) != 0;
}

namespace {

// A coordinate to 1/1000 pt, trailing zeros dropped: "85.039", "313.6", "12".
void append_number(std::string& out, double v) {
    long long thousandths = std::llround(v * 1000);
    if (thousandths < 0) out += '-', thousandths = -thousandths;
    out += std::to_string(thousandths / 1000);
    int fraction = static_cast<int>(thousandths % 1000);
    if (fraction == 0) return;
    out += '.';
    for (int unit = 100; fraction != 0; unit /= 10) {
        out += static_cast<char>('0' + fraction / unit);
        fraction %= unit;
    }
}

// The text as the font's codes (Identity-H: each character's code point, two bytes, high byte
// first) in a literal string: half the bytes of the hex string libharu writes. The delimiters,
// the backslash and the two end-of-line bytes are escaped (a reader turns a bare CR into LF).
void append_codes(std::string& out, std::string_view utf8) {
    out += '(';
    auto put = [&out](unsigned char b) {
        switch (b) {
        case '(': case ')': case '\\': out += '\\', out += static_cast<char>(b); break;
        case '\r': out += "\\r"; break;
        case '\n': out += "\\n"; break;
        default: out += static_cast<char>(b);
        }
    };
    each_code_point(utf8, [&](char32_t cp) {
        put(static_cast<unsigned char>(cp >> 8));
        put(static_cast<unsigned char>(cp & 0xFF));
    });
    out += ')';
}

// A dictionary added to the document's objects; nullptr when libharu fails.
HPDF_Dict new_object(session& s) {
    HPDF_Dict d = HPDF_Dict_New(s.doc->mmgr);
    return d && HPDF_Xref_Add(s.doc->xref, d) == HPDF_OK ? d : nullptr;
}

}  // namespace

// The Type0 font and its CIDFontType2 font, made here rather than by HPDF_GetFont, which loads
// the face into the document and looks up all 65,536 codes for widths and a glyph map that
// compact_font replaces anyway (a third of a one-page render). BaseFont, W, CIDToGIDMap, the
// ToUnicode map and the descriptor come at saving, when the codes painted are known. The font
// has no libharu encoder (its UTF-8 encoder cost 6 % of a one-certificate command to set up):
// text goes through show_text, never libharu's ShowText.
HPDF_Font paint_font(session& s, font_face& face) {
    if (face.font) return face.font;
    HPDF_Dict font = new_object(s);
    HPDF_Dict cid = font ? new_object(s) : nullptr;
    HPDF_Dict system_info = cid ? HPDF_Dict_New(s.doc->mmgr) : nullptr;
    HPDF_Array descendants = system_info ? HPDF_Array_New(s.doc->mmgr) : nullptr;
    if (!descendants) return nullptr;
    HPDF_STATUS ret = HPDF_Dict_AddName(font, "Type", "Font");
    ret += HPDF_Dict_AddName(font, "Subtype", "Type0");
    ret += HPDF_Dict_AddName(font, "Encoding", "Identity-H");
    ret += HPDF_Dict_Add(font, "DescendantFonts", descendants);
    ret += HPDF_Array_Add(descendants, cid);
    ret += HPDF_Dict_AddName(cid, "Type", "Font");
    ret += HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
    ret += HPDF_Dict_Add(cid, "CIDSystemInfo", system_info);
    ret += HPDF_Dict_Add(system_info, "Registry", HPDF_String_New(s.doc->mmgr, "Adobe", nullptr));
    ret += HPDF_Dict_Add(system_info, "Ordering", HPDF_String_New(s.doc->mmgr, "Identity", nullptr));
    ret += HPDF_Dict_AddNumber(system_info, "Supplement", 0);
    ret += HPDF_Dict_AddNumber(cid, "DW", face.missing_width);
    if (ret != HPDF_OK) return nullptr;
    auto attr = std::make_unique<HPDF_FontAttr_Rec>();
    std::memset(attr.get(), 0, sizeof(HPDF_FontAttr_Rec));
    attr->type = HPDF_FONT_TYPE0_TT;
    attr->writing_mode = HPDF_WMODE_HORIZONTAL;
    attr->xref = s.doc->xref;
    attr->descendant_font = cid;
    attr->used = reinterpret_cast<HPDF_BYTE*>(const_cast<font_program*>(face.program.get()));
    font->header.obj_class |= HPDF_OSUBCLASS_FONT;
    font->attr = attr.get();
    face.font_attr = std::move(attr);
    face.font = font;
    face.cid_font = cid;
    face.painted.assign(0x10000, false);
    face.painted_codes.clear();
    return face.font;
}

bool show_text(HPDF_Page page, font_face& face, double x, double y, std::string_view utf8, std::string& ops) {
    ops.assign("BT\n");
    append_number(ops, x);
    ops += ' ';
    append_number(ops, y);
    ops += " Td\n";
    append_codes(ops, utf8);
    ops += " Tj\nET\n";
    HPDF_Stream stream = static_cast<HPDF_PageAttr>(page->attr)->stream;
    if (HPDF_Stream_Write(stream, reinterpret_cast<const HPDF_BYTE*>(ops.data()), static_cast<HPDF_UINT>(ops.size())) != HPDF_OK)
        return false;
    note_painted(face, utf8);
    return true;
}

}  // namespace pdf
