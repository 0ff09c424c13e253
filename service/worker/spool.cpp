// Owns the spool folder: taking records in, writing PDFs and rejections out, never half-written.
#include "worker/spool.hpp"

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
    record::parse_result parsed = render::check_record(*bytes, render);
    if (!parsed) {
        for (auto& d : parsed.problems.items) d.where.file = name;
        reject("processing", name, parsed.value.id.empty() ? stem_of(name) : parsed.value.id,
               vanthu::format_diagnostics(parsed.problems));
        return;
    }
    submit_result s = store.submit(client, parsed.value.id, *bytes, false);
    if (s.status == submit_status::conflict) {
        reject("processing", name, parsed.value.id,
               name + ": record " + parsed.value.id + " was already submitted with different content\n");
    } else if (s.status == submit_status::created || s.status == submit_status::existing) {
        tracked[s.value.id] = name;
        pool.wake();
        log.info("spool: queued " + name, {s.value.id, parsed.value.id});
    } else {  // queue full or store down: back to incoming, try again later
        std::error_code ec;
        fs::rename(file, fs::path(root) / "incoming" / name, ec);
    }
}

void spool_watcher::settle() {
    for (auto it = tracked.begin(); it != tracked.end();) {
        find_result f = store.find(it->first);
        const bool ended = f.value && (f.value->state == job_state::done || f.value->state == job_state::failed);
        if (!ended) {
            ++it;
            continue;
        }
        const std::string& name = it->second;
        if (f.value->state == job_state::done) {
            std::optional<std::string> pdf = store.read_result(f.value->id);
            std::string error;
            const fs::path done = fs::path(root) / "done" / (f.value->record_id + ".pdf");
            if (pdf && vanthu::write_file_atomically(done.string(), *pdf, error)) {
                std::error_code ec;
                fs::remove(fs::path(root) / "processing" / name, ec);
                log.info("spool: done " + name, {f.value->id, f.value->record_id});
            } else {
                ++it;  // try again next pass
                continue;
            }
        } else {
            reject("processing", name, f.value->record_id, f.value->last_error);
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
