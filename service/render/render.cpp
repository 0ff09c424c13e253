// Owns the pipeline, written down once: record, template, bind, layout, paint; and its batch
// form for certificates, one recipient at a time so that memory stays flat.
#include "render/render.hpp"

#include "bind/bind.hpp"
#include "core/deadline.hpp"
#include "layout/page.hpp"
#include "pdf/pages.hpp"
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

// What the stages before layout give: the record and its checked template.
struct prepared {
    record::record rec;
    std::shared_ptr<const tmpl::template_def> tpl;
    bind::resolved_fonts fonts;  // the template's, resolved once for every recipient
    vanthu::deadline deadline;  // options::time_limit from the start of the render
};

// Parses the record and loads its template; false with the status set when either is bad.
bool prepare(std::string_view record_bytes, const options& opts, result& out, prepared& p) {
    p.deadline = vanthu::deadline::after(opts.time_limit);
    record::parse_result parsed = check_record(record_bytes, opts);
    out.record_id = parsed.value.id;
    take_problems(out, std::move(parsed.problems));
    if (out.problems.has_errors()) {
        out.status = failure::bad_record;
        return false;
    }
    out.template_name = choose_template(parsed.value, opts);
    tmpl::load_result loaded = tmpl::load_template(template_folders(opts), out.template_name);
    take_problems(out, std::move(loaded.problems));
    if (!loaded.value || out.problems.has_errors()) {
        out.status = failure::bad_template;
        return false;
    }
    p.rec = std::move(parsed.value);
    p.tpl = loaded.value;
    p.fonts = bind::resolve_fonts(*p.tpl, opts.fonts_dir);  // their problems come with each binding
    return true;
}

// Binds the template to the record (or to the record seen with one recipient).
bool bind_into(const prepared& p, const options& opts, result& out, model::document& doc) {
    bind::bind_options with;
    with.fonts_dir = opts.fonts_dir;
    with.templates_dir = opts.templates_dir;
    with.max_pages = opts.max_pages;
    with.deadline = &p.deadline;
    with.fonts = &p.fonts;
    bind::bind_result bound = bind::bind_document(*p.tpl, p.rec, with);
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

// The whole document at once: bind, fonts, layout, paint.
void render_whole(const prepared& p, const options& opts, result& out) {
    model::document doc;
    if (!bind_into(p, opts, out, doc)) return;
    pdf::writer writer;
    vanthu::diagnostics paint_problems;
    if (writer.load_fonts(doc.fonts, paint_problems)) {
        layout::layout_result laid = layout::lay_out(doc, writer, &p.deadline);
        take_layout_problems(out, std::move(laid.problems), p.deadline);
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

// The recipients painted into the current libharu document of a batch, not saved yet.
struct chunk {
    pdf::writer writer;
    layout::layout_memo memo;         // boxes the same for every recipient, laid out once per batch
    bool fonts_loaded = false;
    model::metadata meta;             // of its first recipient; a recipient with other metadata starts a new chunk
    std::vector<std::string> ids;     // its recipients, in order
    std::vector<std::size_t> parts;   // their page counts
};

// Whether two documents would get the same information dictionary.
bool same_meta(const model::metadata& a, const model::metadata& b) {
    return a.title == b.title && a.author == b.author && a.subject == b.subject && a.keywords == b.keywords &&
           a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour && a.minute == b.minute;
}

// Whether the chunk must be saved before this recipient's document is painted into it.
bool chunk_is_full(const chunk& c, const model::document& doc, const options& opts) {
    std::size_t most = opts.chunk_recipients ? opts.chunk_recipients : 1;
    return !c.ids.empty() && (c.ids.size() >= most || !same_meta(c.meta, doc.meta));
}

// Lays out one recipient's document and paints it into the chunk.
bool paint_into(chunk& c, model::document& doc, const std::string& id, const options& opts,
                const vanthu::deadline& deadline, result& out, vanthu::diagnostics& paint_problems) {
    if (!c.fonts_loaded && !(c.fonts_loaded = c.writer.load_fonts(doc.fonts, paint_problems))) return false;
    if (c.ids.empty()) c.meta = doc.meta;
    layout::layout_result laid = layout::lay_out(doc, c.writer, &deadline, &c.memo);
    take_layout_problems(out, std::move(laid.problems), deadline);
    if (out.problems.has_errors() || !c.writer.paint(laid.pages, paint_problems)) return false;
    c.ids.push_back(id);
    c.parts.push_back(laid.pages.size());
    if (opts.keep_pages)
        for (layout::page& pg : laid.pages) out.pages.push_back(std::move(pg));
    return true;
}

// Saves the chunk and reads it back for copying its pages; the chunk is empty afterwards.
// The saved libharu document is freed before the copying (with more to come, the next one
// replaces it): memory holds one chunk, as a document or as its bytes, never both.
std::unique_ptr<pdf::pdf_file> save_chunk(chunk& c, bool more, vanthu::diagnostics& paint_problems) {
    std::string bytes = c.writer.finish(c.meta, paint_problems);
    c.ids.clear();
    c.parts.clear();
    if (paint_problems.has_errors()) return nullptr;
    if (!more) c.writer.release();
    else if (!c.writer.start_next(paint_problems)) return nullptr;
    return pdf::pdf_file::read(std::move(bytes), paint_problems);
}


// Drives a per-recipient batch: bind each recipient, save the chunk when it is full (flush),
// paint the recipient into it, and flush the last one.
template <class Flush, class Painted>
void run_batch(prepared& p, const options& opts, result& out, chunk& c, vanthu::diagnostics& paint_problems,
               Flush&& flush, Painted&& painted) {
    bool ok = for_each_recipient(p, [&](std::size_t i, std::size_t total, const record::node& r) {
        if (p.deadline.passed()) {
            out.problems.error({}, "the batch stopped after " + std::to_string(i) + " of " + std::to_string(total) +
                                       " recipients: " + p.deadline.describe() + " has passed",
                               "split the record, or raise the time limit");
            out.status = failure::time_limit;
            return false;
        }
        model::document doc;
        if (!bind_into(p, opts, out, doc)) return false;
        if (chunk_is_full(c, doc, opts) && !flush(false)) return false;
        const std::string* id = r.attribute("id");
        if (!paint_into(c, doc, id ? *id : std::to_string(i + 1), opts, p.deadline, out, paint_problems)) return false;
        painted(i, total);
        return true;
    });
    if (ok && !out.problems.has_errors() && !paint_problems.has_errors()) flush(true);
}

// Hands a whole PDF to the caller's sink; false with the sink's message as a diagnostic.
bool send_whole(const byte_sink& sink, const std::string& record_id, std::string_view bytes,
                vanthu::diagnostics& problems) {
    std::string message;
    if (sink(record_id, bytes, message)) return true;
    problems.error({}, message.empty() ? "cannot write the PDF" : message);
    return false;
}

// A per-recipient template into one PDF, a chunk of recipients per libharu document; chunks
// after the first are merged page by page. Without a sink the merged PDF is kept in the result,
// so memory holds one chunk and the output; with one, the merged pages go out as they are
// copied, so memory holds one chunk.
void render_per_recipient(prepared& p, const options& opts, result& out, const byte_sink* sink) {
    chunk c;
    vanthu::diagnostics paint_problems;
    pdf::byte_sink to_sink;
    if (sink)
        to_sink = [&](std::string_view bytes, std::string& message) { return (*sink)(out.record_id, bytes, message); };
    pdf::page_assembler merged(to_sink);
    bool merging = false;
    std::size_t done = 0, total = 0;
    auto flush = [&](bool last) {
        if (last && !merging) {  // one chunk: libharu's bytes as they are
            std::string bytes = c.writer.finish(c.meta, paint_problems);
            if (paint_problems.has_errors()) return false;
            c.writer.release();
            if (sink) return send_whole(*sink, out.record_id, bytes, paint_problems);
            out.pdf = std::move(bytes);
            return true;
        }
        std::size_t pages = 0;
        for (std::size_t n : c.parts) pages += n;
        std::unique_ptr<pdf::pdf_file> file = save_chunk(c, !last, paint_problems);
        if (file) file->keep_parsed(false);  // each object is copied once: let it go then
        if (!file || !merged.add_pages(*file, 0, pages, paint_problems)) return false;
        if (!sink && !merging && done < total)  // the first chunk tells the size of the whole, give or take
            merged.reserve(merged.size() / done * total / 4 * 5);
        merging = true;
        if (!last) return true;
        if (sink) return merged.close(paint_problems);
        out.pdf = merged.finish();
        return true;
    };
    run_batch(p, opts, out, c, paint_problems, flush, [&](std::size_t i, std::size_t all) {
        done = i + 1;
        total = all;
        if (opts.progress) opts.progress(done, total);
    });
    take_problems(out, std::move(paint_problems));
    if (out.status == failure::none && out.problems.has_errors()) fail_internal(out);
}

// One PDF per recipient: a chunk of recipients is painted into one libharu document (fonts
// loaded once), saved, and cut into one file per recipient by copying its pages.
void split_per_recipient(prepared& p, const options& opts, const pdf_sink& sink, result& out) {
    chunk c;
    vanthu::diagnostics paint_problems;
    std::size_t done = 0, total = 0;
    auto flush = [&](bool last) {
        std::vector<std::string> ids = c.ids;
        std::vector<std::size_t> parts = c.parts;
        if (ids.empty()) return true;
        std::unique_ptr<pdf::pdf_file> file = save_chunk(c, !last, paint_problems);
        return file && pdf::split_pages(*file, parts, [&](std::size_t part, std::string pdf) {
            std::string message;
            if (!sink(ids[part], pdf, message)) {
                paint_problems.error({}, message);
                return false;
            }
            if (opts.progress) opts.progress(++done, total);
            return true;
        }, paint_problems);
    };
    run_batch(p, opts, out, c, paint_problems, flush, [&](std::size_t, std::size_t all) { total = all; });
    take_problems(out, std::move(paint_problems));
    if (out.status == failure::none && out.problems.has_errors()) fail_internal(out);
}

}  // namespace

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
    if (!prepare(record_bytes, opts, out, p)) return out;
    if (tmpl::makes_pages_per_recipient(*p.tpl)) render_per_recipient(p, opts, out, nullptr);
    else render_whole(p, opts, out);
    return out;
}

namespace {

// render_to once the record is parsed and its template loaded.
void render_prepared_to(prepared& p, const options& opts, const byte_sink& sink, result& out) {
    if (tmpl::makes_pages_per_recipient(*p.tpl)) {
        render_per_recipient(p, opts, out, &sink);
        return;
    }
    render_whole(p, opts, out);  // one document: libharu hands it over whole anyway
    if (out && !send_whole(sink, out.record_id, out.pdf, out.problems)) fail_internal(out);
    out.pdf.clear();
    out.pdf.shrink_to_fit();
}

}  // namespace

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
    if (!prepare(record_bytes, opts, out, p)) return out;
    if (!tmpl::makes_pages_per_recipient(*p.tpl)) {
        out.problems.error({tmpl::template_file(*p.tpl), 0, 0, {}}, "this template does not make its pages per recipient",
                           "split needs a certification template with pages=\"per-recipient\"");
        out.status = failure::bad_template;
        return out;
    }
    split_per_recipient(p, opts, sink, out);
    return out;
}

}  // namespace render
