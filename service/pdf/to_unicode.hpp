// A correct ToUnicode map for libharu's UTF-8 Type0 fonts.
#pragma once

#include <hpdf.h>

#include <string>

namespace pdf {

// The CMap text: codes are UCS-2 code points, so it maps every BMP block
// (surrogates excepted) to itself with bfrange entries. Built once per process.
const std::string& identity_to_unicode_cmap();

// Rewrites the font's ToUnicode stream in place with the identity map and
// fixes its dictionary. False when the font has no ToUnicode stream.
bool replace_to_unicode(HPDF_Font font);

}  // namespace pdf
