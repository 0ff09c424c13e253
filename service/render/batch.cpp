// Owns the batch form of the pipeline for per-recipient templates: recipients painted a chunk
// (one libharu document) at a time, each chunk saved, then merged into one PDF or cut into one
// PDF per recipient, so that memory stays flat with the batch size.
#include "render/steps.hpp"

#include "layout/page.hpp"
#include "pdf/pages.hpp"
#include "pdf/writer.hpp"

namespace render::detail {

namespace {

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
    out.page_count += laid.pages.size();
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

}  // namespace

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

}  // namespace render::detail
