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
#include <vector>

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
    // How long a list (.xlsx, .csv, .txt) may wait in incoming/ for the record that names it
    // before it goes to failed/ (vanthu.spool.list_wait).
    void set_list_wait(std::int64_t ms) { list_wait_ms = ms; }

private:
    // Moves a new record to processing/ and queues it, or rejects it to failed/.
    void take(const std::string& name);
    // Queues a record already in processing/ and remembers its job.
    void queue_taken(const std::string& name);
    // Writes a done job's result to path from the store, a chunk at a time; false when it cannot (logged).
    bool write_result(const std::string& path, const std::string& job_id);
    // Writes done/<id>.pdf or failed/ for the tracked jobs that have ended.
    void settle();
    // The record's list (<recipients from="NAME.xlsx"/>) moved beside it into processing/ and
    // filled in; false once the record (and its list) went to failed/ with the reason.
    bool fill_from_list(const std::string& name, std::string& bytes, std::string& list);
    // Lists alone in incoming/ past list_wait_ms go to failed/.
    void reject_lone_lists(const std::vector<std::string>& lists);
    // Moves a list between two of the folders (nothing when it is not there).
    void move_list(const std::string& list, const char* from_dir, const char* to_dir);
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
    std::int64_t list_wait_ms = 60000;
    struct files {
        std::string record;  // its file name in processing/
        std::string list;    // the list beside it, or empty
    };
    std::map<std::string, files> tracked;  // job id -> its files in processing/
    std::atomic<bool> stopping{false};
    std::mutex lock;
    std::condition_variable wakeup;
    std::thread thread;
};

}  // namespace worker
