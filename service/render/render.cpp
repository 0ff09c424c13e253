// Owns the pipeline, written down once: record, template, bind, layout, paint.
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

}  // namespace

record::parse_result check_record(std::string_view record_bytes, const options& opts) {
    return record::parse_record(record_bytes, opts.limits);
}

result render_record(std::string_view record_bytes, const options& opts) {
    result out;
    record::parse_result parsed = check_record(record_bytes, opts);
    out.record_id = parsed.value.id;
    take_problems(out, std::move(parsed.problems));
    if (out.problems.has_errors()) {
        out.status = failure::bad_record;
        return out;
    }

    out.template_name = choose_template(parsed.value, opts);
    tmpl::load_result loaded = tmpl::load_template(opts.templates_dir, out.template_name);
    take_problems(out, std::move(loaded.problems));
    if (!loaded.value || out.problems.has_errors()) {
        out.status = failure::bad_template;
        return out;
    }

    bind::bind_result bound =
        bind::bind_document(*loaded.value, parsed.value, {opts.fonts_dir, opts.templates_dir});
    take_problems(out, std::move(bound.problems));
    if (out.problems.has_errors()) {
        out.status = failure::bad_template;
        return out;
    }

    pdf::writer writer;
    vanthu::diagnostics paint_problems;
    if (writer.load_fonts(bound.doc.fonts, paint_problems)) {
        layout::layout_result laid = layout::lay_out(bound.doc, writer);
        take_problems(out, std::move(laid.problems));
        if (!out.problems.has_errors()) out.pdf = writer.write(laid.pages, bound.doc.meta, paint_problems);
        if (opts.keep_pages) out.pages = std::move(laid.pages);
    }
    take_problems(out, std::move(paint_problems));
    if (out.problems.has_errors()) {
        out.status = failure::internal;
        out.pdf.clear();
    }
    return out;
}

}  // namespace render
