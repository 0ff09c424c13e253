// The font program: read once, it gives the glyphs libharu gives, cuts a face down to the
// glyphs a document uses (with the parts of their composites) and refuses a damaged file with
// a reason, never a crash.
#include <catch2/catch.hpp>

#include <hpdf.h>
#include <hpdf_fontdef.h>

#include <fstream>
#include <sstream>

#include "pdf/font_program.hpp"
#include "support/test_paths.hpp"

namespace {

const char* const faces[] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
                             "LiberationSerif-BoldItalic.ttf"};

std::string font_path(const char* file) { return test_paths::source(std::string("fonts/") + file); }

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

std::uint16_t be16(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) << 8 | static_cast<unsigned char>(b[at + 1]));
}

// The glyph ids a composite outline points at, in order.
std::vector<std::uint16_t> parts_of(std::string_view outline) {
    std::vector<std::uint16_t> parts;
    if (outline.size() < 10 || static_cast<std::int16_t>(be16(outline, 0)) >= 0) return parts;
    std::size_t at = 10;
    for (;;) {
        const std::uint16_t flags = be16(outline, at);
        parts.push_back(be16(outline, at + 2));
        at += 4 + ((flags & 1) ? 4 : 2) + ((flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0);
        if (!(flags & 0x20)) return parts;
    }
}

// Where a table of the file starts and how long it is (0, 0 when absent).
std::pair<std::size_t, std::size_t> table_of(const std::string& font, const char* tag) {
    const std::size_t count = be16(font, 4);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t entry = 12 + 16 * i;
        if (font.compare(entry, 4, tag) == 0)
            return {static_cast<std::size_t>(be16(font, entry + 8)) << 16 | be16(font, entry + 10),
                    static_cast<std::size_t>(be16(font, entry + 12)) << 16 | be16(font, entry + 14)};
    }
    return {0, 0};
}

}  // namespace

TEST_CASE("the_font_programs_cmap_gives_every_code_point_the_glyph_libharu_gives", "[pdf][fonts]") {
    for (const char* file : faces) {
        INFO(file);
        std::string why;
        const auto program = pdf::font_program::open(font_path(file), why);
        REQUIRE(program);
        HPDF_Doc doc = HPDF_New(nullptr, nullptr);
        REQUIRE(doc);
        const char* name = HPDF_LoadTTFontFromFile(doc, font_path(file).c_str(), HPDF_TRUE);
        REQUIRE(name);
        HPDF_FontDef def = HPDF_GetFontDef(doc, name);
        std::size_t mapped = 0, differ = 0;
        for (unsigned u = 0; u <= 0xFFFF; ++u) {
            const HPDF_UINT16 theirs = HPDF_TTFontDef_GetGlyphid(def, static_cast<HPDF_UINT16>(u));
            mapped += theirs != 0;
            differ += program->glyph_id(u) != theirs;
        }
        CHECK(mapped > 2000);
        CHECK(differ == 0);
        // Every advance libharu gives (1/1000 em) is the program's, and so are the ascent,
        // descent and .notdef's width layout measures with, and the descriptor's numbers.
        std::size_t widths_differ = 0;
        for (std::uint16_t id = 0; id < program->glyph_count(); ++id)
            widths_differ += HPDF_TTFontDef_GetGidWidth(def, id) != program->width(id);
        CHECK(widths_differ == 0);
        CHECK(program->ascent() == def->ascent);
        CHECK(program->descent() == def->descent);
        CHECK(program->missing_width() == def->missing_width);
        const auto& m = program->metrics();
        CHECK(m.name == name);
        CHECK(m.flags == def->flags);
        CHECK(m.x_height == def->x_height);
        CHECK(m.italic_angle == def->italic_angle);
        CHECK(m.stemv == def->stemv);
        CHECK(m.bbox[0] == def->font_bbox.left);
        CHECK(m.bbox[1] == def->font_bbox.bottom);
        CHECK(m.bbox[2] == def->font_bbox.right);
        CHECK(m.bbox[3] == def->font_bbox.top);
        HPDF_Free(doc);
        // Opened again, the program is the one already read.
        CHECK(pdf::font_program::open(font_path(file), why) == program);
    }
}

TEST_CASE("a_subset_keeps_the_glyphs_used_and_the_parts_of_their_composites", "[pdf][fonts]") {
    std::string why;
    const auto program = pdf::font_program::open(font_path(faces[0]), why);
    REQUIRE(program);
    std::vector<bool> used(program->glyph_count(), false);
    std::vector<std::uint16_t> wanted;
    for (char32_t cp : {U'A', U'ệ', U'Ủ', U'ơ', U'ữ', U'Đ', U' ', U'“'}) {
        wanted.push_back(program->glyph_id(cp));
        REQUIRE(wanted.back() != 0);
        used[wanted.back()] = true;
    }
    std::string bytes;
    std::vector<std::uint16_t> new_id;
    REQUIRE(program->subset(used, bytes, new_id, why));
    const auto subset = pdf::font_program::from_bytes(bytes, why);
    REQUIRE(subset);
    CHECK(bytes.size() < 20000);  // the face is 393 kB
    CHECK(subset->glyph_count() < 40);
    // Every glyph used, and every part of a composite, is there with its outline and advance.
    std::vector<std::uint16_t> check = wanted;
    std::size_t composites = 0;
    while (!check.empty()) {
        const std::uint16_t old = check.back();
        check.pop_back();
        INFO("glyph " << old);
        REQUIRE(new_id[old] != 0);
        const std::string_view before = program->outline(old), after = subset->outline(new_id[old]);
        CHECK(subset->advance(new_id[old]) == program->advance(old));
        const auto parts = parts_of(before);
        if (parts.empty()) {
            CHECK(after.substr(0, before.size()) == before);
            continue;
        }
        ++composites;
        const auto new_parts = parts_of(after);
        REQUIRE(new_parts.size() == parts.size());
        for (std::size_t i = 0; i < parts.size(); ++i) {
            CHECK(new_parts[i] == new_id[parts[i]]);
            check.push_back(parts[i]);
        }
    }
    CHECK(composites > 0);  // Liberation builds its Vietnamese letters from parts
    // Only the tables a viewer reads; post without glyph names; no cmap (the PDF maps codes).
    for (const char* tag : {"glyf", "loca", "head", "hhea", "hmtx", "maxp", "fpgm", "prep", "cvt "}) {
        INFO(tag);
        CHECK(table_of(bytes, tag).second > 0);
    }
    for (const char* tag : {"cmap", "name", "GPOS", "GSUB", "kern"}) CHECK(table_of(bytes, tag).second == 0);
    const auto post = table_of(bytes, "post");
    REQUIRE(post.second == 32);
    CHECK(be16(bytes, post.first) == 3);
}

TEST_CASE("a_damaged_font_is_refused_with_a_reason_never_a_crash", "[pdf][fonts]") {
    const std::string whole = file_bytes(font_path(faces[0]));
    REQUIRE(whole.size() > 100000);
    std::string why;
    SECTION("a licence that forbids embedding") {
        std::string restricted = whole;
        const auto os2 = table_of(restricted, "OS/2");
        restricted[os2.first + 9] = '\x02';  // fsType: restricted licence embedding
        CHECK_FALSE(pdf::font_program::from_bytes(restricted, why));
        CHECK(why.find("licence") != std::string::npos);
    }
    SECTION("not a font") {
        CHECK_FALSE(pdf::font_program::from_bytes("%PDF-1.7 not a font", why));
        CHECK(why.find("not a TrueType font") != std::string::npos);
    }
    SECTION("cut short anywhere") {
        for (std::size_t size : {std::size_t{0}, std::size_t{11}, std::size_t{100}, std::size_t{4000}, whole.size() / 2,
                                 whole.size() - 1}) {
            INFO(size);
            CHECK_FALSE(pdf::font_program::from_bytes(whole.substr(0, size), why));
            CHECK_FALSE(why.empty());
        }
    }
    SECTION("a glyph offset past the outlines") {
        std::string bad = whole;
        const auto loca = table_of(bad, "loca");
        for (std::size_t i = 8; i < 12; ++i) bad[loca.first + i] = '\x7F';  // glyph 2's start (long offsets)
        const auto program = pdf::font_program::from_bytes(bad, why);
        REQUIRE(program);  // the directory is sound; the glyph is damaged
        std::vector<bool> used(program->glyph_count(), false);
        used[2] = true;
        std::string out;
        std::vector<std::uint16_t> new_id;
        CHECK_FALSE(program->subset(used, out, new_id, why));
        CHECK(why == "a glyph of the font is damaged");
        CHECK(program->outline(2).empty());
    }
    SECTION("a composite pointing past the last glyph") {
        std::string bad = whole;
        std::string why_open;
        const auto good = pdf::font_program::from_bytes(whole, why_open);
        REQUIRE(good);
        const std::uint16_t composite = good->glyph_id(U'ệ');
        const std::string_view outline = good->outline(composite);
        REQUIRE_FALSE(parts_of(outline).empty());
        const auto loca = table_of(whole, "loca");
        const std::size_t offset = table_of(whole, "glyf").first +
                                   (static_cast<std::size_t>(be16(whole, loca.first + 4u * composite)) << 16 |
                                    be16(whole, loca.first + 4u * composite + 2));
        REQUIRE(whole.compare(offset, outline.size(), outline.data(), outline.size()) == 0);
        bad[offset + 12] = '\xFF';  // the first part's glyph id: 0xFFxx, past 2,602 glyphs
        bad[offset + 13] = '\xF0';
        const auto program = pdf::font_program::from_bytes(bad, why);
        REQUIRE(program);
        std::vector<bool> used(program->glyph_count(), false);
        used[composite] = true;
        std::string out;
        std::vector<std::uint16_t> new_id;
        CHECK_FALSE(program->subset(used, out, new_id, why));
    }
}
