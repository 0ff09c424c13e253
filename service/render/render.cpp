// Owns the pipeline, written down once: record, template, bind, layout, paint. The batch form
// for per-recipient templates is batch.cpp's.
#include "render/render.hpp"

#include <sched.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "bind/certificates.hpp"
#include "layout/page.hpp"
#include "pdf/writer.hpp"
#include "render/steps.hpp"
#include "render/finish_queue.hpp"
#include "render/zip_writer.hpp"

namespace render {

namespace detail {

// The template folders, in search order: templates_dir, then more_templates_dirs.
std::vector<std::string> template_folders(const options& opts) {
    std::vector<std::string> folders{opts.templates_dir};
    folders.insert(folders.end(), opts.more_templates_dirs.begin(), opts.more_templates_dirs.end());
    return folders;
}

// Moves the diagnostics of one stage into the result.
void take_problems(result& out, vanthu::diagnostics&& from) {
    for (auto& d : from.items) out.problems.items.push_back(std::move(d));
}

// Binds the template to the record (or to the record seen with one recipient).
bool bind_into(const prepared& p, const options& opts, result& out, model::document& doc) {
    return bind_into(p, p.rec, opts, out, doc);
}

// The same, to a copy of the record (a painting thread's, seen with one recipient).
bool bind_into(const prepared& p, const record::record& rec, const options& opts, result& out, model::document& doc) {
    bind::bind_options with;
    with.fonts_dir = opts.fonts_dir;
    with.templates_dir = opts.templates_dir;
    with.max_pages = opts.max_pages;
    with.deadline = &p.deadline;
    with.fonts = &p.fonts;
    const bind::verification verify{opts.verify_key, opts.public_url};
    if (!opts.verify_key.empty()) with.verify = &verify;
    bind::bind_result bound = bind::bind_document(*p.tpl, rec, with);
    take_problems(out, std::move(bound.problems));
    if (out.problems.has_errors()) {
        out.status = p.deadline.passed() ? failure::time_limit : failure::bad_template;
        return false;
    }
    doc = std::move(bound.doc);
    return true;
}

// Marks a failure of fonts or painting (a failure already named, such as a template's, stays).
void fail_internal(result& out) {
    if (out.status == failure::none) out.status = failure::internal;
    out.pdf.clear();
}

// Takes layout's diagnostics: an error there (a document over the page limit) comes from
// what the template asked for, so it is the template's failure (exit 78), not ours; one
// that stopped at the time limit is the time limit's.
void take_layout_problems(result& out, vanthu::diagnostics&& from, const vanthu::deadline& deadline) {
    const bool failed = from.has_errors();
    take_problems(out, std::move(from));
    if (failed && out.status == failure::none)
        out.status = deadline.passed() ? failure::time_limit : failure::bad_template;
}

// Hands a whole PDF to the caller's sink; false with the sink's message as a diagnostic.
bool send_whole(const byte_sink& sink, const std::string& record_id, std::string_view bytes,
                vanthu::diagnostics& problems) {
    std::string message;
    if (sink(record_id, bytes, message)) return true;
    problems.error({}, message.empty() ? "cannot write the PDF" : message);
    return false;
}

}  // namespace detail

using namespace detail;  // the steps shared with batch.cpp

namespace {

// The template a record asks for: the caller's choice, the record's, or its kind's default.
std::string choose_template(const record::record& r, const options& opts) {
    if (!opts.template_name.empty()) return opts.template_name;
    if (!r.template_name.empty()) return r.template_name;
    return tmpl::default_template_name(record::kind_name(r.kind), r.subkind);
}

// Parses the record and loads its template; false with the status set when either is bad.
// Whether the template is made for the record's kind; an error on the template when not (a
// meeting through a certificate's template would print nothing of the meeting).
bool fits_kind(const record::record& r, const tmpl::template_def& t, vanthu::diagnostics& problems) {
    const std::string made_for = tmpl::made_for_kind(t), is = record::kind_name(r.kind);
    if (made_for == is) return true;
    problems.error({tmpl::template_file(t), 0, 0, "/" + is},
                   "the template '" + tmpl::template_name(t) + "' is made for a " + made_for + ", and this record is a " + is,
                   "choose a template of the record's kind, or none for its default");
    return false;
}

bool prepare(std::string_view record_bytes, const options& opts, result& out, prepared& p) {
    p.deadline = vanthu::deadline::after(opts.time_limit);
    p.deadline.stop_when(opts.stop);
    record::parse_result parsed = check_record(record_bytes, opts);
    out.record_id = parsed.value.id;
    take_problems(out, std::move(parsed.problems));
    if (out.problems.has_errors()) {
        out.status = failure::bad_record;
        return false;
    }
    out.template_name = choose_template(parsed.value, opts);
    tmpl::load_result loaded = opts.templates ? opts.templates->load(template_folders(opts), out.template_name)
                                              : tmpl::load_template(template_folders(opts), out.template_name);
    take_problems(out, std::move(loaded.problems));
    if (!loaded.value || out.problems.has_errors() || !fits_kind(parsed.value, *loaded.value, out.problems)) {
        out.status = failure::bad_template;
        return false;
    }
    p.rec = std::move(parsed.value);
    p.tpl = loaded.value;
    if (!opts.verify_key.empty()) out.certificates = bind::issued_certificates(p.rec, opts.verify_key);
    p.fonts = bind::resolve_fonts(*p.tpl, opts.fonts_dir);  // their problems come with each binding
    return true;
}

}  // namespace

inputs_result find_inputs(std::string_view record_bytes, const options& opts) {
    inputs_result out;
    record::parse_result parsed = check_record(record_bytes, opts);
    out.problems = std::move(parsed.problems);
    if (out.problems.has_errors()) {
        out.status = failure::bad_record;
        return out;
    }
    out.record_id = parsed.value.id;
    out.revise = parsed.value.revise;
    out.template_name = choose_template(parsed.value, opts);
    tmpl::load_result loaded = tmpl::load_template(template_folders(opts), out.template_name);
    for (auto& d : loaded.problems.items) out.problems.items.push_back(std::move(d));
    if (!loaded || !fits_kind(parsed.value, *loaded.value, out.problems)) {
        out.status = failure::bad_template;
        return out;
    }
    out.template_file = tmpl::template_file(*loaded.value);
    out.per_recipient = tmpl::makes_pages_per_recipient(*loaded.value);
    const tmpl::template_inputs used = tmpl::inputs_of(*loaded.value);
    out.files = used.files;
    for (const std::string& f : used.font_files) out.files.push_back((std::filesystem::path(opts.fonts_dir) / f).string());
    return out;
}

namespace {

// The whole document at once: bind, fonts, layout, paint.
void render_whole(const prepared& p, const options& opts, result& out) {
    model::document doc;
    if (!bind_into(p, opts, out, doc)) return;
    pdf::writer writer;
    vanthu::diagnostics paint_problems;
    if (writer.load_fonts(doc.fonts, paint_problems)) {
        layout::layout_result laid = layout::lay_out(doc, writer, &p.deadline);
        take_layout_problems(out, std::move(laid.problems), p.deadline);
        out.page_count = laid.pages.size();
        if (!out.problems.has_errors()) out.pdf = writer.write(laid.pages, doc.meta, paint_problems);
        if (opts.keep_pages) out.pages = std::move(laid.pages);
    }
    take_problems(out, std::move(paint_problems));
    if (out.problems.has_errors()) fail_internal(out);
}

// A whole rendered PDF through options::finish_pdf, when set; on failure the render fails.
void finish_whole(const options& opts, result& out) {
    if (!out || !opts.finish_pdf) return;
    std::string message;
    if (opts.finish_pdf(out.pdf, message)) return;
    out.problems.error({}, message.empty() ? "cannot finish the PDF" : message);
    fail_internal(out);
}

// The whole document, a batch's chunks merged in memory: render_record once prepared.
void render_prepared(prepared& p, const options& opts, result& out) {
    if (tmpl::makes_pages_per_recipient(*p.tpl)) render_per_recipient(p, opts, out, nullptr);
    else render_whole(p, opts, out);
    finish_whole(opts, out);
}

// render_to once the record is parsed and its template loaded.
void render_prepared_to(prepared& p, const options& opts, const byte_sink& sink, result& out) {
    if (opts.finish_pdf) {  // finished whole, then sent whole
        render_prepared(p, opts, out);
        if (out && !send_whole(sink, out.record_id, out.pdf, out.problems)) fail_internal(out);
        out.pdf.clear();
        out.pdf.shrink_to_fit();
        return;
    }
    if (tmpl::makes_pages_per_recipient(*p.tpl)) {
        render_per_recipient(p, opts, out, &sink);
        return;
    }
    render_whole(p, opts, out);  // one document: libharu hands it over whole anyway
    if (out && !send_whole(sink, out.record_id, out.pdf, out.problems)) fail_internal(out);
    out.pdf.clear();
    out.pdf.shrink_to_fit();
}

// prepare, for a split render: false with the template's failure when it does not make its
// pages per recipient.
bool prepare_split(std::string_view record_bytes, const options& opts, result& out, prepared& p) {
    if (!prepare(record_bytes, opts, out, p)) return false;
    if (tmpl::makes_pages_per_recipient(*p.tpl)) return true;
    out.problems.error({tmpl::template_file(*p.tpl), 0, 0, {}}, "this template does not make its pages per recipient",
                       "split needs a certification template with pages=\"per-recipient\"");
    out.status = failure::bad_template;
    return false;
}

// split_per_recipient, each PDF through options::finish_pdf on a thread of its own first.
void split_finished(prepared& p, const options& opts, const pdf_sink& sink, result& out) {
    if (!opts.finish_pdf) {
        split_per_recipient(p, opts, sink, out);
        return;
    }
    finish_queue finishing(opts.finish_pdf, sink);
    split_per_recipient(p, opts, [&](const std::string& id, const std::string& pdf, std::string& message) {
        return finishing.push(id, pdf, message);
    }, out);
    std::string message;
    if (!finishing.close(message) && out) {
        out.problems.error({}, message);
        fail_internal(out);
    }
}

}  // namespace

std::size_t available_cores() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return static_cast<std::size_t>(CPU_COUNT(&set));
    return std::max(1u, std::thread::hardware_concurrency());
}

record::parse_result check_record(std::string_view record_bytes, const options& opts) {
    return record::parse_record(record_bytes, opts.limits);
}

tmpl::load_result check_template(const record::record* r, const options& opts) {
    const std::string name = r ? choose_template(*r, opts) : opts.template_name;
    return tmpl::load_template(template_folders(opts), name);
}

result render_record(std::string_view record_bytes, const options& opts) {
    result out;
    prepared p;
    if (prepare(record_bytes, opts, out, p)) render_prepared(p, opts, out);
    return out;
}

result render_to(std::string_view record_bytes, const options& opts, const byte_sink& sink) {
    result out;
    prepared p;
    if (prepare(record_bytes, opts, out, p)) render_prepared_to(p, opts, sink, out);
    return out;
}

result render_to(std::string&& record_bytes, const options& opts, const byte_sink& sink) {
    result out;
    prepared p;
    const bool ready = prepare(record_bytes, opts, out, p);
    std::string().swap(record_bytes);  // the record lives on as nodes
    if (ready) render_prepared_to(p, opts, sink, out);
    return out;
}

result render_split(std::string_view record_bytes, const options& opts, const pdf_sink& sink) {
    result out;
    prepared p;
    if (prepare_split(record_bytes, opts, out, p)) split_finished(p, opts, sink, out);
    return out;
}

result render_zip(std::string_view record_bytes, const options& opts, const byte_sink& sink) {
    result out;
    out.kind = output_kind::zip;
    prepared p;
    if (!prepare_split(record_bytes, opts, out, p)) return out;
    zip_writer zip([&](std::string_view bytes, std::string& message) { return sink(out.record_id, bytes, message); });
    split_finished(p, opts, [&](const std::string& id, const std::string& pdf, std::string& message) {
        return zip.add(id + ".pdf", pdf, message);
    }, out);
    std::string message;
    if (out && !zip.finish(message)) {
        out.problems.error({}, message);
        fail_internal(out);
    }
    return out;
}

result render_zip(std::string_view record_bytes, const options& opts) {
    std::string bytes;
    result out = render_zip(record_bytes, opts, [&bytes](const std::string&, std::string_view more, std::string&) {
        bytes.append(more);
        return true;
    });
    if (out) out.pdf = std::move(bytes);
    return out;
}

}  // namespace render
