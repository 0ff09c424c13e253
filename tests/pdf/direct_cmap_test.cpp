// The direct cmap gives every BMP code point of every font in fonts/ the glyph libharu's own
// segment walk gave it, so output is byte for byte what it was, only faster to make.
#include <catch2/catch.hpp>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>

#include <vector>

#include "pdf/direct_cmap.hpp"
#include "support/test_paths.hpp"

TEST_CASE("the_direct_cmap_maps_every_code_point_to_the_glyph_libharu_found", "[pdf][fonts]") {
    for (const char* file : {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
                             "LiberationSerif-BoldItalic.ttf"}) {
        INFO(file);
        HPDF_Doc doc = HPDF_New(nullptr, nullptr);
        REQUIRE(doc);
        const char* name = HPDF_LoadTTFontFromFile(doc, test_paths::source(std::string("fonts/") + file).c_str(), HPDF_TRUE);
        REQUIRE(name);
        HPDF_FontDef def = HPDF_GetFontDef(doc, name);
        REQUIRE(def);
        std::vector<HPDF_UINT16> walked(0x10000);
        for (unsigned u = 0; u <= 0xFFFF; ++u) walked[u] = HPDF_TTFontDef_GetGlyphid(def, static_cast<HPDF_UINT16>(u));
        REQUIRE(pdf::make_cmap_direct(def));
        std::size_t mapped = 0, differ = 0;
        for (unsigned u = 0; u <= 0xFFFF; ++u) {
            mapped += walked[u] != 0;
            differ += HPDF_TTFontDef_GetGlyphid(def, static_cast<HPDF_UINT16>(u)) != walked[u];
        }
        CHECK(mapped > 2000);  // Latin, Vietnamese, Greek, Cyrillic ...
        CHECK(differ == 0);
        CHECK(HPDF_TTFontDef_GetGlyphid(def, 0x1EA0) == walked[0x1EA0]);  // Ạ
        HPDF_Free(doc);
    }
}
