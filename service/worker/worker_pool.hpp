// Render threads: claim a job, render it with render::render_record, store the result.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "render/render.hpp"
#include "worker/spill_file.hpp"
#include "worker/json_log.hpp"
#include "worker/metrics.hpp"
#include "worker/seal_key.hpp"
#include "worker/store.hpp"

namespace worker {

struct pool_options {
    int threads = 2;                  // render threads
    std::int64_t lease_ms = 60000;    // each claim's lease; heartbeats (with progress) renew it at a third, at least every second
    std::int64_t poll_ms = 500;       // idle wait between looks at the queue
    std::string owner = "worker";     // this process's name in leases
    std::string output_dir;           // when set, results are also written here as <record id>.pdf (.zip when split);
                                      // a failed write (a full disk) fails the attempt, which is retried
    std::int64_t store_retry_max_ms = 5000;  // longest wait between tries while the store is unreachable
    std::string spill_dir;            // where results are painted before they are stored ("": the system's temporary folder)
    std::uint64_t max_result_bytes = 0;  // a result past it fails the job for good (0: no cap)
    render::options render;           // templates, fonts, limits
    const seal_key* seal = nullptr;   // the body's key, for jobs asking sign=organization (null: none)
};

class worker_pool {
public:
    worker_pool(job_store& store, pool_options opts, json_log& log, metrics& counters);
    ~worker_pool();
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;

    // Starts the render threads and the lease keeper.
    void start();
    // Tells idle threads to look at the queue now (a job was submitted).
    void wake();
    // Stops claiming, waits up to grace for jobs in flight, releases the rest to the queue.
    // True when every thread has ended; false when some are still rendering (their work is fenced).
    bool drain(std::chrono::milliseconds grace);
    // A job its client cancelled: if this worker is rendering it, the render stops now rather
    // than at the next heartbeat (which stops it on whichever worker holds it).
    void cancelled(const std::string& job_id);
    // Jobs being rendered right now.
    std::size_t in_flight() const;
    // True once drain has begun.
    bool draining() const { return stopping.load(); }
    // Why the last result could not be stored while the store answered (a write it refuses),
    // or empty once a result has been stored since: /readyz says it.
    std::string store_write_problem() const;

private:
    struct lease {
        int attempt = 0;
        std::string record_id;
        int pages_done = 0;   // progress reported by the renderer, sent with each heartbeat
        int pages_total = 0;
        bool settling = false;  // rendered; its outcome is being written (a fenced heartbeat then is no loss)
        // Set when a heartbeat finds the lease fenced (the job cancelled, or reclaimed): the
        // render stops at its next page instead of finishing work nobody will take.
        std::shared_ptr<std::atomic<bool>> stop = std::make_shared<std::atomic<bool>>(false);
    };
    // One render thread's loop.
    void run_renders();
    // The lease keeper's loop: heartbeats for jobs in flight, reclaims of dead workers' jobs.
    void keep_leases();
    // Renders one claimed job and records its outcome.
    void process(const claimed_job& job);
    // Renders a claimed job into the spill file, reporting progress into its lease.
    render::result render_job(const claimed_job& job, spill_file& out);
    // Records a successful render: the output file first (when configured), then the store.
    job_outcome settle_success(const claimed_job& job, const render::result& r, spill_file& out);
    // Records a failed attempt: retried after the store's backoff, or failed for good.
    job_outcome settle_failure(const claimed_job& job, const std::string& error, bool permanent);
    // Runs a fenced store operation again, with a growing wait, while the store is unreachable
    // (until the pool stops). A retry that finds the job already settled by this attempt
    // (the first try committed before the connection broke) counts as applied.
    fence_status retry_store(const claimed_job& job, bool completing, const std::function<fence_status()>& op);
    // The next wait while the store is unreachable: doubled, capped.
    std::int64_t next_store_wait(std::int64_t wait) const;
    // Waits up to ms unless woken or stopping.
    void idle_wait(std::int64_t ms);

    job_store& store;
    pool_options opts;
    json_log& log;
    metrics& counters;
    std::atomic<bool> stopping{false};
    bool beat_now = false;  // under lock: a job's first progress is sent without waiting for the beat
    std::atomic<int> running_threads{0};
    mutable std::mutex lock;
    std::condition_variable wakeup;
    std::condition_variable finished;
    std::map<std::string, lease> leases;  // job id -> lease, while rendering
    std::string write_problem;            // under lock: store_write_problem()
    std::vector<std::thread> threads;
    std::thread keeper;
    bool woken = false;
};

}  // namespace worker
