// The loaded font faces: which libharu font serves which font_key, and their metrics.
#pragma once

#include <hpdf.h>
#include <hpdf_font.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "model/document.hpp"
#include "pdf/font_program.hpp"
#include "pdf/session.hpp"

namespace pdf {

// One face of one family, as one document paints it.
struct font_face {
    model::font_key key;
    std::string path;             // the TTF file
    std::string name;             // the file's name, for messages
    std::shared_ptr<const font_program> program;  // the file, read once per process
    HPDF_Font font = nullptr;     // the Type0 font, made on first paint, so unused faces are not embedded
    HPDF_Dict cid_font = nullptr; // its descendant CIDFontType2 font
    std::unique_ptr<HPDF_FontAttr_Rec> font_attr;  // what libharu's page operators read of the font
    int ascent = 0, descent = 0;  // 1/1000 em; descent positive
    int missing_width = 0;        // 1/1000 em, for code points past the BMP
    mutable std::vector<std::int16_t> advances;     // per BMP code point, 1/1000 em; -1 = not looked up yet
    std::vector<bool> painted;    // per BMP code point: painted with font in this document
    std::vector<char32_t> painted_codes;  // the same code points, in the order first painted
};

// Reads one TTF for the session's document (once per process: the program is shared). On
// failure adds an error naming the file and returns false.
bool load_face(session& s, const model::font_key& key, const std::string& path, font_face& face,
               vanthu::diagnostics& problems);

// The face for a key: exact match, else the family's regular face, else the
// first face; nullptr when no face is loaded.
const font_face* find_face(const std::vector<font_face>& faces, const model::font_key& key);
font_face* find_face(std::vector<font_face>& faces, const model::font_key& key);

// Advance of UTF-8 text in 1/1000 em (the sum of its code points' advances, as libharu measures).
long measure_text(const font_face& face, std::string_view utf8);

// Whether the face maps the code point to a real glyph.
bool face_has_glyph(const font_face& face, char32_t code_point);

// The face's font for libharu to set on a page (a Type0 font over Identity-H, whose codes are
// the UCS-2 code points show_text writes, with a ToUnicode map), made on first use.
HPDF_Font paint_font(session& s, font_face& face);

// The code points of UTF-8 text, in order, the BMP only (libharu's UTF-8 fonts encode no more,
// and a painted code is two bytes): what a text paints and what its font must map.
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

// One text object written into the page's content stream, with the font and size already set
// on the page: "BT x y Td (codes) Tj ET", the codes two bytes a character in a literal string
// (half the bytes of libharu's hex, and no second measuring of the text), coordinates to
// 1/1000 pt; the code points noted as painted. ops is scratch space; false when libharu fails.
bool show_text(HPDF_Page page, font_face& face, double x, double y, std::string_view utf8, std::string& ops);

// compact_font.cpp: notes the code points of text painted with the face's font.
void note_painted(font_face& face, std::string_view utf8);
// Before saving: the font's widths (W), CIDToGIDMap and embedded program (a subset) for the
// code points painted; false, with why, when libharu refused a change or the font is damaged.
bool compact_font(const font_face& face, std::string& why);

}  // namespace pdf
