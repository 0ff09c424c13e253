// Owns drawing a signature's appearance (image and text) into a small PDF with libharu, so
// the signer embeds the seal and the Vietnamese text the way the renderer does: a subset of
// a TrueType face with a correct ToUnicode map, and PNG transparency as a soft mask.
#include "pdf/draw_stamp.hpp"

#include "pdf/deflate_streams.hpp"
#include "pdf/faces.hpp"
#include "pdf/session.hpp"

namespace pdf {

namespace {

// "cannot draw the signature's appearance: what (libharu error ...)".
std::string draw_failed(session& s, const std::string& what) {
    return "cannot draw the signature's appearance: " + what + " (" + describe_error(take_error(s)) + ")";
}

// Loads the PNG and draws it in its box; false when libharu cannot read it.
bool draw_image(session& s, HPDF_Page page, const stamp_request& r) {
    if (r.png.empty()) return true;
    HPDF_Image image = HPDF_LoadPngImageFromMem(s.doc, reinterpret_cast<const HPDF_BYTE*>(r.png.data()),
                                                static_cast<HPDF_UINT>(r.png.size()));
    if (!image) return false;
    return HPDF_Page_DrawImage(page, image, static_cast<HPDF_REAL>(r.image_x), static_cast<HPDF_REAL>(r.image_y),
                               static_cast<HPDF_REAL>(r.image_width),
                               static_cast<HPDF_REAL>(r.image_height)) == HPDF_OK;
}

// Draws each line in black with the face; false when libharu fails.
bool draw_lines(session& s, HPDF_Page page, font_face& face, const stamp_request& r) {
    if (r.lines.empty()) return true;
    HPDF_Font font = paint_font(s, face);
    if (!font) return false;
    HPDF_Page_SetRGBFill(page, 0, 0, 0);
    if (HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(r.font_size)) != HPDF_OK) return false;
    std::string ops;
    for (const stamp_line& line : r.lines) {
        double x = line.x;
        const double width = static_cast<double>(measure_text(face, line.utf8)) * r.font_size / 1000;
        if (line.align == line_align::centre) x -= width / 2;
        if (line.align == line_align::right) x -= width;
        if (!show_text(page, face, x, line.y, line.utf8, ops)) return false;
    }
    return true;
}

// The document's bytes as libharu saves them.
std::string saved_bytes(session& s) {
    if (!deflate_streams(s.doc) || HPDF_SaveToStream(s.doc) != HPDF_OK) return {};
    std::string out(HPDF_GetStreamSize(s.doc), '\0');
    HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
    HPDF_ReadFromStream(s.doc, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
    out.resize(size);
    return out;
}

}  // namespace

std::string draw_stamps(const std::vector<stamp_request>& requests, vanthu::diagnostics& problems) {
    session s;
    if (!open_session(s)) {
        problems.error({}, "cannot draw the signature's appearance: libharu cannot start");
        return {};
    }
    font_face face;
    bool has_text = false;
    for (const stamp_request& r : requests) has_text = has_text || !r.lines.empty();
    bool ok = !has_text || load_face(s, {}, requests.front().font_path, face, problems);
    for (std::size_t i = 0; ok && i < requests.size(); ++i) {
        const stamp_request& r = requests[i];
        HPDF_Page page = HPDF_AddPage(s.doc);
        if (!page) {
            problems.error({}, draw_failed(s, "no page"));
            ok = false;
            break;
        }
        HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(r.width));
        HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(r.height));
        if (!draw_image(s, page, r)) {
            problems.error({}, draw_failed(s, "the image is not a PNG libharu reads"));
            ok = false;
        } else if (!draw_lines(s, page, face, r)) {
            problems.error({}, draw_failed(s, "the text cannot be drawn with " + r.font_path));
            ok = false;
        }
    }
    std::string out;
    std::string why;
    if (ok && face.font && !compact_font(face, why)) problems.error({}, draw_failed(s, "the font cannot be embedded: " + why));
    else if (ok && (out = saved_bytes(s)).empty()) problems.error({}, draw_failed(s, "saving failed"));
    close_session(s);
    return out;
}

// IHDR is the first chunk: width and height, big-endian, at bytes 16 and 20.
bool png_size(std::string_view png, unsigned& width, unsigned& height) {
    if (png.size() < 24 || png.substr(0, 8) != "\x89PNG\r\n\x1a\n" || png.substr(12, 4) != "IHDR") return false;
    auto be32 = [&](std::size_t at) {
        unsigned v = 0;
        for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(png[at + i]);
        return v;
    };
    width = be32(16);
    height = be32(20);
    return width > 0 && height > 0;
}

}  // namespace pdf
