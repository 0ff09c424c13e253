// The spool folder: records renamed into incoming/ become jobs; PDFs appear in done/,
// rejected records move to failed/ with <id>.error.txt (<file stem>.error.txt when the
// record is too broken to give its id).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "render/render.hpp"
#include "worker/json_log.hpp"
#include "worker/store.hpp"
#include "worker/worker_pool.hpp"

namespace worker {

class spool_watcher {
public:
    // root holds incoming/, processing/, done/ and failed/ (created when missing); the jobs
    // it queues belong to client (vanthu.spool.client), whose token reads them over HTTP.
    spool_watcher(std::string root, job_store& store, worker_pool& pool, json_log& log, std::int64_t poll_ms,
                  render::options render, std::string client = "");
    ~spool_watcher();
    spool_watcher(const spool_watcher&) = delete;
    spool_watcher& operator=(const spool_watcher&) = delete;

    // Creates the folders, takes back records left in processing/, starts the thread.
    bool start(std::string& error);
    // Stops the thread; records in processing/ are taken back at the next start.
    void stop();
    // One pass: take new records, settle finished jobs (the thread calls it; tests may too).
    void scan();
    // The largest record it reads (vanthu.http.max_body); a larger file goes to failed/ unread.
    void set_max_bytes(std::size_t bytes) { max_bytes = bytes; }

private:
    // Moves a new record to processing/ and queues it, or rejects it to failed/.
    void take(const std::string& name);
    // Queues a record already in processing/ and remembers its job.
    void queue_taken(const std::string& name);
    // Writes a done job's result to path from the store, a chunk at a time; false when it cannot (logged).
    bool write_result(const std::string& path, const std::string& job_id);
    // Writes done/<id>.pdf or failed/ for the tracked jobs that have ended.
    void settle();
    // Moves processing/name to failed/ with <id>.error.txt.
    void reject(const std::string& from_dir, const std::string& name, const std::string& id,
                const std::string& problems);

    std::string root;
    job_store& store;
    worker_pool& pool;
    json_log& log;
    std::int64_t poll_ms;
    render::options render;
    std::string client;
    std::size_t max_bytes = 32u * 1024u * 1024u;
    std::map<std::string, std::string> tracked;  // job id -> file name in processing/
    std::atomic<bool> stopping{false};
    std::mutex lock;
    std::condition_variable wakeup;
    std::thread thread;
};

}  // namespace worker
