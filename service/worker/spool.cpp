// Owns the spool folder: taking records in, writing PDFs and rejections out, never half-written.
#include "worker/spool.hpp"

#include "sheet/sheet.hpp"

#include "worker/job_key.hpp"

#include "core/atomic_file.hpp"
#include "core/read_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <algorithm>
#include <filesystem>

namespace worker {

namespace fs = std::filesystem;

namespace {

// The file's bytes (core/read_file.hpp); a refusal for its size names the setting.
vanthu::file_read read_spool_file(const fs::path& p, std::size_t max_bytes) {
    vanthu::file_read out = vanthu::read_regular_file(p.string(), max_bytes);
    if (out.too_large) out.refused += " (vanthu.http.max_body)";
    return out;
}

// Producers write elsewhere (or to a dot-name) and rename in: only visible .xml files count.
bool is_record_name(const std::string& name) {
    return !name.empty() && name[0] != '.' && name.size() > 4 && name.compare(name.size() - 4, 4, ".xml") == 0;
}

// Lists wait in incoming/ for the record that names them; hidden names are a producer's work in progress.
bool is_list_name(const std::string& name) { return !name.empty() && name[0] != '.' && sheet::is_list_file_name(name); }

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
    // What a crash left in processing/ is taken back; anything but a regular file goes to failed/
    // unopened (a FIFO there would block the start).
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
    std::vector<std::string> lists;
    for (const auto& e : fs::directory_iterator(fs::path(root) / "incoming", ec)) {
        const std::string name = e.path().filename().string();
        if (is_list_name(name)) lists.push_back(name);
        if (!is_record_name(name)) continue;
        std::error_code kind;
        const fs::file_status st = e.symlink_status(kind);
        if (kind || st.type() == fs::file_type::regular) {
            names.push_back(name);
            continue;
        }
        // A link is never followed (it could name any file the worker may read), and a FIFO,
        // folder or device would sit in incoming/ for ever: each goes to failed/ with its reason.
        struct stat lst {};
        ::lstat(e.path().c_str(), &lst);
        reject("incoming", name, stem_of(name),
               name + ": not taken: it is " + vanthu::file_type_name(lst.st_mode) + "; the spool takes regular files renamed into incoming/\n");
    }
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) take(name);
    reject_lone_lists(lists);
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
    vanthu::file_read read = read_spool_file(file, max_bytes);
    if (!read.refused.empty()) {
        reject("processing", name, stem_of(name), name + ": not taken: " + read.refused + "\n");
        return;
    }
    std::optional<std::string>& bytes = read.bytes;
    if (!bytes) return;
    std::string list;
    if (!fill_from_list(name, *bytes, list)) return;
    job_key_result key = make_job_key(*bytes, render);
    if (!key) {
        for (auto& d : key.inputs.problems.items)
            if (key.inputs.status == render::failure::bad_record) d.where.file = name;
        reject("processing", name, key.inputs.record_id.empty() ? stem_of(name) : key.inputs.record_id,
               vanthu::format_diagnostics(key.inputs.problems));
        move_list(list, "processing", "failed");
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
        move_list(list, "processing", "failed");
    } else if (s.status == submit_status::created || s.status == submit_status::existing) {
        tracked[s.value.id] = {name, list};
        pool.wake();
        log.info("spool: queued " + name + ", revision " + std::to_string(s.value.revision), {s.value.id, sub.record_id});
    } else {  // queue full or store down: back to incoming, try again later
        move_list(list, "processing", "incoming");  // the list first: the record claims it again
        std::error_code ec;
        fs::rename(file, fs::path(root) / "incoming" / name, ec);
    }
}

bool spool_watcher::fill_from_list(const std::string& name, std::string& bytes, std::string& list) {
    const std::optional<sheet::list_reference> named = sheet::named_list(bytes);
    if (!named) return true;
    if (!named->problem.empty()) {
        reject("processing", name, stem_of(name), name + ": " + named->problem + "\n");
        return false;
    }
    list = named->file;
    const fs::path here = fs::path(root) / "processing" / list;
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(here, ec))) {  // after a restart it may be there already
        fs::rename(fs::path(root) / "incoming" / list, here, ec);
        if (ec) {
            reject("processing", name, stem_of(name),
                   name + ": its list " + list + " is not in incoming/ (rename the list in first, then the record)\n");
            list.clear();
            return false;
        }
    }
    vanthu::file_read read = read_spool_file(here, sheet::max_list_bytes);
    if (!read.refused.empty() || !read.bytes) {
        reject("processing", name, stem_of(name), name + ": its list " + list + " is not taken: " +
                                                     (read.refused.empty() ? "it cannot be read" : read.refused) + "\n");
        move_list(list, "processing", "failed");
        return false;
    }
    sheet::import_options o;
    o.kind = named->kind;
    o.list_name = list;
    vanthu::diagnostics problems;
    std::string record;
    if (!sheet::import_list(bytes, *read.bytes, o, record, problems)) {
        reject("processing", name, stem_of(name), vanthu::format_diagnostics(problems));
        move_list(list, "processing", "failed");
        return false;
    }
    bytes = std::move(record);
    return true;
}

void spool_watcher::reject_lone_lists(const std::vector<std::string>& lists) {
    for (const std::string& list : lists) {
        const fs::path p = fs::path(root) / "incoming" / list;
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0) continue;  // claimed by its record meanwhile
        // The time it was renamed in (ctime), not the time it was written.
        const auto renamed = std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::seconds(st.st_ctim.tv_sec) +
                                                                            std::chrono::nanoseconds(st.st_ctim.tv_nsec)));
        const auto since = std::chrono::system_clock::now() - renamed;
        if (std::chrono::duration_cast<std::chrono::milliseconds>(since).count() < list_wait_ms) continue;
        reject("incoming", list, list,
               list + ": a list alone: no record in incoming/ names it (<recipients from=\"" + list +
                   "\"/> or <attendees from=\"" + list + "\"/>) within " + std::to_string(list_wait_ms / 1000) + " s\n");
    }
}

void spool_watcher::move_list(const std::string& list, const char* from_dir, const char* to_dir) {
    if (list.empty()) return;
    std::error_code ec;
    fs::rename(fs::path(root) / from_dir / list, fs::path(root) / to_dir / list, ec);
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
        const std::string& name = it->second.record;
        const std::string& list = it->second.list;
        if (f.value->state == job_state::done) {
            const fs::path done = fs::path(root) / "done" / (f.value->record_id + ".pdf");
            if (write_result(done.string(), f.value->id)) {
                std::error_code ec;
                fs::remove(fs::path(root) / "processing" / name, ec);
                if (!list.empty()) fs::remove(fs::path(root) / "processing" / list, ec);
                log.info("spool: done " + name, {f.value->id, f.value->record_id});
            } else {
                ++it;  // try again next pass
                continue;
            }
        } else if (f.value->state == job_state::failed) {
            reject("processing", name, f.value->record_id, f.value->last_error);
            move_list(list, "processing", "failed");
        } else {
            reject("processing", name, f.value->record_id,
                   name + ": the job was " + state_name(f.value->state) + " by a client of the API\n");
            move_list(list, "processing", "failed");
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
