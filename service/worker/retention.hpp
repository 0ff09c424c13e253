// Results do not pile up for ever: finished jobs' results and records, and the spool's done/
// and failed/ files, are removed once vanthu.results.keep has passed.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "worker/json_log.hpp"
#include "worker/store.hpp"

namespace worker {

struct retention_options {
    std::int64_t keep_ms = 30LL * 86400 * 1000;  // how long results are kept after the job ends; 0: for ever
    std::int64_t every_ms = 3600 * 1000;         // time between purge cycles
    std::string spool_root;                      // the spool whose done/ and failed/ are purged too ("": none)
    std::size_t batch = 200;                     // jobs a transaction purges
};

// What one cycle removed.
struct retention_cycle {
    std::size_t jobs = 0;   // jobs whose result and record went
    std::size_t files = 0;  // spool files removed
    bool busy = false;      // another worker of the fleet was purging the store
    std::string error;      // the store failed (the spool is purged all the same)
};

// Removes the entries of root/done and root/failed last modified before cutoff_ms: files and
// symbolic links themselves (never what a link points to); folders are left alone.
std::size_t purge_spool_files(const std::string& root, std::int64_t cutoff_ms);

class retention_keeper {
public:
    // clock: milliseconds since the epoch (tests give their own, the same as the store's).
    retention_keeper(job_store& store, retention_options opts, json_log& log,
                     std::function<std::int64_t()> clock = now_ms);
    ~retention_keeper();
    retention_keeper(const retention_keeper&) = delete;
    retention_keeper& operator=(const retention_keeper&) = delete;

    // Starts the thread: a cycle at once, then one every every_ms (nothing when keep_ms is 0).
    void start();
    // Stops the thread; a batch in progress ends first.
    void stop();
    // One cycle: the store a batch at a time until nothing ended before the cutoff is left (or
    // another worker is at it), then the spool.
    retention_cycle run_once();

private:
    void loop();

    job_store& store;
    retention_options opts;
    json_log& log;
    std::function<std::int64_t()> clock;
    std::mutex lock;
    std::condition_variable wakeup;
    bool stopping = false;
    std::thread thread;
};

}  // namespace worker
