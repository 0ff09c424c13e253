// Owns the batch form of the pipeline for per-recipient templates: recipients painted a chunk
// (one libharu document) at a time, each chunk saved, then merged into one PDF or cut into one
// PDF per recipient, so that memory stays flat with the batch size.
#include "render/steps.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

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

// Whether the batch must stop before recipient i of total: its time is up (said in the result).
bool out_of_time(const prepared& p, std::size_t i, std::size_t total, result& out) {
    if (!p.deadline.passed()) return false;
    out.problems.error({}, "the batch stopped after " + std::to_string(i) + " of " + std::to_string(total) +
                               " recipients: " + p.deadline.describe() + " has passed",
                       "split the record, or raise the time limit");
    out.status = failure::time_limit;
    return true;
}

// Drives a per-recipient batch: bind each recipient, save the chunk when it is full (flush),
// paint the recipient into it, and flush the last one.
template <class Flush, class Painted>
void run_batch(prepared& p, const options& opts, result& out, chunk& c, vanthu::diagnostics& paint_problems,
               Flush&& flush, Painted&& painted) {
    bool ok = for_each_recipient(p, [&](std::size_t i, std::size_t total, const record::node& r) {
        if (out_of_time(p, i, total, out)) return false;
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

// A chunk of bound recipients on its way through a painting thread: laid out, painted and
// saved there, handed back in order.
struct chunk_job {
    std::vector<model::document> docs;
    std::vector<std::string> ids;
    model::metadata meta;
    // Filled by the thread that paints it.
    std::string bytes;               // the saved libharu document
    std::vector<std::size_t> parts;  // page counts, per recipient
    result part;                     // its layout problems, page count and status
    vanthu::diagnostics paint_problems;
    bool done = false;
};

// Threads that lay out, paint and save chunks, each with a writer (fonts loaded once) and a
// layout memo of its own; the jobs go in and come out in the order they were given.
class chunk_painters {
public:
    chunk_painters(std::size_t threads, const options& opts, const vanthu::deadline& deadline)
        : opts_(opts), deadline_(deadline) {
        for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
    }
    ~chunk_painters() {
        {
            std::lock_guard<std::mutex> hold(lock_);
            closing_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : threads_) t.join();
    }
    chunk_painters(const chunk_painters&) = delete;
    chunk_painters& operator=(const chunk_painters&) = delete;

    void give(std::shared_ptr<chunk_job> job) {
        {
            std::lock_guard<std::mutex> hold(lock_);
            waiting_.push_back(job);
            order_.push_back(std::move(job));
        }
        wake_.notify_all();
    }
    // Jobs given and not yet taken back.
    std::size_t in_flight() {
        std::lock_guard<std::mutex> hold(lock_);
        return order_.size();
    }
    // Whether the oldest job is painted (take would not wait).
    bool oldest_done() {
        std::lock_guard<std::mutex> hold(lock_);
        return !order_.empty() && order_.front()->done;
    }
    // The oldest job, once painted.
    std::shared_ptr<chunk_job> take() {
        std::unique_lock<std::mutex> hold(lock_);
        done_.wait(hold, [this] { return order_.front()->done; });
        std::shared_ptr<chunk_job> job = std::move(order_.front());
        order_.pop_front();
        return job;
    }

private:
    void work() {
        chunk c;
        for (;;) {
            std::shared_ptr<chunk_job> job;
            {
                std::unique_lock<std::mutex> hold(lock_);
                wake_.wait(hold, [this] { return closing_ || !waiting_.empty(); });
                if (closing_) return;  // the batch ended, or failed: what waits is not wanted
                job = std::move(waiting_.front());
                waiting_.pop_front();
            }
            paint_job(c, *job);
            {
                std::lock_guard<std::mutex> hold(lock_);
                job->done = true;
            }
            done_.notify_all();
        }
    }

    // What paint_into and save_bytes do for the one-thread batch, into the job.
    void paint_job(chunk& c, chunk_job& job) {
        try {
            for (std::size_t i = 0; i < job.docs.size(); ++i) {
                if (!paint_into(c, job.docs[i], job.ids[i], opts_, deadline_, job.part, job.paint_problems)) return;
            }
            job.parts = c.parts;
            job.bytes = c.writer.finish(c.meta, job.paint_problems);
            c.ids.clear();
            c.parts.clear();
            if (!job.paint_problems.has_errors()) c.writer.start_next(job.paint_problems);
        } catch (const std::exception& e) {
            job.paint_problems.error({}, std::string("painting a chunk failed: ") + e.what());
        }
    }

    const options& opts_;
    const vanthu::deadline& deadline_;
    std::mutex lock_;
    std::condition_variable wake_, done_;
    std::deque<std::shared_ptr<chunk_job>> waiting_, order_;
    bool closing_ = false;
    std::vector<std::thread> threads_;
};

// Takes a painted job's outcome into the batch's result.
bool take_job(chunk_job& job, result& out, vanthu::diagnostics& paint_problems) {
    take_problems(out, std::move(job.part.problems));
    if (out.status == failure::none) out.status = job.part.status;
    out.page_count += job.part.page_count;
    for (auto& d : job.paint_problems.items) paint_problems.items.push_back(std::move(d));
    return !out.problems.has_errors() && !paint_problems.has_errors();
}

// run_batch over opts.jobs threads: this thread binds every recipient and cuts the chunks
// where the one-thread batch would; the painters lay out, paint and save them, with one more
// chunk waiting than there are threads; take(job, last) gets them back in order as soon as
// they are painted. Same chunks, same order: the same bytes as one thread.
template <class Take>
void run_parallel_batch(prepared& p, const options& opts, result& out, vanthu::diagnostics& paint_problems,
                        Take&& take) {
    chunk_painters painters(opts.jobs, opts, p.deadline);
    auto filling = std::make_shared<chunk_job>();
    bool ok = true;
    auto take_oldest = [&](bool last) {
        std::shared_ptr<chunk_job> job = painters.take();
        // Its documents are freed here, by the thread that made them: a painter freeing them
        // would wait on this thread's heap lock while it binds (glibc arenas), and the other way round.
        std::vector<model::document>().swap(job->docs);
        return take_job(*job, out, paint_problems) && take(*job, last);
    };
    ok = for_each_recipient(p, [&](std::size_t i, std::size_t total, const record::node& r) {
        if (out_of_time(p, i, total, out)) return false;
        model::document doc;
        if (!bind_into(p, opts, out, doc)) return false;
        const std::size_t most = opts.chunk_recipients ? opts.chunk_recipients : 1;
        if (!filling->ids.empty() && (filling->ids.size() >= most || !same_meta(filling->meta, doc.meta))) {
            // One chunk waits for each thread while they paint: none is idle while this one binds.
            if (painters.in_flight() > opts.jobs && !take_oldest(false)) return false;
            painters.give(filling);
            filling = std::make_shared<chunk_job>();
            while (painters.in_flight() > 1 && painters.oldest_done())  // merged early, let go early
                if (!take_oldest(false)) return false;
        }
        if (filling->ids.empty()) filling->meta = doc.meta;
        const std::string* id = r.attribute("id");
        filling->ids.push_back(id ? *id : std::to_string(i + 1));
        filling->docs.push_back(std::move(doc));
        return true;
    });
    if (ok && !filling->ids.empty()) painters.give(filling);
    while (ok && painters.in_flight() > 0) ok = take_oldest(painters.in_flight() == 1);
    // On a failure the painters finish what they hold (each stops at its first error) and end.
}

// Where saved chunks become the one PDF: the first and only chunk as libharu wrote it, more
// merged page by page, into the result or out to the sink as they are copied.
class chunk_merger {
public:
    chunk_merger(result& out, const byte_sink* sink, vanthu::diagnostics& problems)
        : out_(out), sink_(sink), problems_(problems), merged_(sink ? pdf::byte_sink([this](std::string_view bytes,
                                                                                            std::string& message) {
              return (*sink_)(out_.record_id, bytes, message);
          }) : pdf::byte_sink()) {}

    // Takes a saved chunk of `recipients` recipients and `pages` pages; `done` and `total` say
    // how far the batch is, for the first chunk to size the whole.
    bool take(std::string bytes, std::size_t pages, bool last, std::size_t done, std::size_t total) {
        if (last && !merging_) {
            if (sink_) return send_whole(*sink_, out_.record_id, bytes, problems_);
            out_.pdf = std::move(bytes);
            return true;
        }
        std::unique_ptr<pdf::pdf_file> file = pdf::pdf_file::read(std::move(bytes), problems_);
        if (file) file->keep_parsed(false);  // each object is copied once: let it go then
        if (!file || !merged_.add_pages(*file, 0, pages, problems_)) return false;
        if (!sink_ && !merging_ && done < total && done > 0)  // the first chunk tells the size of the whole, give or take
            merged_.reserve(merged_.size() / done * total / 4 * 5);
        merging_ = true;
        if (!last) return true;
        if (sink_) return merged_.close(problems_);
        out_.pdf = merged_.finish();
        return true;
    }

private:
    result& out_;
    const byte_sink* sink_;
    vanthu::diagnostics& problems_;
    pdf::page_assembler merged_;
    bool merging_ = false;
};

// The pages of a chunk's recipients.
std::size_t pages_of(const std::vector<std::size_t>& parts) {
    std::size_t pages = 0;
    for (std::size_t n : parts) pages += n;
    return pages;
}

// Saves the one-thread batch's chunk: its bytes, its libharu document freed first (with more
// to come, the next one replaces it), so memory holds one chunk, as a document or as bytes.
std::string save_bytes(chunk& c, bool more, vanthu::diagnostics& paint_problems) {
    std::string bytes = c.writer.finish(c.meta, paint_problems);
    c.ids.clear();
    c.parts.clear();
    if (paint_problems.has_errors()) return {};
    if (!more) c.writer.release();
    else if (!c.writer.start_next(paint_problems)) return {};
    return bytes;
}

// The recipients of the record.
std::size_t recipients_of(const prepared& p) {
    const record::node* list = p.rec.root.child("recipients");
    return list ? list->children.size() : 0;
}

// Whether the batch is painted by several threads: opts.jobs, and more than one chunk (one
// chunk is painted after its binding either way); never for layout dumps, which keep every
// page in order in the result.
bool in_parallel(const prepared& p, const options& opts) {
    return opts.jobs > 1 && !opts.keep_pages && recipients_of(p) > std::max<std::size_t>(opts.chunk_recipients, 1);
}

}  // namespace

// A per-recipient template into one PDF, a chunk of recipients per libharu document; chunks
// after the first are merged page by page. Without a sink the merged PDF is kept in the result,
// so memory holds one chunk and the output; with one, the merged pages go out as they are
// copied, so memory holds one chunk (one per painting thread with opts.jobs).
void render_per_recipient(prepared& p, const options& opts, result& out, const byte_sink* sink) {
    vanthu::diagnostics paint_problems;
    chunk_merger merger(out, sink, paint_problems);
    std::size_t done = 0, total = 0;
    if (in_parallel(p, opts)) {
        total = recipients_of(p);
        run_parallel_batch(p, opts, out, paint_problems, [&](chunk_job& job, bool last) {
            done += job.ids.size();
            if (opts.progress) opts.progress(done, total);
            return merger.take(std::move(job.bytes), pages_of(job.parts), last, done, total);
        });
    } else {
        chunk c;
        auto flush = [&](bool last) {
            const std::size_t pages = pages_of(c.parts);
            std::string bytes = save_bytes(c, !last, paint_problems);
            return !paint_problems.has_errors() && merger.take(std::move(bytes), pages, last, done, total);
        };
        run_batch(p, opts, out, c, paint_problems, flush, [&](std::size_t i, std::size_t all) {
            done = i + 1;
            total = all;
            if (opts.progress) opts.progress(done, total);
        });
    }
    take_problems(out, std::move(paint_problems));
    if (out.status == failure::none && out.problems.has_errors()) fail_internal(out);
}

// One PDF per recipient: a chunk of recipients is painted into one libharu document (fonts
// loaded once), saved, and cut into one file per recipient by copying its pages.
void split_per_recipient(prepared& p, const options& opts, const pdf_sink& sink, result& out) {
    vanthu::diagnostics paint_problems;
    std::size_t done = 0, total = 0;
    auto cut = [&](std::string bytes, const std::vector<std::string>& ids, const std::vector<std::size_t>& parts) {
        if (ids.empty()) return true;
        std::unique_ptr<pdf::pdf_file> file = pdf::pdf_file::read(std::move(bytes), paint_problems);
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
    if (in_parallel(p, opts)) {
        total = recipients_of(p);
        run_parallel_batch(p, opts, out, paint_problems,
                           [&](chunk_job& job, bool) { return cut(std::move(job.bytes), job.ids, job.parts); });
    } else {
        chunk c;
        auto flush = [&](bool last) {
            std::vector<std::string> ids = c.ids;
            std::vector<std::size_t> parts = c.parts;
            if (ids.empty()) return true;
            std::string bytes = save_bytes(c, !last, paint_problems);
            return !paint_problems.has_errors() && cut(std::move(bytes), ids, parts);
        };
        run_batch(p, opts, out, c, paint_problems, flush, [&](std::size_t, std::size_t all) { total = all; });
    }
    take_problems(out, std::move(paint_problems));
    if (out.status == failure::none && out.problems.has_errors()) fail_internal(out);
}

}  // namespace render::detail
