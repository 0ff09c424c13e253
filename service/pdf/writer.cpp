// Owns pdf::writer: the font_metrics layout measures with, and the page painter's driver.
#include "pdf/writer.hpp"

#include "pdf/deflate_streams.hpp"
#include "pdf/faces.hpp"
#include "pdf/info.hpp"
#include "pdf/paint.hpp"
#include "pdf/session.hpp"

namespace pdf {

struct writer::impl {
    session s;
    document_objects held;  // images and the shared decorations of the current document
    std::vector<model::document::font_family> families;  // kept to reload after a write
    std::vector<font_face> faces;
    bool written = false;  // the document was saved: the next paint starts a fresh one
    bool painting = false; // pages were painted since the document was opened
};

namespace {

// The four faces of a family as (key, path) pairs.
std::vector<std::pair<model::font_key, std::string>> faces_of(const model::document::font_family& f) {
    return {{{f.family, false, false}, f.regular},
            {{f.family, true, false}, f.bold},
            {{f.family, false, true}, f.italic},
            {{f.family, true, true}, f.bold_italic}};
}

// Loads every face of the families into the session and appends them to faces.
// Advances measured before (previous) are kept for the same file.
bool load_all(session& s, const std::vector<model::document::font_family>& families,
              std::vector<font_face>& faces, std::vector<font_face>& previous,
              vanthu::diagnostics& problems) {
    bool ok = true;
    for (const auto& family : families) {
        for (const auto& [key, path] : faces_of(family)) {
            if (path.empty()) continue;  // a family may lack a style; find_face falls back
            font_face face;
            for (auto& old : previous)
                if (old.key == key && old.path == path) face.advances = std::move(old.advances);
            if (load_face(s, key, path, face, problems)) faces.push_back(std::move(face));
            else ok = false;
        }
    }
    return ok;
}

// Copies the whole output stream of the document into a string.
std::string take_bytes(HPDF_Doc doc) {
    std::string out(HPDF_GetStreamSize(doc), '\0');
    std::size_t filled = 0;
    while (filled < out.size()) {
        auto size = static_cast<HPDF_UINT32>(out.size() - filled);
        HPDF_STATUS status =
            HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(&out[filled]), &size);
        filled += size;
        if (size == 0 || (status != HPDF_OK && status != HPDF_STREAM_EOF)) break;
    }
    out.resize(filled);
    return out;
}

}  // namespace

// Opens an empty libharu document.
writer::writer() : self_(std::make_unique<impl>()) { open_session(self_->s); }

// Frees the libharu document.
writer::~writer() { close_session(self_->s); }

// Loads the families' faces; remembers them to rebuild the document after a write.
bool writer::load_fonts(const std::vector<model::document::font_family>& families,
                        vanthu::diagnostics& problems) {
    if (!self_->s.doc) {
        problems.error({}, "cannot start a PDF document (libharu)");
        return false;
    }
    self_->families.insert(self_->families.end(), families.begin(), families.end());
    std::vector<font_face> none;
    return load_all(self_->s, families, self_->faces, none, problems);
}

// Advance in points from the face's cached per-code-point widths.
double writer::text_width(const model::font_key& font, std::string_view utf8, double size) const {
    const font_face* face = find_face(self_->faces, font);
    if (!face) return 0;
    return static_cast<double>(measure_text(*face, utf8)) * size / 1000.0;
}

// The face's ascent in points.
double writer::ascent(const model::font_key& font, double size) const {
    const font_face* face = find_face(self_->faces, font);
    return face ? face->ascent * size / 1000.0 : 0.8 * size;
}

// The face's descent in points, positive.
double writer::descent(const model::font_key& font, double size) const {
    const font_face* face = find_face(self_->faces, font);
    return face ? face->descent * size / 1000.0 : 0.2 * size;
}

// Whether the face has a real glyph for the code point.
bool writer::has_glyph(const model::font_key& font, char32_t code_point) const {
    const font_face* face = find_face(self_->faces, font);
    return face && face_has_glyph(*face, code_point);
}

namespace {

// A fresh document with the same fonts, for a second write from one writer.
bool restart_document(session& s, const std::vector<model::document::font_family>& families,
                      std::vector<font_face>& faces, vanthu::diagnostics& problems) {
    if (!open_session(s)) return false;
    std::vector<font_face> previous = std::move(faces);
    faces.clear();
    return load_all(s, families, faces, previous, problems);
}

// Paints every page; false (with a diagnostic) on the first failure.
bool paint_all(session& s, std::vector<font_face>& faces, document_objects& held,
               const std::vector<layout::page>& pages, vanthu::diagnostics& problems) {
    paint_context ctx;
    ctx.s = &s;
    ctx.faces = &faces;
    ctx.held = &held;
    ctx.problems = &problems;
    for (const auto& page : pages)
        if (!paint_page(ctx, page)) return false;
    return true;
}

}  // namespace

bool writer::start_next(vanthu::diagnostics& problems) {
    impl& me = *self_;
    if (!me.written) return true;
    me.held = document_objects{};  // they belonged to the saved document
    me.written = false;
    if (restart_document(me.s, me.families, me.faces, problems)) return true;
    problems.error({}, "cannot start a new PDF document (libharu)");
    close_session(me.s);  // no document: paint says so
    return false;
}

void writer::release() {
    self_->held = document_objects{};
    self_->faces.clear();  // their libharu objects go with the document
    close_session(self_->s);
}

// Paints pages after those painted before; after a finish, into a fresh document.
bool writer::paint(const std::vector<layout::page>& pages, vanthu::diagnostics& problems) {
    impl& me = *self_;
    if (!start_next(problems)) return false;
    if (!me.s.doc || me.faces.empty()) {
        problems.error({}, "no fonts loaded", "load the template's fonts before writing");
        return false;
    }
    me.painting = true;
    return paint_all(me.s, me.faces, me.held, pages, problems);
}

// Sets the metadata and saves the pages painted so far; the next paint starts a new document.
std::string writer::finish(const model::metadata& meta, vanthu::diagnostics& problems) {
    impl& me = *self_;
    if (!me.painting || me.written) {
        problems.error({}, "no pages to write");
        return {};
    }
    me.written = true;
    me.painting = false;
    for (const font_face& face : me.faces) {
        std::string why;
        if (!compact_font(face, why)) {
            problems.error(vanthu::location{face.path, 0, 0, {}}, "cannot embed font " + face.name + ": " + why);
            return {};
        }
    }
    if (!set_metadata(me.s.doc, meta) || !deflate_streams(me.s.doc) || HPDF_SaveToStream(me.s.doc) != HPDF_OK) {
        problems.error({}, "cannot save the PDF (" + describe_error(take_error(me.s)) + ")");
        return {};
    }
    return take_bytes(me.s.doc);
}

// Paints, sets metadata, saves; a second call starts a fresh document.
std::string writer::write(const std::vector<layout::page>& pages, const model::metadata& meta,
                          vanthu::diagnostics& problems) {
    if (pages.empty()) {
        problems.error({}, "no pages to write");
        return {};
    }
    if (!paint(pages, problems)) {
        self_->written = true;  // a failed document is not continued
        self_->painting = false;
        return {};
    }
    return finish(meta, problems);
}

}  // namespace pdf
