// Owns bind_document: page setup, fonts, metadata and decorations, then the body, for one record.
#include "bind/bind.hpp"

#include <chrono>
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

// The template's font families with absolute file paths; missing files are errors. The
// fonts folder is made canonical once for all the files.
void resolve_fonts(const tmpl::template_def& t, const bind_options& options, model::document& doc,
                   vanthu::diagnostics& problems) {
    namespace fs = std::filesystem;
    std::error_code base_ec;
    const fs::path base = fs::canonical(options.fonts_dir, base_ec);
    const std::string canonical_folder = base_ec ? std::string() : base.string();
    doc.fonts.reserve(t.fonts.size());
    for (model::document::font_family f : t.fonts) {
        for (std::string* file : {&f.regular, &f.bold, &f.italic, &f.bold_italic}) {
            std::error_code ec;
            fs::path full = fs::absolute(fs::path(options.fonts_dir) / *file, ec);
            if (!fs::is_regular_file(full, ec))
                problems.error({t.file, 0, 0, {}}, "font file not found: " + full.string());
            else if (!is_inside(canonical_folder, full))
                problems.error({t.file, 0, 0, {}}, "font file " + full.string() + " links outside the fonts folder");
            *file = full.lexically_normal().string();
        }
        doc.fonts.push_back(std::move(f));
    }
}

// Whether two families name the same files.
bool same_family(const model::document::font_family& a, const model::document::font_family& b) {
    return a.family == b.family && a.regular == b.regular && a.bold == b.bold && a.italic == b.italic &&
           a.bold_italic == b.bold_italic;
}

// Fonts resolved lately: what was asked (folder, working folder when it is relative, the
// template's file and families) and what it gave (families and problems).
struct resolved_fonts {
    std::string fonts_dir, working_dir, template_file;
    std::vector<model::document::font_family> asked, fonts;
    vanthu::diagnostics problems;
    std::chrono::steady_clock::time_point when;
};

// How long a resolution is trusted: a batch binds its template once per recipient, and
// resolving asks the file system several times per file; a changed fonts folder is seen
// by the next job a second later at most.
constexpr std::chrono::seconds trust_resolved{1};

// Whether a remembered resolution answers this request.
bool answers(const resolved_fonts& r, const tmpl::template_def& t, const bind_options& options,
             const std::string& working_dir, std::chrono::steady_clock::time_point now) {
    if (now - r.when > trust_resolved || r.fonts_dir != options.fonts_dir || r.working_dir != working_dir ||
        r.template_file != t.file || r.asked.size() != t.fonts.size())
        return false;
    for (std::size_t i = 0; i < t.fonts.size(); ++i)
        if (!same_family(r.asked[i], t.fonts[i])) return false;
    return true;
}

// resolve_fonts, remembered for a second per thread (the last few requests).
void resolve_fonts_cached(const tmpl::template_def& t, const bind_options& options, model::document& doc,
                          vanthu::diagnostics& problems) {
    thread_local std::vector<resolved_fonts> recent;
    const auto now = std::chrono::steady_clock::now();
    std::error_code ec;
    const std::string working_dir =
        std::filesystem::path(options.fonts_dir).is_absolute() ? std::string() : std::filesystem::current_path(ec).string();
    for (const resolved_fonts& r : recent) {
        if (!answers(r, t, options, working_dir, now)) continue;
        doc.fonts = r.fonts;
        problems.items.insert(problems.items.end(), r.problems.items.begin(), r.problems.items.end());
        return;
    }
    resolved_fonts fresh{options.fonts_dir, working_dir, t.file, t.fonts, {}, {}, now};
    model::document resolved;
    resolve_fonts(t, options, resolved, fresh.problems);
    fresh.fonts = std::move(resolved.fonts);
    doc.fonts = fresh.fonts;
    problems.items.insert(problems.items.end(), fresh.problems.items.begin(), fresh.problems.items.end());
    constexpr std::size_t most = 4;
    if (recent.size() >= most) recent.erase(recent.begin());
    recent.push_back(std::move(fresh));
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
    resolve_fonts_cached(t, options, out.doc, out.problems);
    scope sc;
    sc.rec = &r;
    sc.problems = &out.problems;
    sc.max_elements = options.max_elements;
    sc.deadline = options.deadline;
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
