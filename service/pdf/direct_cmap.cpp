// Owns the direct cmap: the glyph of every BMP code point computed once per loaded font by
// one sweep over the cmap's segments, and handed back to libharu as a single table.
#include "pdf/direct_cmap.hpp"

#include <hpdf_fontdef.h>
#include <hpdf_mmgr.h>

#include <vector>

namespace pdf {

namespace {

constexpr unsigned last_code = 0xFFFF;

// Memory from the font's own manager, which frees the cmap with the font.
template <class T>
T* font_memory(HPDF_FontDef def, std::size_t count) {
    return static_cast<T*>(HPDF_GetMem(def->mmgr, static_cast<HPDF_UINT>(count * sizeof(T))));
}

}  // namespace

bool make_cmap_direct(HPDF_FontDef def) {
    auto* attr = static_cast<HPDF_TTFontDefAttr>(def->attr);
    HPDF_TTF_CmapRange& cmap = attr->cmap;
    const unsigned segments = cmap.seg_count_x2 / 2u;
    if (cmap.format != 4 || segments == 0 || cmap.end_count[segments - 1] != last_code) return false;
    for (unsigned i = 1; i < segments; ++i)
        if (cmap.end_count[i] < cmap.end_count[i - 1]) return false;  // libharu takes the first end above; a sweep needs them sorted

    // libharu's answer for each code point: the first segment ending at or above it.
    std::vector<HPDF_UINT16> glyph(last_code, 0);
    unsigned lo = last_code, hi = 0;
    unsigned i = 0;
    for (unsigned u = 0; u < last_code; ++u) {
        while (u > cmap.end_count[i]) ++i;
        if (cmap.start_count[i] > u) continue;
        HPDF_UINT16 gid;
        if (cmap.id_range_offset[i] == 0) {
            gid = static_cast<HPDF_UINT16>(u + static_cast<unsigned>(cmap.id_delta[i]));
        } else {
            const unsigned idx = cmap.id_range_offset[i] / 2u + (u - cmap.start_count[i]) - (segments - i);
            if (idx >= cmap.glyph_id_array_count) continue;  // libharu reads one past at ==; never a glyph
            gid = static_cast<HPDF_UINT16>(cmap.glyph_id_array[idx] + static_cast<unsigned>(cmap.id_delta[i]));
        }
        if (gid == 0) continue;
        glyph[u] = gid;
        if (u < lo) lo = u;
        hi = u;
    }
    if (lo > hi) return false;
    // And for 0xFFFF itself, what the last segment gives it.
    const unsigned last = segments - 1;
    if (cmap.start_count[last] != last_code || cmap.id_range_offset[last] != 0 ||
        static_cast<HPDF_UINT16>(last_code + static_cast<unsigned>(cmap.id_delta[last])) != 0)
        return false;

    const std::size_t count = hi - lo + 1;
    auto* end = font_memory<HPDF_UINT16>(def, 2);
    auto* start = font_memory<HPDF_UINT16>(def, 2);
    auto* delta = font_memory<HPDF_INT16>(def, 2);
    auto* range = font_memory<HPDF_UINT16>(def, 2);
    auto* table = font_memory<HPDF_UINT16>(def, count);
    if (!end || !start || !delta || !range || !table) {
        for (void* p : {static_cast<void*>(end), static_cast<void*>(start), static_cast<void*>(delta),
                        static_cast<void*>(range), static_cast<void*>(table)})
            if (p) HPDF_FreeMem(def->mmgr, p);
        return false;
    }
    end[0] = static_cast<HPDF_UINT16>(hi);
    start[0] = static_cast<HPDF_UINT16>(lo);
    delta[0] = 0;
    range[0] = 4;  // libharu's index: range/2 + (u - start) - (segments - 0) = u - lo
    end[1] = start[1] = last_code;
    delta[1] = 1;  // 0xFFFF + 1 wraps to glyph 0
    range[1] = 0;
    for (std::size_t k = 0; k < count; ++k) table[k] = glyph[lo + k];

    HPDF_FreeMem(def->mmgr, cmap.end_count);
    HPDF_FreeMem(def->mmgr, cmap.start_count);
    HPDF_FreeMem(def->mmgr, cmap.id_delta);
    HPDF_FreeMem(def->mmgr, cmap.id_range_offset);
    if (cmap.glyph_id_array) HPDF_FreeMem(def->mmgr, cmap.glyph_id_array);
    cmap.end_count = end;
    cmap.start_count = start;
    cmap.id_delta = delta;
    cmap.id_range_offset = range;
    cmap.glyph_id_array = table;
    cmap.glyph_id_array_count = static_cast<HPDF_UINT>(count);
    cmap.seg_count_x2 = 4;
    return true;
}

}  // namespace pdf
