// Owns what happens to a leased job: heartbeat, completion, failure, release, reclaim.
#include <algorithm>

#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

// The retry delay after an attempt: base * 2^(attempt-1), capped.
std::int64_t backoff_after(const store_options& o, int attempt) {
    std::int64_t delay = o.backoff_base_ms;
    for (int i = 1; i < attempt && delay < o.backoff_max_ms; ++i) delay *= 2;
    return std::min(delay, o.backoff_max_ms);
}

// Runs a fenced operation, turning database exceptions into store_error.
template <class F>
fence_status guarded(F&& f) {
    try {
        return f() ? fence_status::applied : fence_status::fenced;
    } catch (const Poco::Exception&) {
        return fence_status::store_error;
    }
}

}  // namespace

// Extends the lease while the job is still ours.
fence_status job_store::heartbeat(const std::string& id, int attempt, std::int64_t lease_ms,
                                  int pages_done, int pages_total) {
    return guarded([&] {
        const Poco::Int64 t = self->now();
        Poco::Data::Session s = self->session();
        Poco::Data::Statement update(s);
        update << self->dialect.sql("UPDATE vanthu_jobs SET lease_expires_ms = ?, pages_done = ?,"
                                    " pages_total = ?, updated_ms = ?"
                                    " WHERE id = ? AND attempts = ? AND state = 'running'"),
            bind(static_cast<Poco::Int64>(t + lease_ms)), bind(pages_done), bind(pages_total), bind(t),
            bind(id), bind(attempt);
        return update.execute() == 1;
    });
}

// The fence: only the attempt holding the lease may mark the job done and store its result.
fence_status job_store::complete(const std::string& id, int attempt, std::string_view result, int pages) {
    return complete(id, attempt, read_from(result), static_cast<std::int64_t>(result.size()), hash_content(result),
                    pages);
}

// A reader that fails rolls the whole completion back: the job stays running, and its render
// is a failed attempt (store_error to the caller, which does not retry a broken spill file).
fence_status job_store::complete(const std::string& id, int attempt, const result_reader& read, std::int64_t size,
                                 const std::string& sha256, int pages) {
    return guarded([&] {
        const Poco::Int64 t = self->now();
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        Poco::Data::Statement update(s);
        // A job a person signs waits for the signature; its result is the PDF to sign.
        update << self->dialect.sql("UPDATE vanthu_jobs SET state = CASE WHEN signing LIKE 'person%'"
                                    " THEN 'awaiting_signature' ELSE 'done' END, lease_owner = '',"
                                    " pages_done = ?, pages_total = ?, last_error = '', updated_ms = ?,"
                                    " result_digest = ?, result_bytes = ?"
                                    " WHERE id = ? AND attempts = ? AND state = 'running'"),
            bind(pages), bind(pages), bind(t), bind(sha256), bind(static_cast<Poco::Int64>(size)), bind(id),
            bind(attempt);
        if (update.execute() != 1) return false;
        std::string error;
        if (!insert_result(s, self->dialect, id, attempt, pages, read, error))
            throw Poco::IOException("cannot read the result to store: " + error);
        std::string state;
        s << self->dialect.sql("SELECT state FROM vanthu_jobs WHERE id = ?"), bind(id), into(state), now;
        queue_callback(s, self->dialect, id, state == "done" ? "job.done" : "job.awaiting_signature", t);
        tx.commit();
        return true;
    });
}

// Retry after a backoff, or dead letter when permanent or out of attempts.
fence_status job_store::fail(const std::string& id, int attempt, const std::string& error, bool permanent) {
    return guarded([&] {
        const Poco::Int64 t = self->now();
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        std::vector<int> max_attempts;
        s << self->dialect.sql("SELECT max_attempts FROM vanthu_jobs"
                               " WHERE id = ? AND attempts = ? AND state = 'running'" + self->dialect.lock_rows),
            bind(id), bind(attempt), into(max_attempts), now;
        if (max_attempts.empty()) return false;
        if (permanent || attempt >= max_attempts.front()) {
            s << self->dialect.sql("UPDATE vanthu_jobs SET state = 'failed', lease_owner = '',"
                                   " last_error = ?, updated_ms = ? WHERE id = ?"),
                bind(error), bind(t), bind(id), now;
            queue_callback(s, self->dialect, id, "job.failed", t);
        } else {
            const Poco::Int64 available = t + backoff_after(self->opts, attempt);
            s << self->dialect.sql("UPDATE vanthu_jobs SET state = 'queued', lease_owner = '',"
                                   " last_error = ?, available_ms = ?, updated_ms = ? WHERE id = ?"),
                bind(error), bind(available), bind(t), bind(id), now;
        }
        tx.commit();
        return true;
    });
}

// Back to the queue now: a draining worker gives up a job it will not finish.
fence_status job_store::release(const std::string& id, int attempt) {
    return guarded([&] {
        const Poco::Int64 t = self->now();
        Poco::Data::Session s = self->session();
        Poco::Data::Statement update(s);
        update << self->dialect.sql("UPDATE vanthu_jobs SET state = 'queued', lease_owner = '',"
                                    " available_ms = ?, updated_ms = ?"
                                    " WHERE id = ? AND attempts = ? AND state = 'running'"),
            bind(t), bind(t), bind(id), bind(attempt);
        return update.execute() == 1;
    });
}

// Jobs whose worker died: queued again, or failed once their attempts are used up.
int job_store::reclaim_expired() {
    try {
        const Poco::Int64 t = self->now();
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        std::vector<std::string> dying;  // their events are written with them
        s << self->dialect.sql("SELECT id FROM vanthu_jobs WHERE state = 'running' AND lease_expires_ms < ?"
                               " AND attempts >= max_attempts"),
            bind(t), into(dying), now;
        Poco::Data::Statement dead(s);
        dead << self->dialect.sql("UPDATE vanthu_jobs SET state = 'failed', lease_owner = '',"
                                  " last_error = 'the lease expired on attempt ' || attempts, updated_ms = ?"
                                  " WHERE state = 'running' AND lease_expires_ms < ? AND attempts >= max_attempts"),
            bind(t), bind(t);
        std::size_t n = dead.execute();
        for (const std::string& id : dying) queue_callback(s, self->dialect, id, "job.failed", t);
        Poco::Data::Statement again(s);
        again << self->dialect.sql("UPDATE vanthu_jobs SET state = 'queued', lease_owner = '',"
                                   " last_error = 'the lease expired on attempt ' || attempts,"
                                   " available_ms = ?, updated_ms = ?"
                                   " WHERE state = 'running' AND lease_expires_ms < ?"),
            bind(t), bind(t), bind(t);
        n += again.execute();
        tx.commit();
        return static_cast<int>(n);
    } catch (const Poco::Exception&) {
        return -1;
    }
}

}  // namespace worker
