// Owns painting positioned boxes onto libharu pages.
#include "pdf/paint.hpp"

#include <hpdf_objects.h>
#include <hpdf_pages.h>  // HPDF_Page_SetFilter: exported, not in hpdf.h

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

namespace pdf {

namespace {

// The graphics state already set on the page, so unchanged settings are not repeated.
struct pen {
    HPDF_Page page = nullptr;
    double height = 0;  // page height, to flip y
    model::color fill, stroke;  // PDF starts with black for both
    double line_width = 1;      // PDF's default
    HPDF_Font font = nullptr;
    double size = 0;
};

// Sets the fill colour if it differs.
void use_fill(pen& p, const model::color& c) {
    if (c == p.fill) return;
    HPDF_Page_SetRGBFill(p.page, static_cast<HPDF_REAL>(c.r), static_cast<HPDF_REAL>(c.g),
                         static_cast<HPDF_REAL>(c.b));
    p.fill = c;
}

// Sets the stroke colour and line width if they differ.
void use_stroke(pen& p, const model::color& c, double width) {
    if (!(c == p.stroke)) {
        HPDF_Page_SetRGBStroke(p.page, static_cast<HPDF_REAL>(c.r), static_cast<HPDF_REAL>(c.g),
                               static_cast<HPDF_REAL>(c.b));
        p.stroke = c;
    }
    if (width != p.line_width) {
        HPDF_Page_SetLineWidth(p.page, static_cast<HPDF_REAL>(width));
        p.line_width = width;
    }
}

// Rectangles from the index first on: stroked, filled or both.
void paint_rects(pen& p, const std::vector<layout::rect_box>& rects, std::size_t first = 0) {
    for (std::size_t i = first; i < rects.size(); ++i) {
        const layout::rect_box& r = rects[i];
        bool stroke = r.stroked && r.thickness > 0;
        if (!stroke && !r.filled) continue;
        if (stroke) use_stroke(p, r.stroke, r.thickness);
        if (r.filled) use_fill(p, r.fill);
        HPDF_Page_Rectangle(p.page, static_cast<HPDF_REAL>(r.x),
                            static_cast<HPDF_REAL>(p.height - r.y - r.height),
                            static_cast<HPDF_REAL>(r.width), static_cast<HPDF_REAL>(r.height));
        if (stroke && r.filled) HPDF_Page_FillStroke(p.page);
        else if (stroke) HPDF_Page_Stroke(p.page);
        else HPDF_Page_Fill(p.page);
    }
}

// Images, each file loaded once per document.
void paint_images(paint_context& ctx, pen& p, const std::vector<layout::image_box>& images) {
    std::map<std::string, HPDF_Image>& loaded_images = ctx.held->images;
    for (const auto& im : images) {
        auto found = loaded_images.find(im.path);
        if (found == loaded_images.end()) {
            HPDF_Image loaded = HPDF_LoadPngImageFromFile(ctx.s->doc, im.path.c_str());
            haru_error e = take_error(*ctx.s);
            if (!loaded || e.code != HPDF_OK)
                ctx.problems->error({im.path, 0, 0, {}}, "cannot embed PNG image (" + describe_error(e) + ")");
            found = loaded_images.emplace(im.path, loaded).first;
        }
        if (!found->second) continue;
        HPDF_Page_DrawImage(p.page, found->second, static_cast<HPDF_REAL>(im.x),
                            static_cast<HPDF_REAL>(p.height - im.y - im.height),
                            static_cast<HPDF_REAL>(im.width), static_cast<HPDF_REAL>(im.height));
    }
}

// Straight lines from the index first on.
void paint_lines(pen& p, const std::vector<layout::line_box>& lines, std::size_t first = 0) {
    for (std::size_t i = first; i < lines.size(); ++i) {
        const layout::line_box& l = lines[i];
        if (l.thickness <= 0) continue;
        use_stroke(p, l.stroke, l.thickness);
        HPDF_Page_MoveTo(p.page, static_cast<HPDF_REAL>(l.x1), static_cast<HPDF_REAL>(p.height - l.y1));
        HPDF_Page_LineTo(p.page, static_cast<HPDF_REAL>(l.x2), static_cast<HPDF_REAL>(p.height - l.y2));
        HPDF_Page_Stroke(p.page);
    }
}

// The face for a text box; an unknown family is reported once and replaced.
font_face* face_for(paint_context& ctx, const model::font_key& key) {
    font_face* found = find_face(*ctx.faces, key);
    if (found && found->key.family != key.family) {
        auto& seen = ctx.missing_families;
        if (std::find(seen.begin(), seen.end(), key.family) == seen.end()) {
            seen.push_back(key.family);
            ctx.problems->warning({}, "font family '" + key.family + "' is not loaded; using '" +
                                          found->key.family + "'");
        }
    }
    return found;
}

// Texts: one text object per box, written into the page's content stream directly (libharu's
// ShowText measured every text again and wrote 4 hex digits a character, 5 decimals a
// coordinate); the font and colour still set through libharu, which keeps the page's resources.
bool paint_texts(paint_context& ctx, pen& p, const std::vector<layout::text_box>& texts) {
    std::string ops;
    for (const auto& t : texts) {
        if (t.text.empty()) continue;
        font_face* face = face_for(ctx, t.font);
        HPDF_Font font = face ? paint_font(*ctx.s, *face) : nullptr;
        if (!font) {
            ctx.problems->error({}, "no font to paint text with (" + describe_error(take_error(*ctx.s)) + ")");
            return false;
        }
        if (font != p.font || t.size != p.size) {
            HPDF_Page_SetFontAndSize(p.page, font, static_cast<HPDF_REAL>(t.size));
            p.font = font;
            p.size = t.size;
        }
        use_fill(p, t.fill);
        if (!show_text(p.page, *face, t.x, p.height - t.y, t.text, ops)) return false;
    }
    return true;
}

// Whether the page's decorations are those the document's shared stream draws.
bool same_backdrop(const document_objects& held, const layout::page& page) {
    return held.backdrop && page.behind_rects == held.backdrop_rects.size() &&
           page.behind_lines == held.backdrop_lines.size() &&
           std::equal(held.backdrop_rects.begin(), held.backdrop_rects.end(), page.rects.begin()) &&
           std::equal(held.backdrop_lines.begin(), held.backdrop_lines.end(), page.lines.begin());
}

// The decorations: the content stream already drawn for an earlier page with the same ones,
// or a new one drawn here (inside q/Q, so the page's own drawing starts from PDF's defaults)
// and kept for the pages after. A border painted once per PDF instead of once per page.
void paint_backdrop(document_objects& held, const pen& page_pen, const layout::page& page) {
    if (page.behind_rects == 0 && page.behind_lines == 0) return;
    // The stream libharu opened with the page stays first in its /Contents, empty: stored
    // plain (an empty Flate stream is broken data to some readers; mutool warns). The streams
    // made after it take its filter, so each is set back to Flate.
    HPDF_Page_SetFilter(page_pen.page, HPDF_STREAM_FILTER_NONE);
    if (same_backdrop(held, page)) {
        HPDF_Page_Insert_Shared_Content_Stream(page_pen.page, held.backdrop);  // then a fresh stream
        HPDF_Page_SetFilter(page_pen.page, HPDF_STREAM_FILTER_FLATE_DECODE);
        return;
    }
    HPDF_Dict stream = nullptr;
    const bool opened = HPDF_Page_New_Content_Stream(page_pen.page, &stream) == HPDF_OK && stream;
    HPDF_Page_SetFilter(page_pen.page, HPDF_STREAM_FILTER_FLATE_DECODE);
    if (!opened) return;
    held.backdrop_rects.assign(page.rects.begin(), page.rects.begin() + static_cast<std::ptrdiff_t>(page.behind_rects));
    held.backdrop_lines.assign(page.lines.begin(), page.lines.begin() + static_cast<std::ptrdiff_t>(page.behind_lines));
    held.backdrop = stream;
    pen p = page_pen;
    HPDF_Page_GSave(p.page);
    paint_rects(p, held.backdrop_rects);
    paint_lines(p, held.backdrop_lines);
    HPDF_Page_GRestore(p.page);
    HPDF_Page_New_Content_Stream(p.page, nullptr);  // the page's own drawing goes on in its own stream
    HPDF_Page_SetFilter(p.page, HPDF_STREAM_FILTER_FLATE_DECODE);
}

// The blanks signature blocks leave, as /VanthuSignPlaces [[llx lly urx ury] ...] on the page
// (PDF user space, reading order): where `vanthu sign` puts a digital signature's picture. A
// private key of the page dictionary, which readers ignore and the page copier keeps.
bool mark_sign_places(HPDF_Page page, double height, const std::vector<layout::sign_place>& places) {
    if (places.empty()) return true;
    HPDF_MMgr mmgr = page->mmgr;
    HPDF_Array all = HPDF_Array_New(mmgr);
    if (!all || HPDF_Dict_Add(page, "VanthuSignPlaces", all) != HPDF_OK) return false;
    for (const layout::sign_place& s : places) {
        HPDF_Array box = HPDF_Array_New(mmgr);
        if (!box || HPDF_Array_Add(all, box) != HPDF_OK) return false;
        for (double v : {s.x, height - s.y - s.height, s.x + s.width, height - s.y})
            if (HPDF_Array_AddReal(box, static_cast<HPDF_REAL>(v)) != HPDF_OK) return false;
    }
    return true;
}

}  // namespace

// One page: size, then decorations, rects, images, lines, texts.
bool paint_page(paint_context& ctx, const layout::page& page) {
    pen p;
    p.page = HPDF_AddPage(ctx.s->doc);
    if (!p.page) return false;
    p.height = page.height;
    HPDF_Page_SetWidth(p.page, static_cast<HPDF_REAL>(page.width));
    HPDF_Page_SetHeight(p.page, static_cast<HPDF_REAL>(page.height));
    paint_backdrop(*ctx.held, p, page);
    paint_rects(p, page.rects, page.behind_rects);
    paint_images(ctx, p, page.images);
    paint_lines(p, page.lines, page.behind_lines);
    if (!paint_texts(ctx, p, page.texts) || !mark_sign_places(p.page, page.height, page.sign_places)) return false;
    haru_error e = take_error(*ctx.s);
    if (e.code != HPDF_OK) {
        ctx.problems->error({}, "cannot paint a page (" + describe_error(e) + ")");
        return false;
    }
    return true;
}

}  // namespace pdf
