// Owns bind_document: page setup, fonts, metadata and decorations, then the body, for one record.
#include "bind/bind.hpp"

#include <filesystem>

#include "bind/build_blocks.hpp"

namespace bind {

namespace {

// Whether a file, symlinks followed, lies inside the folder.
bool is_inside(const std::string& folder, const std::filesystem::path& file) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path base = fs::canonical(folder, ec);
    if (ec) return false;
    const fs::path full = fs::canonical(file, ec);
    const std::string root = base.string() + "/";
    return !ec && full.string().compare(0, root.size(), root) == 0;
}

// The template's font families with absolute file paths; missing files are errors.
void resolve_fonts(const tmpl::template_def& t, const bind_options& options, model::document& doc,
                   vanthu::diagnostics& problems) {
    namespace fs = std::filesystem;
    for (model::document::font_family f : t.fonts) {
        for (std::string* file : {&f.regular, &f.bold, &f.italic, &f.bold_italic}) {
            std::error_code ec;
            fs::path full = fs::absolute(fs::path(options.fonts_dir) / *file, ec);
            if (!fs::is_regular_file(full, ec))
                problems.error({t.file, 0, 0, {}}, "font file not found: " + full.string());
            else if (!is_inside(options.fonts_dir, full))
                problems.error({t.file, 0, 0, {}}, "font file " + full.string() + " links outside the fonts folder");
            *file = full.lexically_normal().string();
        }
        doc.fonts.push_back(std::move(f));
    }
}

// The PDF metadata: texts evaluated, the date taken from the record.
void fill_metadata(const tmpl::template_def& t, scope& sc, model::metadata& meta, vanthu::diagnostics& problems) {
    meta.title = evaluate_plain(t.meta.title, sc, problems);
    meta.author = evaluate_plain(t.meta.author, sc, problems);
    meta.subject = evaluate_plain(t.meta.subject, sc, problems);
    meta.keywords = evaluate_plain(t.meta.keywords, sc, problems);
    if (!t.meta.has_date) return;
    value v = evaluate_expr({t.meta.date, {}}, sc, problems);
    if (!v.has_date) return;
    meta.year = v.date.year;
    meta.month = v.date.month;
    meta.day = v.date.day;
    meta.hour = v.hour;
    meta.minute = v.minute;
}

// The recipients of a certification (0 for other kinds).
std::size_t count_recipients(const record::record& r) {
    const record::node* list = r.root.child("recipients");
    return list ? list->children_named("recipient").size() : 0;
}

}  // namespace

// A template evaluated for one record: the document model.
bind_result bind_document(const tmpl::template_def& t, const record::record& r, const bind_options& options) {
    bind_result out;
    if (t.kind != r.kind) {
        out.problems.error({t.file, 0, 0, {}}, std::string("the template is for a ") + record::kind_name(t.kind) +
                                                   " record, not a " + record::kind_name(r.kind));
        return out;
    }
    out.doc.page = t.page;
    out.doc.decorations = t.decorations;
    resolve_fonts(t, options, out.doc, out.problems);
    scope sc;
    sc.rec = &r;
    sc.problems = &out.problems;
    sc.max_elements = options.max_elements;
    out.doc.max_pages = options.max_pages + options.pages_per_recipient * count_recipients(r);
    sc.max_page_breaks = out.doc.max_pages;
    fill_metadata(t, sc, out.doc.meta, out.problems);
    double width = t.page.width - t.page.margin_left - t.page.margin_right;
    build_blocks(t.body, width, sc, out.problems, out.doc.blocks);
    for (vanthu::diagnostic& d : out.problems.items)
        if (d.where.file.empty()) d.where.file = t.file;
    return out;
}

}  // namespace bind
