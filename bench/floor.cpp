// Owns the bare-libharu floor: laid-out pages drawn with plain libharu calls, nothing else.
#include <hpdf.h>

#include <array>
#include <cstdio>

#include "bench.hpp"

namespace bench {

namespace {

// A libharu document, its first error, and the faces it has loaded.
struct bare_doc {
    HPDF_Doc doc = nullptr;
    HPDF_STATUS error = HPDF_OK;
    std::array<const char*, 4> names{};  // regular, bold, italic, bold italic
    std::array<HPDF_Font, 4> fonts{};    // their UTF-8 fonts, made on first use
    ~bare_doc() {
        if (doc) HPDF_Free(doc);
    }
};

// libharu's error callback: keeps the first error.
void keep_error(HPDF_STATUS code, HPDF_STATUS, void* data) {
    auto* first = static_cast<HPDF_STATUS*>(data);
    if (*first == HPDF_OK) *first = code;
}

// A new document with UTF-8 encoders, compression, and the four faces of the source tree.
bool open_bare(bare_doc& d, const std::string& fonts_dir) {
    d.doc = HPDF_New(keep_error, &d.error);
    if (!d.doc) return false;
    HPDF_UseUTFEncodings(d.doc);
    HPDF_SetCompressionMode(d.doc, HPDF_COMP_ALL);
    static const char* const files[4] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                                         "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"};
    for (std::size_t i = 0; i < 4; ++i) {
        const std::string path = fonts_dir + "/" + files[i];
        d.names[i] = HPDF_LoadTTFontFromFile(d.doc, path.c_str(), HPDF_TRUE);
        if (!d.names[i]) return false;
    }
    return d.error == HPDF_OK;
}

// The UTF-8 font of a face (every family is drawn with the source tree's serif faces).
HPDF_Font font_of(bare_doc& d, const model::font_key& key) {
    const std::size_t i = (key.bold ? 1u : 0u) + (key.italic ? 2u : 0u);
    if (!d.fonts[i]) d.fonts[i] = HPDF_GetFont(d.doc, d.names[i], "UTF-8");
    return d.fonts[i];
}

// PDF's real from a double.
HPDF_REAL real(double v) { return static_cast<HPDF_REAL>(v); }

// Rectangles and lines of one page, y flipped.
void draw_shapes(HPDF_Page pg, const layout::page& page) {
    for (const layout::rect_box& r : page.rects) {
        const bool stroke = r.stroked && r.thickness > 0;
        if (!stroke && !r.filled) continue;
        if (stroke) {
            HPDF_Page_SetRGBStroke(pg, real(r.stroke.r), real(r.stroke.g), real(r.stroke.b));
            HPDF_Page_SetLineWidth(pg, real(r.thickness));
        }
        if (r.filled) HPDF_Page_SetRGBFill(pg, real(r.fill.r), real(r.fill.g), real(r.fill.b));
        HPDF_Page_Rectangle(pg, real(r.x), real(page.height - r.y - r.height), real(r.width), real(r.height));
        if (stroke && r.filled) HPDF_Page_FillStroke(pg);
        else if (stroke) HPDF_Page_Stroke(pg);
        else HPDF_Page_Fill(pg);
    }
    for (const layout::line_box& l : page.lines) {
        if (l.thickness <= 0) continue;
        HPDF_Page_SetRGBStroke(pg, real(l.stroke.r), real(l.stroke.g), real(l.stroke.b));
        HPDF_Page_SetLineWidth(pg, real(l.thickness));
        HPDF_Page_MoveTo(pg, real(l.x1), real(page.height - l.y1));
        HPDF_Page_LineTo(pg, real(l.x2), real(page.height - l.y2));
        HPDF_Page_Stroke(pg);
    }
}

// Text boxes of one page: one text object and one ShowText each, font set when it changes.
bool draw_texts(bare_doc& d, HPDF_Page pg, const layout::page& page) {
    HPDF_Font current = nullptr;
    double current_size = 0;
    for (const layout::text_box& t : page.texts) {
        if (t.text.empty()) continue;
        HPDF_Font font = font_of(d, t.font);
        if (!font) return false;
        if (font != current || t.size != current_size) {
            HPDF_Page_SetFontAndSize(pg, font, real(t.size));
            current = font;
            current_size = t.size;
        }
        HPDF_Page_SetRGBFill(pg, real(t.fill.r), real(t.fill.g), real(t.fill.b));
        HPDF_Page_BeginText(pg);
        HPDF_Page_MoveTextPos(pg, real(t.x), real(page.height - t.y));
        HPDF_Page_ShowText(pg, t.text.c_str());
        HPDF_Page_EndText(pg);
    }
    return true;
}

// Saves the document to libharu's memory stream and copies the bytes out.
std::string save_bare(bare_doc& d) {
    if (HPDF_SaveToStream(d.doc) != HPDF_OK) return {};
    std::string out(HPDF_GetStreamSize(d.doc), '\0');
    std::size_t filled = 0;
    while (filled < out.size()) {
        auto size = static_cast<HPDF_UINT32>(out.size() - filled);
        HPDF_STATUS status = HPDF_ReadFromStream(d.doc, reinterpret_cast<HPDF_BYTE*>(&out[filled]), &size);
        filled += size;
        if (size == 0 || (status != HPDF_OK && status != HPDF_STREAM_EOF)) break;
    }
    out.resize(filled);
    return out;
}

}  // namespace

// New document, faces, every box of the pages, save to memory.
std::string paint_bare(const std::vector<layout::page>& pages, std::size_t first, std::size_t count,
                       const std::string& fonts_dir, std::string& message) {
    bare_doc d;
    if (!open_bare(d, fonts_dir)) {
        message = "bare libharu: cannot open a document with the faces of " + fonts_dir;
        return {};
    }
    for (std::size_t i = first; i < first + count && i < pages.size(); ++i) {
        const layout::page& page = pages[i];
        HPDF_Page pg = HPDF_AddPage(d.doc);
        if (!pg) break;
        HPDF_Page_SetWidth(pg, real(page.width));
        HPDF_Page_SetHeight(pg, real(page.height));
        draw_shapes(pg, page);
        if (!draw_texts(d, pg, page)) break;
    }
    std::string pdf = d.error == HPDF_OK ? save_bare(d) : std::string();
    if (pdf.empty()) {
        char code[16];
        std::snprintf(code, sizeof code, "0x%04X", static_cast<unsigned>(d.error));
        message = std::string("bare libharu: error ") + code + " while painting";
    }
    return pdf;
}

}  // namespace bench
