// Owns the spool folder: taking records in, writing PDFs and rejections out, never half-written.
#include "worker/spool.hpp"

#include "worker/job_key.hpp"

#include "core/atomic_file.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace worker {

namespace fs = std::filesystem;

namespace {

// The whole file, or nothing when it cannot be read.
std::optional<std::string> read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

// Producers write elsewhere (or to a dot-name) and rename in: only visible .xml files count.
bool is_record_name(const std::string& name) {
    return !name.empty() && name[0] != '.' && name.size() > 4 && name.compare(name.size() - 4, 4, ".xml") == 0;
}

// The file name without .xml, for records too broken to have an id.
std::string stem_of(const std::string& name) { return fs::path(name).stem().string(); }

}  // namespace

spool_watcher::spool_watcher(std::string r, job_store& s, worker_pool& p, json_log& l, std::int64_t poll,
                             render::options opts, std::string owner)
    : root(std::move(r)), store(s), pool(p), log(l), poll_ms(poll), render(std::move(opts)),
      client(std::move(owner)) {}

spool_watcher::~spool_watcher() { stop(); }

bool spool_watcher::start(std::string& error) {
    std::error_code ec;
    for (const char* sub : {"incoming", "processing", "done", "failed"}) fs::create_directories(fs::path(root) / sub, ec);
    if (ec) {
        error = "cannot create the spool folders under " + root + ": " + ec.message();
        return false;
    }
    for (const auto& e : fs::directory_iterator(fs::path(root) / "processing", ec))
        if (is_record_name(e.path().filename().string())) queue_taken(e.path().filename().string());
    thread = std::thread([this] {
        while (!stopping) {
            scan();
            std::unique_lock<std::mutex> hold(lock);
            wakeup.wait_for(hold, std::chrono::milliseconds(poll_ms), [this] { return stopping.load(); });
        }
    });
    return true;
}

void spool_watcher::stop() {
    stopping = true;
    wakeup.notify_all();
    if (thread.joinable()) thread.join();
}

void spool_watcher::scan() {
    std::error_code ec;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(fs::path(root) / "incoming", ec))
        if (e.is_regular_file() && is_record_name(e.path().filename().string())) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) take(name);
    settle();
}

// The rename is the claim: of several workers sharing the folder, one wins.
void spool_watcher::take(const std::string& name) {
    std::error_code ec;
    fs::rename(fs::path(root) / "incoming" / name, fs::path(root) / "processing" / name, ec);
    if (ec) return;  // another worker took it
    queue_taken(name);
}

void spool_watcher::queue_taken(const std::string& name) {
    const fs::path file = fs::path(root) / "processing" / name;
    std::optional<std::string> bytes = read_all(file);
    if (!bytes) return;
    job_key_result key = make_job_key(*bytes, render);
    if (!key) {
        for (auto& d : key.inputs.problems.items)
            if (key.inputs.status == render::failure::bad_record) d.where.file = name;
        reject("processing", name, key.inputs.record_id.empty() ? stem_of(name) : key.inputs.record_id,
               vanthu::format_diagnostics(key.inputs.problems));
        return;
    }
    submission sub;
    sub.owner = client;
    sub.record_id = key.inputs.record_id;
    sub.record_bytes = *bytes;
    sub.key = key.key;
    sub.revise = key.inputs.revise;
    submit_result s = store.submit(sub);
    if (s.status == submit_status::conflict) {
        reject("processing", name, sub.record_id,
               name + ": record " + sub.record_id + " was already submitted with different content; set revise=\"yes\""
               " on its root element to make it revision " + std::to_string(s.value.revision + 1) + "\n");
    } else if (s.status == submit_status::created || s.status == submit_status::existing) {
        tracked[s.value.id] = name;
        pool.wake();
        log.info("spool: queued " + name + ", revision " + std::to_string(s.value.revision), {s.value.id, sub.record_id});
    } else {  // queue full or store down: back to incoming, try again later
        std::error_code ec;
        fs::rename(file, fs::path(root) / "incoming" / name, ec);
    }
}

// A chunk at a time from the store into the file, whole or not at all.
bool spool_watcher::write_result(const std::string& path, const std::string& job_id) {
    vanthu::atomic_file out(path);
    std::string error;
    if (!out.open(error)) {
        log.error("spool: " + error, {job_id, ""});
        return false;
    }
    const read_status read = store.read_result(job_id, [&](std::string_view chunk) { return out.write(chunk, error); });
    if (read == read_status::ok && out.commit(error)) return true;
    if (!error.empty()) log.error("spool: " + error, {job_id, ""});
    return false;
}

void spool_watcher::settle() {
    for (auto it = tracked.begin(); it != tracked.end();) {
        find_result f = store.find(it->first);
        const bool ended = f.value && f.value->state != job_state::queued && f.value->state != job_state::running;
        if (!ended) {
            ++it;
            continue;
        }
        const std::string& name = it->second;
        if (f.value->state == job_state::done) {
            const fs::path done = fs::path(root) / "done" / (f.value->record_id + ".pdf");
            if (write_result(done.string(), f.value->id)) {
                std::error_code ec;
                fs::remove(fs::path(root) / "processing" / name, ec);
                log.info("spool: done " + name, {f.value->id, f.value->record_id});
            } else {
                ++it;  // try again next pass
                continue;
            }
        } else if (f.value->state == job_state::failed) {
            reject("processing", name, f.value->record_id, f.value->last_error);
        } else {
            reject("processing", name, f.value->record_id,
                   name + ": the job was " + state_name(f.value->state) + " by a client of the API\n");
        }
        it = tracked.erase(it);
    }
}

// The reason is written first, then the record is moved: a consumer never sees a record without its reason.
void spool_watcher::reject(const std::string& from_dir, const std::string& name, const std::string& id,
                           const std::string& problems) {
    const std::string failed = (fs::path(root) / "failed").string();
    std::string error;  // a reason that cannot be written is no reason to keep the record in processing
    vanthu::write_file_atomically((fs::path(failed) / (id + ".error.txt")).string(), problems, error);
    std::error_code ec;
    fs::rename(fs::path(root) / from_dir / name, fs::path(failed) / name, ec);
    log.warn("spool: rejected " + name, {"", id});
}

}  // namespace worker
