// Owns the batch form of the pipeline for per-recipient templates: recipients painted a chunk
// (one libharu document) at a time, each chunk saved, then merged into one PDF or cut into one
// PDF per recipient, so that memory stays flat with the batch size.
#include "render/steps.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "layout/page.hpp"
#include "pdf/pages.hpp"
#include "pdf/writer.hpp"

namespace render::detail {

namespace {

// The recipients list of a record, or null.
record::node* recipients_list(record::record& rec) {
    for (record::node& c : rec.root.children)
        if (c.tag == "recipients") return &c;
    return nullptr;
}

// Calls each(i) with the record showing only recipient i, for every recipient in order;
// the record is whole again afterwards. Stops when each returns false.
template <class F>
bool for_each_recipient(prepared& p, F&& each) {
    record::node* list = recipients_list(p.rec);
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

// A chunk of recipients on its way through a painting thread: bound, laid out, painted and
// saved there, handed back in order.
struct chunk_job {
    std::size_t first = 0;  // its first recipient
    std::size_t most = 0;   // the recipients it may take: a chunk's worth, or what is left
    // Filled by the thread that paints it.
    std::size_t count = 0;           // recipients taken: fewer than most when one's metadata differs
    std::atomic<std::size_t> painted{0};  // recipients painted so far, for progress while it runs
    std::vector<std::string> ids;    // their ids, in order
    std::string bytes;               // the saved libharu document
    std::vector<std::size_t> parts;  // page counts, per recipient
    result part;                     // its binding and layout problems, page count and status
    vanthu::diagnostics paint_problems;
    std::atomic<bool> dropped{false};  // started in the wrong place, or the batch ended: stop, give nothing
    bool started = false;  // a thread took it
    bool done = false;
    // Whether it ended at a recipient with other metadata, which starts the next chunk (as with
    // one thread): chunks given after it started in the wrong place.
    bool cut() const { return count < most; }
};

// A painting thread's own: its chunk (writer with fonts loaded, layout memo) and its copy of
// the record, into whose empty list each recipient is moved while it is bound.
struct painter_state {
    std::unique_ptr<chunk> c = std::make_unique<chunk>();
    record::record rec;
    record::node* list = nullptr;
};

// Threads that bind, lay out, paint and save chunks of recipients, each with a chunk and a
// copy of the record of its own, so that what a thread allocates it frees itself; the jobs go
// in and come out in the order they were given. The recipients wait in `all` (moved out of
// the record); two jobs running at once never share one.
class chunk_painters {
public:
    chunk_painters(std::size_t threads, const prepared& p, const options& opts, std::vector<record::node>& all)
        : p_(p), opts_(opts), all_(all) {
        for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
    }
    ~chunk_painters() {
        {
            std::lock_guard<std::mutex> hold(lock_);
            closing_ = true;
            for (auto& job : order_) job->dropped = true;
        }
        wake_.notify_all();
        for (std::thread& t : threads_) t.join();
    }
    chunk_painters(const chunk_painters&) = delete;
    chunk_painters& operator=(const chunk_painters&) = delete;

    // Gives the chunk of at most `most` recipients from `first`.
    void give(std::size_t first, std::size_t most) {
        auto job = std::make_shared<chunk_job>();
        job->first = first;
        job->most = most;
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
    // The oldest job, once painted; while it is not, tick(recipients painted by the jobs out)
    // every 100 ms, so that progress moves within a chunk as it does with one thread.
    template <class Tick>
    std::shared_ptr<chunk_job> take(Tick&& tick) {
        std::unique_lock<std::mutex> hold(lock_);
        while (!done_.wait_for(hold, std::chrono::milliseconds(100), [this] { return order_.front()->done; })) {
            std::size_t painted = 0;
            for (const auto& job : order_) painted += job->painted;
            hold.unlock();
            tick(painted);
            hold.lock();
        }
        std::shared_ptr<chunk_job> job = std::move(order_.front());
        order_.pop_front();
        return job;
    }
    // Drops every job not taken back: those waiting at once, those being painted once their
    // threads have stopped (at their next recipient), so that their recipients are free again.
    void drop_rest() {
        std::unique_lock<std::mutex> hold(lock_);
        waiting_.clear();
        for (auto& job : order_) job->dropped = true;
        done_.wait(hold, [this] {  // the jobs not taken by a thread will never be
            for (auto& job : order_)
                if (job->started && !job->done) return false;
            return true;
        });
        order_.clear();
    }

private:
    void work() {
        painter_state s;
        s.rec = record::copy_record(p_.rec);  // its list is empty: the recipients wait in all_
        s.list = recipients_list(s.rec);
        for (;;) {
            std::shared_ptr<chunk_job> job;
            {
                std::unique_lock<std::mutex> hold(lock_);
                wake_.wait(hold, [this] { return closing_ || !waiting_.empty(); });
                if (closing_) return;  // the batch ended, or failed: what waits is not wanted
                job = std::move(waiting_.front());
                waiting_.pop_front();
                job->started = true;
            }
            paint_job(s, *job);
            if (!s.c->ids.empty()) s.c = std::make_unique<chunk>();  // stopped half-way: start afresh
            {
                std::lock_guard<std::mutex> hold(lock_);
                job->done = true;
            }
            done_.notify_all();
        }
    }

    // Binds recipient i in the thread's copy of the record; its problems and status in `bound`.
    bool bind_one(painter_state& s, std::size_t i, result& bound, model::document& doc, std::string& id) {
        s.list->children.push_back(std::move(all_[i]));
        const bool ok = bind_into(p_, s.rec, opts_, bound, doc);
        const std::string* named = s.list->children.front().attribute("id");
        id = named ? *named : std::to_string(i + 1);
        all_[i] = std::move(s.list->children.front());
        s.list->children.clear();
        return ok;
    }

    // What run_batch does for one thread, for the job's chunk: each recipient bound, laid out
    // and painted, the chunk ended early by one with other metadata, then saved.
    void paint_job(painter_state& s, chunk_job& job) {
        try {
            for (std::size_t i = job.first; i < job.first + job.most; ++i) {
                if (job.dropped || out_of_time(p_, i, all_.size(), job.part)) return;
                model::document doc;
                result bound;  // its problems count only if the recipient stays in this chunk
                std::string id;
                if (!bind_one(s, i, bound, doc, id)) {
                    take_problems(job.part, std::move(bound.problems));
                    job.part.status = bound.status;
                    return;
                }
                if (!s.c->ids.empty() && !same_meta(s.c->meta, doc.meta)) break;
                take_problems(job.part, std::move(bound.problems));
                if (!paint_into(*s.c, doc, id, opts_, p_.deadline, job.part, job.paint_problems)) return;
                ++job.count;
                ++job.painted;
            }
            job.ids = std::move(s.c->ids);
            job.parts = std::move(s.c->parts);
            job.bytes = s.c->writer.finish(s.c->meta, job.paint_problems);
            s.c->ids.clear();
            s.c->parts.clear();
            if (!job.paint_problems.has_errors()) s.c->writer.start_next(job.paint_problems);
        } catch (const std::exception& e) {
            job.paint_problems.error({}, std::string("painting a chunk failed: ") + e.what());
        }
    }

    const prepared& p_;
    const options& opts_;
    std::vector<record::node>& all_;
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

// run_batch over opts.jobs threads, each binding, painting and saving whole chunks: a chunk of
// chunk_recipients from where the one before it ends, given ahead while no chunk has ended
// early; one ended early (a recipient with other metadata starts the next, as with one thread)
// drops the chunks given after it and the next starts there, given alone until one ends full.
// This thread takes them back in order (take(job, last)); one more than the threads is out at most.
// Same chunks, same order: the same bytes as one thread. While it waits, tick(recipients painted
// in the chunks out) tells how far the painters are.
template <class Take, class Tick>
void run_parallel_batch(prepared& p, const options& opts, result& out, vanthu::diagnostics& paint_problems,
                        Take&& take, Tick&& tick) {
    record::node* list = recipients_list(p.rec);
    std::vector<record::node> all = std::move(list->children);
    list->children.clear();
    {
        chunk_painters painters(opts.jobs, p, opts, all);
        const std::size_t most = std::max<std::size_t>(opts.chunk_recipients, 1), total = all.size();
        std::size_t next = 0;  // the first recipient of the next chunk to give
        bool ahead = true;     // whether chunks may be given before the one before them ends
        for (;;) {
            while (next < total && painters.in_flight() <= opts.jobs && (ahead || painters.in_flight() == 0)) {
                painters.give(next, std::min(most, total - next));
                next += std::min(most, total - next);
            }
            if (painters.in_flight() == 0) break;
            std::shared_ptr<chunk_job> job = painters.take(tick);
            const std::size_t end = job->first + job->count;
            if (!take_job(*job, out, paint_problems) || !take(*job, end == total)) break;
            ahead = !job->cut();
            if (ahead) continue;
            painters.drop_rest();
            next = end;
        }
        // On a failure the painters stop at their next recipient and end.
    }
    list->children = std::move(all);
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

// A batch's progress as opts.progress hears it: never backwards, never past the total. With
// several painting threads it counts what is done (chunks taken back, or their PDFs written)
// and what the painters have painted of the chunks still out, of which a chunk given too early
// is painted again.
class batch_progress {
public:
    explicit batch_progress(const options& opts) : opts_(opts) {}
    std::size_t total = 0;
    void tell(std::size_t done) {
        done = std::min(done, total);
        if (!opts_.progress || (said_ && done <= told_)) return;
        said_ = true;
        told_ = done;
        opts_.progress(done, total);
    }

private:
    const options& opts_;
    bool said_ = false;
    std::size_t told_ = 0;
};

// A per-recipient template into one PDF, a chunk of recipients per libharu document; chunks
// after the first are merged page by page. Without a sink the merged PDF is kept in the result,
// so memory holds one chunk and the output; with one, the merged pages go out as they are
// copied, so memory holds one chunk (one per painting thread with opts.jobs).
void render_per_recipient(prepared& p, const options& opts, result& out, const byte_sink* sink) {
    vanthu::diagnostics paint_problems;
    chunk_merger merger(out, sink, paint_problems);
    std::size_t done = 0, total = 0;
    if (in_parallel(p, opts)) {
        batch_progress progress(opts);
        progress.total = total = recipients_of(p);
        progress.tell(0);  // the size is known at once, as with one thread
        run_parallel_batch(p, opts, out, paint_problems, [&](chunk_job& job, bool last) {
            done += job.ids.size();
            progress.tell(done);
            return merger.take(std::move(job.bytes), pages_of(job.parts), last, done, total);
        }, [&](std::size_t painted) { progress.tell(done + painted); });
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
    batch_progress progress(opts);
    std::size_t done = 0;
    auto cut = [&](std::string bytes, const std::vector<std::string>& ids, const std::vector<std::size_t>& parts) {
        if (ids.empty()) return true;
        std::unique_ptr<pdf::pdf_file> file = pdf::pdf_file::read(std::move(bytes), paint_problems);
        return file && pdf::split_pages(*file, parts, [&](std::size_t part, std::string pdf) {
            std::string message;
            if (!sink(ids[part], pdf, message)) {
                paint_problems.error({}, message);
                return false;
            }
            progress.tell(++done);
            return true;
        }, paint_problems);
    };
    if (in_parallel(p, opts)) {
        progress.total = recipients_of(p);
        progress.tell(0);
        run_parallel_batch(p, opts, out, paint_problems,
                           [&](chunk_job& job, bool) { return cut(std::move(job.bytes), job.ids, job.parts); },
                           [&](std::size_t painted) { progress.tell(done + painted); });
    } else {
        chunk c;
        auto flush = [&](bool last) {
            std::vector<std::string> ids = c.ids;
            std::vector<std::size_t> parts = c.parts;
            if (ids.empty()) return true;
            std::string bytes = save_bytes(c, !last, paint_problems);
            return !paint_problems.has_errors() && cut(std::move(bytes), ids, parts);
        };
        run_batch(p, opts, out, c, paint_problems, flush, [&](std::size_t, std::size_t all) { progress.total = all; });
    }
    take_problems(out, std::move(paint_problems));
    if (out.status == failure::none && out.problems.has_errors()) fail_internal(out);
}

}  // namespace render::detail
