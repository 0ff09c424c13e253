// Owns the retention cycle: purging the store's old results and the spool's old files.
#include "worker/retention.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <system_error>

namespace worker {

namespace {

// Milliseconds since the epoch of an entry's last change, without following a link.
bool modified_ms(const std::filesystem::path& p, std::int64_t& out) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) return false;
    out = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    return S_ISREG(st.st_mode) || S_ISLNK(st.st_mode);
}

}  // namespace

std::size_t purge_spool_files(const std::string& root, std::int64_t cutoff_ms) {
    std::size_t removed = 0;
    for (const char* folder : {"done", "failed"}) {
        std::error_code ec;
        for (std::filesystem::directory_iterator it(std::filesystem::path(root) / folder, ec), end; !ec && it != end;
             it.increment(ec)) {
            std::int64_t when = 0;
            if (!modified_ms(it->path(), when) || when >= cutoff_ms) continue;
            std::error_code gone;
            if (std::filesystem::remove(it->path(), gone)) ++removed;
        }
    }
    return removed;
}

retention_keeper::retention_keeper(job_store& s, retention_options o, json_log& l, std::function<std::int64_t()> c)
    : store(s), opts(std::move(o)), log(l), clock(std::move(c)) {}

retention_keeper::~retention_keeper() { stop(); }

void retention_keeper::start() {
    if (opts.keep_ms <= 0 || thread.joinable()) return;
    thread = std::thread([this] { loop(); });
}

void retention_keeper::stop() {
    {
        std::lock_guard<std::mutex> hold(lock);
        stopping = true;
    }
    wakeup.notify_all();
    if (thread.joinable()) thread.join();
}

retention_cycle retention_keeper::run_once() {
    retention_cycle out;
    const std::int64_t cutoff = clock() - opts.keep_ms;
    for (;;) {
        const purge_result pass = store.purge_ended(cutoff, opts.batch);
        out.jobs += pass.purged;
        out.busy = pass.busy;
        out.error = pass.error;
        if (pass.busy || !pass.error.empty() || pass.purged < opts.batch) break;
        std::lock_guard<std::mutex> hold(lock);
        if (stopping) break;
    }
    if (!opts.spool_root.empty()) out.files = purge_spool_files(opts.spool_root, cutoff);
    return out;
}

void retention_keeper::loop() {
    std::unique_lock<std::mutex> hold(lock);
    while (!stopping) {
        hold.unlock();
        const retention_cycle c = run_once();
        if (!c.error.empty()) log.warn("purge of old results failed: " + c.error);
        else if (c.jobs + c.files > 0)
            log.info("purged the results of " + std::to_string(c.jobs) + " job(s) and " + std::to_string(c.files) +
                     " spool file(s) older than the retention period");
        hold.lock();
        wakeup.wait_for(hold, std::chrono::milliseconds(opts.every_ms), [this] { return stopping; });
    }
}

}  // namespace worker
