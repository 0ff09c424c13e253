// libFuzzer target: TrueType files to pdf::font_program (never a crash, a hang, a leak or UB).
// An accepted font answers every lookup in bounds, and the subset it cuts of all its glyphs,
// and of every third one, is a font the program accepts again, with as many glyphs as kept and
// each kept glyph's advance.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "pdf/font_program.hpp"

namespace {

// Aborts (a finding for libFuzzer) when a property does not hold.
void require(bool holds) {
    if (!holds) std::abort();
}

void check_subset(const pdf::font_program& font, const std::vector<bool>& used) {
    std::string bytes, why;
    std::vector<std::uint16_t> new_id;
    if (!font.subset(used, bytes, new_id, why)) {
        require(!why.empty());
        return;
    }
    const auto again = pdf::font_program::from_bytes(bytes, why);
    require(again != nullptr);
    require(new_id.size() == font.glyph_count());
    std::size_t kept = 0;
    for (std::size_t id = 0; id < new_id.size(); ++id) {
        if (id != 0 && new_id[id] == 0) continue;
        ++kept;
        require(new_id[id] < again->glyph_count());
        require(again->advance(new_id[id]) == font.advance(static_cast<std::uint16_t>(id)));
    }
    require(kept == again->glyph_count());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string why;
    const auto font = pdf::font_program::from_bytes(std::string(reinterpret_cast<const char*>(data), size), why);
    if (!font) {
        require(!why.empty());
        return 0;
    }
    for (char32_t cp : {U'A', U'x', U'ệ', U'Đ', U' ', U'\uFFFF', U'\U0001F600'}) {
        const std::uint16_t id = font->glyph_id(cp);
        font->width(id);
        font->outline(id);
    }
    std::vector<bool> all(font->glyph_count(), true), some(font->glyph_count(), false);
    for (std::size_t id = 0; id < some.size(); id += 3) some[id] = true;
    check_subset(*font, all);
    check_subset(*font, some);
    return 0;
}
