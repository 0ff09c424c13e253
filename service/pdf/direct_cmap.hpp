// libharu looks a code point's glyph up by walking its font's cmap segments one by one, and
// making a Type0 font asks it for every one of the 65,536 BMP code points: half the time of
// a one-page render. The same cmap rewritten as one direct table answers each in one step.
#pragma once

#include <hpdf.h>

namespace pdf {

// Rewrites a loaded TrueType font's format-4 cmap into an equivalent one of two segments: a
// table indexed by code point from the first mapped one to the last, and the closing 0xFFFF.
// Every code point gets the glyph it got before (as libharu computed it, quirks included).
// False, with the font unchanged, for another format, unsorted segments or no memory.
bool make_cmap_direct(HPDF_FontDef def);

}  // namespace pdf
