// Owns the render threads and the lease keeper of one worker process.
#include "worker/worker_pool.hpp"

#include "core/atomic_file.hpp"

#include <algorithm>
#include <filesystem>

namespace worker {

worker_pool::worker_pool(job_store& s, pool_options o, json_log& l, metrics& m)
    : store(s), opts(std::move(o)), log(l), counters(m) {}

worker_pool::~worker_pool() {
    if (!threads.empty() || keeper.joinable()) drain(std::chrono::milliseconds(0));
    for (auto& t : threads) if (t.joinable()) t.detach();
}

void worker_pool::start() {
    for (int i = 0; i < opts.threads; ++i) threads.emplace_back([this] { run_renders(); });
    keeper = std::thread([this] { keep_leases(); });
}

void worker_pool::wake() {
    {
        std::lock_guard<std::mutex> hold(lock);
        woken = true;
    }
    wakeup.notify_all();
}

void worker_pool::idle_wait(std::int64_t ms) {
    std::unique_lock<std::mutex> hold(lock);
    wakeup.wait_for(hold, std::chrono::milliseconds(ms), [this] { return woken || stopping.load(); });
    woken = false;
}

std::size_t worker_pool::in_flight() const {
    std::lock_guard<std::mutex> hold(lock);
    return leases.size();
}

// An unreachable store is tried again after a growing wait, not every poll.
void worker_pool::run_renders() {
    ++running_threads;
    std::int64_t store_wait = 0;  // 0 while the store answers
    while (!stopping) {
        claim_result c = store.claim(opts.owner, opts.lease_ms);
        if (!c.error.empty()) {
            store_wait = next_store_wait(store_wait);
            log.error("store unreachable: next try in " + std::to_string(store_wait) + " ms: " + c.error);
            idle_wait(store_wait);
            continue;
        }
        if (store_wait != 0) log.info("store reachable again");
        store_wait = 0;
        if (!c.value) {
            idle_wait(opts.poll_ms);
            continue;
        }
        {
            std::lock_guard<std::mutex> hold(lock);
            lease l;
            l.attempt = c.value->attempt;
            l.record_id = c.value->record_id;
            leases[c.value->id] = l;
        }
        process(*c.value);
        {
            std::lock_guard<std::mutex> hold(lock);
            leases.erase(c.value->id);
        }
        finished.notify_all();
    }
    --running_threads;
    finished.notify_all();
}

std::int64_t worker_pool::next_store_wait(std::int64_t wait) const {
    if (wait <= 0) return std::min(std::max<std::int64_t>(opts.poll_ms, 100), opts.store_retry_max_ms);
    return std::min(wait * 2, opts.store_retry_max_ms);
}

// A bad record or template fails for good; anything else is retried.
void worker_pool::process(const claimed_job& job) {
    const log_context about{job.id, job.record_id};
    log.info("rendering, attempt " + std::to_string(job.attempt), about);
    const auto start = std::chrono::steady_clock::now();
    spill_file out(opts.spill_dir, opts.max_result_bytes);
    std::string spill_error;
    if (!out.open(spill_error)) {
        log.error(spill_error, about);
        counters.count_job(settle_failure(job, spill_error, false));
        return;
    }
    const render::result r = render_job(job, out);
    counters.observe_render(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    {
        std::lock_guard<std::mutex> hold(lock);  // from here the store may see the job settled before the lease goes
        if (auto it = leases.find(job.id); it != leases.end()) it->second.settling = true;
    }
    job_outcome outcome;
    if (r) {
        outcome = settle_success(job, r, out);
    } else {
        // A time limit reached may be a busy machine: the job is tried again, up to its attempts.
        // A result past the cap would be as large again.
        const bool permanent = r.status == render::failure::bad_record || r.status == render::failure::bad_template ||
                               out.over_limit();
        outcome = settle_failure(job, vanthu::format_diagnostics(r.problems), permanent);
    }
    counters.count_job(outcome);
    const char* words[] = {"done", "failed, will retry", "failed", "finished late: another attempt owns the job"};
    log.write(outcome == job_outcome::done ? log_level::info : log_level::warning,
              words[static_cast<int>(outcome)], about);
}

render::result worker_pool::render_job(const claimed_job& job, spill_file& out) {
    render::options with_progress = opts.render;
    if (!job.template_name.empty()) with_progress.template_name = job.template_name;
    {
        std::lock_guard<std::mutex> hold(lock);
        if (auto it = leases.find(job.id); it != leases.end()) with_progress.stop = it->second.stop.get();
    }
    with_progress.progress = [this, &job](std::size_t done, std::size_t total) {
        std::lock_guard<std::mutex> hold(lock);
        auto it = leases.find(job.id);
        if (it == leases.end()) return;
        if (it->second.pages_total == 0 && total > 0) {  // the size is known: show it now
            beat_now = true;
            finished.notify_all();
        }
        it->second.pages_done = static_cast<int>(done);
        it->second.pages_total = static_cast<int>(total);
    };
    // The seal goes on now unless a person signs first: then it goes on when their PDF comes back.
    if (signs_as(job.sign, "organization") && !signs_as(job.sign, "person")) {
        if (!opts.seal || !opts.seal->loaded) {
            render::result r;
            r.status = render::failure::internal;
            r.problems.error({}, "the job asks for the body's seal and this worker has no signing key (vanthu.sign.p12)");
            return r;
        }
        with_progress.finish_pdf = seal_each_pdf(*opts.seal);
    }
    render::result r;
    try {
        const render::byte_sink sink = [&out](const std::string&, std::string_view bytes, std::string& message) {
            return out.write(bytes, message);
        };
        r = job.split ? render::render_zip(job.record_bytes, with_progress, sink)
                      : render::render_to(job.record_bytes, with_progress, sink);
    } catch (const std::exception& e) {
        r.status = render::failure::internal;
        r.problems.error({}, std::string("render threw: ") + e.what());
    }
    return r;
}

// The file is written before the job is marked done: a job is never done without its file,
// and a file that cannot be written whole (ENOSPC) is no file at all.
job_outcome worker_pool::settle_success(const claimed_job& job, const render::result& r, spill_file& out) {
    const log_context about{job.id, job.record_id};
    // A certificate whose code leads nowhere is worse than none: registered before anything is
    // handed out, or the attempt fails and is tried again.
    std::string register_error;
    if (!store.register_certificates(job.owner, job.id, r.certificates, register_error)) {
        const std::string why = "cannot register the certificates for verification: " + register_error;
        log.error(why, about);
        return settle_failure(job, why, false);
    }
    if (!opts.output_dir.empty()) {
        std::string error;
        // Record ids are per client: each client's files get a folder of their own.
        const std::string dir = job.owner.empty() ? opts.output_dir : opts.output_dir + "/" + job.owner;
        std::error_code ignored;  // a folder that cannot be made fails the write, which says why
        std::filesystem::create_directories(dir, ignored);
        const std::string name = job.record_id + (r.kind == render::output_kind::zip ? ".zip" : ".pdf");
        if (!out.copy_to(dir + "/" + name, error)) {
            log.error(error, about);
            return settle_failure(job, error, false);
        }
    }
    const int pages = static_cast<int>(r.page_count);  // laid out: of every PDF in a split ZIP
    const std::string digest = out.sha256();
    const auto size = static_cast<std::int64_t>(out.size());
    const fence_status settled = retry_store(job, true, [&] {
        return store.complete(job.id, job.attempt, out.reader(), size, digest, pages);
    });
    if (settled == fence_status::fenced) return job_outcome::fenced;
    if (settled == fence_status::store_error) {
        if (store.ping()) {
            // The store answers but refuses this result: say so, and give the job back as a failed attempt.
            const std::string why = "the store refused the result (" + std::to_string(size) + " bytes)";
            {
                std::lock_guard<std::mutex> hold(lock);
                write_problem = why;
            }
            log.error(why + "; the attempt is given back", about);
            return settle_failure(job, why, false);
        }
        log.error("cannot record the outcome in the store; the job runs again once its lease expires", about);
        return job_outcome::retry;
    }
    {
        std::lock_guard<std::mutex> hold(lock);
        write_problem.clear();
    }
    counters.count_pages(pages);
    return job_outcome::done;
}

std::string worker_pool::store_write_problem() const {
    std::lock_guard<std::mutex> hold(lock);
    return write_problem;
}

job_outcome worker_pool::settle_failure(const claimed_job& job, const std::string& error, bool permanent) {
    const fence_status settled =
        retry_store(job, false, [&] { return store.fail(job.id, job.attempt, error, permanent); });
    if (settled == fence_status::fenced) return job_outcome::fenced;
    if (settled == fence_status::store_error) {
        log.error("cannot record the outcome in the store; the job runs again once its lease expires",
                  {job.id, job.record_id});
        return job_outcome::retry;
    }
    if (permanent) return job_outcome::failed;
    if (auto now_job = store.find(job.id).value; now_job && now_job->state == job_state::failed)
        return job_outcome::failed;  // that was the last attempt
    return job_outcome::retry;
}

fence_status worker_pool::retry_store(const claimed_job& job, bool completing, const std::function<fence_status()>& op) {
    fence_status status = op();
    bool broke = false;
    // While the store does not answer, the outcome waits for it; a store that answers but refuses
    // the write three times will not take it: the caller gives the attempt back.
    int refused = 0;
    for (std::int64_t wait = 0; status == fence_status::store_error && !stopping;) {
        if (store.ping() && ++refused >= 3) break;
        broke = true;
        wait = next_store_wait(wait);
        log.error("store unreachable: next try in " + std::to_string(wait) + " ms to record the outcome",
                  {job.id, job.record_id});
        idle_wait(wait);
        status = op();
    }
    if (broke && status == fence_status::fenced) {
        const find_result f = store.find(job.id);
        if (f.value && f.value->attempts == job.attempt && f.value->state != job_state::running &&
            (f.value->state == job_state::done) == completing)
            status = fence_status::applied;  // the first try committed before the connection broke
    }
    return status;
}

void worker_pool::cancelled(const std::string& job_id) {
    std::lock_guard<std::mutex> hold(lock);
    auto it = leases.find(job_id);
    if (it == leases.end() || it->second.settling || it->second.stop->exchange(true)) return;
    log.warn("cancelled by its client while rendering here: stopping", {job_id, it->second.record_id});
}

void worker_pool::keep_leases() {
    // A third of the lease keeps it alive; at least once a second keeps GET /v1/jobs/{id}'s progress fresh.
    const std::int64_t beat_ms = std::clamp<std::int64_t>(opts.lease_ms / 3, 10, 1000);
    while (!stopping) {
        std::map<std::string, lease> now_held;
        {
            std::unique_lock<std::mutex> hold(lock);
            finished.wait_for(hold, std::chrono::milliseconds(beat_ms), [this] { return stopping.load() || beat_now; });
            beat_now = false;
            now_held = leases;
        }
        for (const auto& [id, l] : now_held) {
            if (store.heartbeat(id, l.attempt, opts.lease_ms, l.pages_done, l.pages_total) != fence_status::fenced)
                continue;
            std::lock_guard<std::mutex> hold(lock);  // a job settled or settling since the snapshot is not a lost lease
            if (auto it = leases.find(id); it != leases.end() && it->second.attempt == l.attempt &&
                                           !it->second.settling && !it->second.stop->exchange(true))
                log.warn("lease lost while rendering (cancelled, or taken by another worker): stopping", {id, l.record_id});
        }
        const int back = store.reclaim_expired();
        if (back > 0) log.warn(std::to_string(back) + " expired lease(s) reclaimed");
    }
}

bool worker_pool::drain(std::chrono::milliseconds grace) {
    {
        std::lock_guard<std::mutex> hold(lock);  // a thread between its test and its wait still hears it
        stopping = true;
    }
    wakeup.notify_all();
    finished.notify_all();
    std::map<std::string, lease> left;
    {
        std::unique_lock<std::mutex> hold(lock);
        finished.wait_for(hold, grace, [this] { return leases.empty(); });
        left = leases;
    }
    for (const auto& [id, l] : left) {
        store.release(id, l.attempt);
        log.warn("released unfinished at shutdown", {id, l.record_id});
    }
    if (keeper.joinable()) keeper.join();
    {
        std::unique_lock<std::mutex> hold(lock);
        finished.wait_for(hold, std::chrono::milliseconds(200), [this] { return running_threads.load() == 0; });
    }
    if (running_threads.load() != 0) return false;
    for (auto& t : threads) if (t.joinable()) t.join();
    threads.clear();
    return true;
}

}  // namespace worker
