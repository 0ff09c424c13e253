// A font's widths (W) and CIDToGIDMap list the code points its document paints, each with
// the advance layout measured, and nothing of the thousands of other characters it maps; its
// embedded program holds each painted code's glyph, found through the map.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <cmath>
#include <map>
#include <set>

#include "pdf/font_program.hpp"
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

// A stream's data inflated.
std::string inflated(std::string_view data) {
    std::string out(1 << 20, '\0');
    uLongf size = out.size();
    REQUIRE(uncompress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                       data.size()) == Z_OK);
    out.resize(size);
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
        const std::string glyphs = inflated(map->data);
        CHECK(glyphs.size() == 2 * (0x201D + 1));
        // The embedded program: each painted code's glyph (as the map numbers it) has the outline
        // and advance of the face's glyph for it, and the program is a small part of the face.
        const pdf::stored_object* descriptor = file->object(o->dict.find("FontDescriptor")->number, ignored);
        REQUIRE(descriptor);
        const pdf::stored_object* program_stream = file->object(descriptor->dict.find("FontFile2")->number, ignored);
        REQUIRE(program_stream);
        const std::string program_bytes = inflated(program_stream->data);
        CHECK(std::stoul(program_stream->dict.find("Length1")->text) == program_bytes.size());
        CHECK(program_bytes.size() < 25000);
        std::string why;
        const auto embedded = pdf::font_program::from_bytes(program_bytes, why);
        const auto face = pdf::font_program::open(sample::serif_family().regular, why);
        REQUIRE(embedded);
        REQUIRE(face);
        for (char32_t cp : painted) {
            INFO("U+" << std::hex << static_cast<long>(cp));
            const auto gid = static_cast<std::uint16_t>(static_cast<unsigned char>(glyphs[2 * cp]) << 8 |
                                                        static_cast<unsigned char>(glyphs[2 * cp + 1]));
            const std::uint16_t original = face->glyph_id(cp);
            REQUIRE(original != 0);
            CHECK((gid != 0 && gid < embedded->glyph_count()));
            CHECK(embedded->advance(gid) == face->advance(original));
            const std::string_view outline = face->outline(original);
            if (outline.empty() || static_cast<unsigned char>(outline[0]) < 0x80)  // a simple glyph: the same bytes
                CHECK(embedded->outline(gid).substr(0, outline.size()) == outline);
            else  // a composite: as many bytes, its parts renumbered
                CHECK(embedded->outline(gid).size() >= outline.size());
        }
    }
    CHECK(cid_fonts == 1);  // only the regular face was painted
}
