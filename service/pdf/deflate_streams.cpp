// Owns deflating a document's streams before it is saved (see deflate_streams.hpp).
#include "pdf/deflate_streams.hpp"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <libdeflate.h>

#include <memory>
#include <new>
#include <string>

namespace pdf {

namespace {

struct free_compressor {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

// The level of zlib's default, which libharu used: about the same bytes as before, faster.
constexpr int level = 6;

libdeflate_compressor* thread_compressor() {
    thread_local std::unique_ptr<libdeflate_compressor, free_compressor> c(libdeflate_alloc_compressor(level));
    return c.get();
}

// Written in the dictionary of a stream deflated here, whose filter libharu then sees as none.
HPDF_STATUS say_flate(HPDF_Dict, HPDF_Stream out) { return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012"); }

// The bytes of a memory stream, in one piece.
bool gather(HPDF_Stream s, std::string& out) {
    out.clear();
    out.reserve(s->size);
    const HPDF_UINT count = HPDF_MemStream_GetBufCount(s);
    for (HPDF_UINT i = 0; i < count; ++i) {
        HPDF_UINT length = 0;
        const HPDF_BYTE* p = HPDF_MemStream_GetBufPtr(s, i, &length);
        if (!p) return false;
        out.append(reinterpret_cast<const char*>(p), length);
    }
    return out.size() == s->size;
}

// Whether libharu would deflate this object's stream and leaves it to us.
bool ours_to_deflate(void* obj) {
    const auto* header = static_cast<const HPDF_Obj_Header*>(obj);
    if (!obj || (header->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT) return false;
    const auto* dict = static_cast<const HPDF_Dict_Rec*>(obj);
    // Hooks mean libharu fills or writes the stream its own way (e.g. a PNG loaded late).
    return dict->stream && dict->stream->type == HPDF_STREAM_MEMORY && dict->stream->size > 0 &&
           dict->filter == HPDF_STREAM_FILTER_FLATE_DECODE && !dict->filterParams && !dict->before_write_fn &&
           !dict->write_fn && !dict->after_write_fn;
}

}  // namespace

std::string deflate_zlib(std::string_view bytes) {
    libdeflate_compressor* c = thread_compressor();
    if (!c) throw std::bad_alloc();
    std::string out(libdeflate_zlib_compress_bound(c, bytes.size()), '\0');
    const std::size_t n = libdeflate_zlib_compress(c, bytes.data(), bytes.size(), out.data(), out.size());
    out.resize(n);  // never 0: the buffer is the bound
    return out;
}

bool deflate_streams(HPDF_Doc doc) {
    HPDF_List entries = doc->xref->entries;
    std::string plain;
    for (HPDF_UINT i = 0; i < entries->count; ++i) {
        auto* entry = static_cast<HPDF_XrefEntry>(HPDF_List_ItemAt(entries, i));
        if (!entry || !ours_to_deflate(entry->obj)) continue;
        auto* dict = static_cast<HPDF_Dict>(entry->obj);
        if (!gather(dict->stream, plain)) return false;
        std::string packed;
        try {
            packed = deflate_zlib(plain);
        } catch (const std::bad_alloc&) {
            HPDF_SetError(&doc->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
            return false;
        }
        HPDF_MemStream_FreeData(dict->stream);
        if (HPDF_Stream_Write(dict->stream, reinterpret_cast<const HPDF_BYTE*>(packed.data()),
                              static_cast<HPDF_UINT>(packed.size())) != HPDF_OK)
            return false;
        dict->filter = HPDF_STREAM_FILTER_NONE;
        dict->write_fn = say_flate;
    }
    return true;
}

}  // namespace pdf
