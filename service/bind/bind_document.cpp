// Owns bind_document: page setup, fonts, metadata and decorations, then the body, for one record.
#include "bind/bind.hpp"

#include <filesystem>

#include "bind/build_blocks.hpp"

namespace bind {

namespace {

// Whether a file, symlinks followed, lies inside the folder (already made canonical; empty
// when it could not be, and then nothing lies inside it).
bool is_inside(const std::string& canonical_folder, const std::filesystem::path& file) {
    namespace fs = std::filesystem;
    if (canonical_folder.empty()) return false;
    std::error_code ec;
    const fs::path full = fs::canonical(file, ec);
    const std::string root = canonical_folder + "/";
    return !ec && full.string().compare(0, root.size(), root) == 0;
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

// The fonts folder is made canonical once for all the files.
resolved_fonts resolve_fonts(const tmpl::template_def& t, const std::string& fonts_dir) {
    namespace fs = std::filesystem;
    resolved_fonts out;
    std::error_code base_ec;
    const fs::path base = fs::canonical(fonts_dir, base_ec);
    const std::string canonical_folder = base_ec ? std::string() : base.string();
    out.families.reserve(t.fonts.size());
    for (model::document::font_family f : t.fonts) {
        for (std::string* file : {&f.regular, &f.bold, &f.italic, &f.bold_italic}) {
            std::error_code ec;
            fs::path full = fs::absolute(fs::path(fonts_dir) / *file, ec);
            if (!fs::is_regular_file(full, ec))
                out.problems.error({t.file, 0, 0, {}}, "font file not found: " + full.string());
            else if (!is_inside(canonical_folder, full))
                out.problems.error({t.file, 0, 0, {}}, "font file " + full.string() + " links outside the fonts folder");
            *file = full.lexically_normal().string();
        }
        out.families.push_back(std::move(f));
    }
    return out;
}

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
    if (options.fonts) {
        out.doc.fonts = options.fonts->families;
        out.problems.items.insert(out.problems.items.end(), options.fonts->problems.items.begin(),
                                  options.fonts->problems.items.end());
    } else {
        resolved_fonts fonts = resolve_fonts(t, options.fonts_dir);
        out.doc.fonts = std::move(fonts.families);
        out.problems = std::move(fonts.problems);
    }
    scope sc;
    sc.rec = &r;
    sc.settings = &t.settings;
    sc.problems = &out.problems;
    sc.max_elements = options.max_elements;
    sc.deadline = options.deadline;
    sc.verify = options.verify;
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
