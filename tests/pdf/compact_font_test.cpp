// A font's widths (W) and CIDToGIDMap list the code points its document paints, each with
// the advance layout measured, and nothing of the thousands of other characters it maps.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <cmath>
#include <map>
#include <set>

#include "pdf/pages.hpp"
#include "pdf/writer.hpp"
#include "sample_pages.hpp"

namespace {

// The code points of UTF-8 text.
std::set<char32_t> code_points(const std::string& s) {
    std::set<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t n = b < 0x80 ? 1 : b >= 0xE0 ? 3 : 2;
        char32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
        for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.insert(cp);
        i += n;
    }
    return out;
}

// A W array read back: code point -> width.
std::map<long, long> widths_of(const pdf::value& w) {
    std::map<long, long> out;
    for (std::size_t i = 0; i + 1 < w.items.size(); i += 2) {
        long first = std::stol(w.items[i].text);
        for (const pdf::value& width : w.items[i + 1].items) out[first++] = std::stol(width.text);
    }
    return out;
}

}  // namespace

TEST_CASE("a_fonts_widths_and_glyph_map_cover_what_the_document_paints", "[pdf][fonts]") {
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    const std::string text = "Biên bản họp Ủy ban – “PCCC” năm 2022";
    layout::page page;
    page.width = 595;
    page.height = 842;
    page.texts.push_back(layout::text_box{72, 100, 0, text, model::font_key{"serif", false, false}, 13, {}});
    const std::string bytes = w.write({page}, sample::minutes_metadata(), problems);
    REQUIRE_FALSE(bytes.empty());
    const auto file = pdf::pdf_file::read(bytes, problems);
    REQUIRE(file);
    const std::set<char32_t> painted = code_points(text);
    int cid_fonts = 0;
    for (std::uint32_t n = 1; n < file->object_count(); ++n) {
        vanthu::diagnostics ignored;
        const pdf::stored_object* o = file->object(n, ignored);
        if (!o || o->is_stream || !o->dict.find("Subtype") || !o->dict.find("Subtype")->is_name("CIDFontType2")) continue;
        ++cid_fonts;
        const std::map<long, long> widths = widths_of(*o->dict.find("W"));
        const long dw = std::stol(o->dict.find("DW")->text);
        // Every painted code point has the width layout measured; no other is listed.
        for (char32_t cp : painted) {
            INFO("U+" << std::hex << static_cast<long>(cp));
            const auto listed = widths.find(static_cast<long>(cp));
            std::string utf8;
            if (cp < 0x80) utf8 = std::string(1, static_cast<char>(cp));
            else if (cp < 0x800) utf8 = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
            else utf8 = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
            const long measured = std::lround(w.text_width(model::font_key{"serif", false, false}, utf8, 1000));
            CHECK((listed == widths.end() ? dw : listed->second) == measured);
        }
        for (const auto& [cp, width] : widths) CHECK(painted.count(static_cast<char32_t>(cp)) == 1);
        // The glyph map ends at the last code painted (U+201D), not at U+FFFF.
        const pdf::stored_object* map = file->object(o->dict.find("CIDToGIDMap")->number, ignored);
        REQUIRE(map);
        std::string inflated(1 << 18, '\0');
        uLongf size = inflated.size();
        REQUIRE(uncompress(reinterpret_cast<Bytef*>(inflated.data()), &size,
                           reinterpret_cast<const Bytef*>(map->data.data()), map->data.size()) == Z_OK);
        CHECK(size == 2 * (0x201D + 1));
        CHECK((inflated[2 * 'B'] != 0 || inflated[2 * 'B' + 1] != 0));  // a painted code has its glyph
    }
    CHECK(cid_fonts == 1);  // only the regular face was painted
}
