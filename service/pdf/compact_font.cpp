// Owns finishing a painted font for its document: the widths (W), the CIDToGIDMap and the
// embedded program of the code points painted, nothing of the thousands of other characters
// the face maps (libharu wrote them all: every width, a map of 65,536 codes, and every table of
// the file but the unused outlines, in every PDF).
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "pdf/faces.hpp"
#include "pdf/font_program.hpp"
#include "pdf/to_unicode.hpp"

namespace pdf {

namespace {

// W: [first [w w ...] first [w ...] ...] for the painted codes (sorted) whose width is not the
// default.
HPDF_Array painted_widths(const font_face& face, const std::vector<char32_t>& codes,
                          const std::vector<std::uint16_t>& glyph_of, HPDF_MMgr mmgr) {
    HPDF_Array all = HPDF_Array_New(mmgr);
    if (!all) return nullptr;
    HPDF_Array run = nullptr;
    long previous = -2;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const long cp = static_cast<long>(codes[i]);
        if (cp >= 0xFFFF) break;
        const std::int16_t width = face.program->width(glyph_of[i]);
        if (width == face.missing_width) {
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

// A subset's tag: six capital letters from its face and glyphs, the same for the same subset.
std::string subset_tag(const std::string& name, const std::vector<bool>& used) {
    std::uint64_t h = 0xcbf29ce484222325u;
    auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 0x100000001b3u; };
    for (const char c : name) mix(static_cast<unsigned char>(c));
    for (std::size_t id = 0; id < used.size(); ++id)
        if (used[id]) mix(id);
    std::string tag(6, 'A');
    for (char& c : tag) c = static_cast<char>('A' + h % 26), h /= 26;
    return tag;
}

// A stream object of the document holding bytes, deflated when saved.
HPDF_Dict new_stream(const font_face& face, const std::string& bytes) {
    const auto* attr = face.font_attr.get();
    HPDF_Dict stream = HPDF_DictStream_New(face.font->mmgr, attr->xref);
    if (!stream) return nullptr;
    stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return HPDF_Stream_Write(stream->stream, reinterpret_cast<const HPDF_BYTE*>(bytes.data()),
                             static_cast<HPDF_UINT>(bytes.size())) == HPDF_OK
               ? stream
               : nullptr;
}

// The font's descriptor, with the subset of the program holding the glyphs used as its
// FontFile2, and the fonts' BaseFont.
bool embed_subset(const font_face& face, const std::vector<bool>& used, const std::string& program_bytes) {
    const font_program::pdf_metrics& m = face.program->metrics();
    std::string name = m.name;
    if (name.empty())  // no name table: the file's name, as a PDF name may hold it
        for (const char c : face.name.substr(0, face.name.find('.')))
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') name += c;
    const std::string base_font = subset_tag(name, used) + "+" + (name.empty() ? "Font" : name);
    HPDF_MMgr mmgr = face.font->mmgr;
    HPDF_Dict data = new_stream(face, program_bytes);
    HPDF_Dict descriptor = data ? HPDF_Dict_New(mmgr) : nullptr;
    if (!descriptor || HPDF_Xref_Add(face.font_attr->xref, descriptor) != HPDF_OK) return false;
    HPDF_STATUS ret = HPDF_Dict_AddNumber(data, "Length1", static_cast<HPDF_INT32>(program_bytes.size()));
    ret += HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor");
    ret += HPDF_Dict_AddName(descriptor, "FontName", base_font.c_str());
    ret += HPDF_Dict_AddNumber(descriptor, "Ascent", m.ascent);
    ret += HPDF_Dict_AddNumber(descriptor, "Descent", m.descent);
    ret += HPDF_Dict_AddNumber(descriptor, "Flags", static_cast<HPDF_INT32>(m.flags));
    ret += HPDF_Dict_Add(descriptor, "FontBBox", HPDF_Box_Array_New(mmgr, HPDF_Box{m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3]}));
    ret += HPDF_Dict_AddNumber(descriptor, "ItalicAngle", m.italic_angle);
    ret += HPDF_Dict_AddNumber(descriptor, "StemV", m.stemv);
    ret += HPDF_Dict_AddNumber(descriptor, "XHeight", m.x_height);
    ret += HPDF_Dict_Add(descriptor, "FontFile2", data);
    ret += HPDF_Dict_AddName(face.font, "BaseFont", base_font.c_str());
    ret += HPDF_Dict_AddName(face.cid_font, "BaseFont", base_font.c_str());
    ret += HPDF_Dict_Add(face.cid_font, "FontDescriptor", descriptor);
    return ret == HPDF_OK;
}

}  // namespace

void note_painted(font_face& face, std::string_view utf8) {
    each_code_point(utf8, [&](char32_t cp) {
        if (!face.painted[cp]) face.painted[cp] = true, face.painted_codes.push_back(cp);
    });
}

bool compact_font(const font_face& face, std::string& why) {
    if (!face.font || !face.cid_font || !face.font_attr || face.painted.size() != 0x10000) return true;
    std::vector<char32_t> codes = face.painted_codes;
    std::sort(codes.begin(), codes.end());
    const font_program& program = *face.program;
    std::vector<std::uint16_t> glyph_of(codes.size(), 0);
    std::vector<bool> used(program.glyph_count(), false);
    for (std::size_t i = 0; i < codes.size(); ++i) {
        glyph_of[i] = program.glyph_id(codes[i]);
        if (glyph_of[i] >= used.size()) glyph_of[i] = 0;  // a cmap pointing past the glyphs: .notdef
        used[glyph_of[i]] = true;
    }
    HPDF_Array widths = painted_widths(face, codes, glyph_of, face.font->mmgr);
    if (!widths || HPDF_Dict_Add(face.cid_font, "W", widths) != HPDF_OK) {
        why = "libharu refused its widths";
        return false;
    }
    std::string bytes;
    std::vector<std::uint16_t> new_id;
    if (!program.subset(used, bytes, new_id, why)) return false;
    // The map up to the last painted code: codes past its end are glyph 0, as unpainted ones are.
    std::string map(codes.empty() ? 2 : 2 * (codes.back() + 1), '\0');
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const std::uint16_t gid = new_id[glyph_of[i]];
        map[2 * codes[i]] = static_cast<char>(gid >> 8);
        map[2 * codes[i] + 1] = static_cast<char>(gid & 0xFF);
    }
    HPDF_Dict map_stream = new_stream(face, map);
    HPDF_Dict to_unicode = map_stream ? new_stream(face, to_unicode_cmap(codes)) : nullptr;
    if (!to_unicode || HPDF_Dict_Add(face.cid_font, "CIDToGIDMap", map_stream) != HPDF_OK ||
        HPDF_Dict_Add(face.font, "ToUnicode", to_unicode) != HPDF_OK ||
        !embed_subset(face, used, bytes)) {
        why = "libharu refused its font objects";
        return false;
    }
    return true;
}

}  // namespace pdf
