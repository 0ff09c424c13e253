// The loaded font faces: which libharu font serves which font_key, and their metrics.
#pragma once

#include <hpdf.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "model/document.hpp"
#include "pdf/session.hpp"

namespace pdf {

// One face of one family, loaded into the session's document.
struct font_face {
    model::font_key key;
    std::string path;             // the TTF file
    std::string name;             // libharu's font name (the PostScript name)
    HPDF_FontDef def = nullptr;   // parsed TTF, used for metrics
    HPDF_Font font = nullptr;     // created on first paint, so unused faces are not embedded
    int ascent = 0, descent = 0;  // 1/1000 em; descent positive
    int missing_width = 0;        // 1/1000 em, for code points libharu cannot encode
    std::vector<std::uint8_t> initial_glyph_flags;  // libharu's "glyph used" table right after loading
    mutable std::vector<std::int16_t> advances;     // per BMP code point, 1/1000 em; -1 = not looked up yet
    std::vector<bool> painted;    // per BMP code point: painted with font in this document
    std::vector<char32_t> painted_codes;  // the same code points, in the order first painted
};

// Loads one TTF into the session (embedding on). On failure adds an error
// naming the file and returns false.
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

// Forgets which glyphs measuring touched, so only painted glyphs are embedded.
void reset_glyph_use(const font_face& face);

// The libharu font for painting, made (and its ToUnicode map fixed) on first use.
HPDF_Font paint_font(session& s, font_face& face);

// compact_font.cpp: notes the code points of text painted with the face's font.
void note_painted(font_face& face, std::string_view utf8);
// Before saving: the font's widths (W) and CIDToGIDMap cut to the code points painted; false
// when libharu refused a change.
bool compact_font(const font_face& face);

}  // namespace pdf
