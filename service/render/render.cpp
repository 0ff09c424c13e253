// Owns the pipeline, written down once: record, template, bind, layout, paint; and its batch
// form for certificates, one recipient at a time so that memory stays flat.
#include "render/render.hpp"

#include "bind/bind.hpp"
#include "layout/page.hpp"
#include "pdf/writer.hpp"
#include "tmpl/template.hpp"

namespace render {

namespace {

// The template a record asks for: the caller's choice, the record's, or its kind's default.
std::string choose_template(const record::record& r, const options& opts) {
    if (!opts.template_name.empty()) return opts.template_name;
    if (!r.template_name.empty()) return r.template_name;
    return tmpl::default_template_name(record::kind_name(r.kind), r.subkind);
}

// Moves the diagnostics of one stage into the result.
void take_problems(result& out, vanthu::diagnostics&& from) {
    for (auto& d : from.items) out.problems.items.push_back(std::move(d));
}

// What the stages before layout give: the record and its checked template.
struct prepared {
    record::record rec;
    std::shared_ptr<const tmpl::template_def> tpl;
};

// Parses the record and loads its template; false with the status set when either is bad.
bool prepare(std::string_view record_bytes, const options& opts, result& out, prepared& p) {
    record::parse_result parsed = check_record(record_bytes, opts);
    out.record_id = parsed.value.id;
    take_problems(out, std::move(parsed.problems));
    if (out.problems.has_errors()) {
        out.status = failure::bad_record;
        return false;
    }
    out.template_name = choose_template(parsed.value, opts);
    tmpl::load_result loaded = tmpl::load_template(opts.templates_dir, out.template_name);
    take_problems(out, std::move(loaded.problems));
    if (!loaded.value || out.problems.has_errors()) {
        out.status = failure::bad_template;
        return false;
    }
    p.rec = std::move(parsed.value);
    p.tpl = loaded.value;
    return true;
}

// Binds the template to the record (or to the record seen with one recipient).
bool bind_into(const prepared& p, const options& opts, result& out, model::document& doc) {
    bind::bind_result bound = bind::bind_document(*p.tpl, p.rec, {opts.fonts_dir, opts.templates_dir});
    take_problems(out, std::move(bound.problems));
    if (out.problems.has_errors()) {
        out.status = failure::bad_template;
        return false;
    }
    doc = std::move(bound.doc);
    return true;
}

// Marks a failure of fonts, layout or painting.
void fail_internal(result& out) {
    out.status = failure::internal;
    out.pdf.clear();
}

// The whole document at once: bind, fonts, layout, paint.
void render_whole(const prepared& p, const options& opts, result& out) {
    model::document doc;
    if (!bind_into(p, opts, out, doc)) return;
    pdf::writer writer;
    vanthu::diagnostics paint_problems;
    if (writer.load_fonts(doc.fonts, paint_problems)) {
        layout::layout_result laid = layout::lay_out(doc, writer);
        take_problems(out, std::move(laid.problems));
        if (!out.problems.has_errors()) out.pdf = writer.write(laid.pages, doc.meta, paint_problems);
        if (opts.keep_pages) out.pages = std::move(laid.pages);
    }
    take_problems(out, std::move(paint_problems));
    if (out.problems.has_errors()) fail_internal(out);
}

// Calls each(i) with the record showing only recipient i, for every recipient in order;
// the record is whole again afterwards. Stops when each returns false.
template <class F>
bool for_each_recipient(prepared& p, F&& each) {
    record::node* list = nullptr;
    for (record::node& c : p.rec.root.children)
        if (c.tag == "recipients") list = &c;
    if (!list) return true;
    std::vector<record::node> all = std::move(list->children);
    list->children.clear();
    bool ok = true;
    for (std::size_t i = 0; i < all.size() && ok; ++i) {
        list->children.push_back(std::move(all[i]));
        ok = each(i, all.size(), list->children.front());
        all[i] = std::move(list->children.front());
        list->children.clear();
    }
    list->children = std::move(all);
    return ok;
}

// A per-recipient template into one PDF: each recipient bound, laid out and painted in turn,
// so that only the PDF in the making grows with the number of recipients.
void render_per_recipient(prepared& p, const options& opts, result& out) {
    pdf::writer writer;
    vanthu::diagnostics paint_problems;
    model::metadata meta;
    bool fonts_loaded = false;
    for_each_recipient(p, [&](std::size_t i, std::size_t total, const record::node&) {
        model::document doc;
        if (!bind_into(p, opts, out, doc)) return false;
        if (!fonts_loaded && !(fonts_loaded = writer.load_fonts(doc.fonts, paint_problems))) return false;
        if (i == 0) meta = doc.meta;
        layout::layout_result laid = layout::lay_out(doc, writer);
        take_problems(out, std::move(laid.problems));
        if (out.problems.has_errors() || !writer.paint(laid.pages, paint_problems)) return false;
        if (opts.keep_pages)
            for (layout::page& pg : laid.pages) out.pages.push_back(std::move(pg));
        if (opts.progress) opts.progress(i + 1, total);
        return true;
    });
    if (out.status == failure::none && !out.problems.has_errors() && !paint_problems.has_errors())
        out.pdf = writer.finish(meta, paint_problems);
    take_problems(out, std::move(paint_problems));
    if (out.status == failure::none && out.problems.has_errors()) fail_internal(out);
}

}  // namespace

record::parse_result check_record(std::string_view record_bytes, const options& opts) {
    return record::parse_record(record_bytes, opts.limits);
}

result render_record(std::string_view record_bytes, const options& opts) {
    result out;
    prepared p;
    if (!prepare(record_bytes, opts, out, p)) return out;
    if (tmpl::makes_pages_per_recipient(*p.tpl)) render_per_recipient(p, opts, out);
    else render_whole(p, opts, out);
    return out;
}

result render_split(std::string_view record_bytes, const options& opts, const pdf_sink& sink) {
    result out;
    prepared p;
    if (!prepare(record_bytes, opts, out, p)) return out;
    if (!tmpl::makes_pages_per_recipient(*p.tpl)) {
        out.problems.error({tmpl::template_file(*p.tpl), 0, 0, {}}, "this template does not make its pages per recipient",
                           "split needs a certification template with pages=\"per-recipient\"");
        out.status = failure::bad_template;
        return out;
    }
    pdf::writer writer;
    vanthu::diagnostics paint_problems;
    bool fonts_loaded = false;
    for_each_recipient(p, [&](std::size_t i, std::size_t total, const record::node& r) {
        model::document doc;
        if (!bind_into(p, opts, out, doc)) return false;
        if (!fonts_loaded && !(fonts_loaded = writer.load_fonts(doc.fonts, paint_problems))) return false;
        layout::layout_result laid = layout::lay_out(doc, writer);
        take_problems(out, std::move(laid.problems));
        if (out.problems.has_errors()) return false;
        const std::string pdf = writer.write(laid.pages, doc.meta, paint_problems);
        if (paint_problems.has_errors()) return false;
        std::string message;
        const std::string* id = r.attribute("id");
        if (!sink(id ? *id : std::to_string(i + 1), pdf, message)) {
            paint_problems.error({}, message);
            return false;
        }
        if (opts.progress) opts.progress(i + 1, total);
        return true;
    });
    take_problems(out, std::move(paint_problems));
    if (out.status == failure::none && out.problems.has_errors()) fail_internal(out);
    return out;
}

}  // namespace render
