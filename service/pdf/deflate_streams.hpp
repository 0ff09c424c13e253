// Deflating a libharu document's streams with libdeflate before libharu saves it.
//
// libharu deflates each stream with zlib at level 6 while it writes the file; on a three-page
// minutes document that was 38 % of the render (four font subsets, three pages of text, four
// CIDToGIDMaps). libdeflate at the same level takes about a third of zlib's time for the same
// or fewer bytes (bench/README.md), so the streams are deflated here and libharu copies them.
#pragma once

#include <hpdf.h>

#include <string>
#include <string_view>

namespace pdf {

// bytes in the zlib format (RFC 1950) at level 6, what a PDF's /FlateDecode reads. A
// compressor per thread, made on its first use and kept.
std::string deflate_zlib(std::string_view bytes);

// Deflates every stream of doc libharu would deflate when saving it (its filter Flate alone,
// no hook of libharu's on its dictionary, kept in memory): the stream then holds the
// compressed bytes, its dictionary says /Filter /FlateDecode, and libharu writes it as it is.
// For a document about to be saved: its streams take no more writes after. False, with
// libharu's error set, when memory runs out.
bool deflate_streams(HPDF_Doc doc);

}  // namespace pdf
