// Owns submitting a record: idempotency on owner + record id + content hash, the queue limit.
#include <Poco/Data/LOB.h>
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

// The latest job an owner queued for a record id, if any.
std::optional<job> find_record_job(Poco::Data::Session& s, const sql_dialect& d, const std::string& owner,
                                   const std::string& record_id) {
    Poco::Data::Statement select(s);
    select << d.sql(std::string("SELECT ") + job_columns +
                    " FROM vanthu_jobs WHERE owner = ? AND record_id = ? ORDER BY revision DESC LIMIT 1"),
        bind(owner), bind(record_id);
    std::vector<job> found = read_jobs(select);
    if (found.empty()) return std::nullopt;
    return found.front();
}

// Queued plus running jobs.
std::size_t count_waiting(Poco::Data::Session& s) {
    Poco::Int64 n = 0;
    s << "SELECT COUNT(*) FROM vanthu_jobs WHERE state IN ('queued', 'running')", into(n), now;
    return static_cast<std::size_t>(n);
}

// One attempt at a submission, inside one write transaction.
submit_result try_submit(job_store::impl& self, const std::string& owner, const std::string& record_id,
                         std::string_view bytes, bool split) {
    submit_result out;
    const std::string hash = hash_content(bytes);
    Poco::Data::Session s = self.session();
    write_transaction tx(s, self.dialect);
    if (auto existing = find_record_job(s, self.dialect, owner, record_id)) {
        const bool same = existing->content_hash == hash && existing->split == split;
        out.status = same ? submit_status::existing : submit_status::conflict;
        out.value = *existing;
        return out;  // nothing written: the transaction rolls back
    }
    if (count_waiting(s) >= self.opts.max_queue) {
        out.status = submit_status::queue_full;
        return out;
    }
    job& j = out.value;
    j.id = make_job_id();
    j.owner = owner;
    j.record_id = record_id;
    j.content_hash = hash;
    j.state = job_state::queued;
    j.max_attempts = self.opts.max_attempts;
    j.split = split;
    j.created_ms = j.updated_ms = j.available_ms = self.now();
    Poco::Data::BLOB record(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    s << self.dialect.sql("INSERT INTO vanthu_jobs (id, owner, revision, record_id, content_hash, state,"
                          " attempts, max_attempts, created_ms, updated_ms, available_ms, record, split)"
                          " VALUES (?, ?, 1, ?, ?, 'queued', 0, ?, ?, ?, ?, ?, ?)"),
        bind(j.id), bind(j.owner), bind(j.record_id), bind(j.content_hash), bind(j.max_attempts),
        bind(static_cast<Poco::Int64>(j.created_ms)), bind(static_cast<Poco::Int64>(j.updated_ms)),
        bind(static_cast<Poco::Int64>(j.available_ms)), bind(record), bind(split ? 1 : 0), now;
    tx.commit();
    out.status = submit_status::created;
    return out;
}

}  // namespace

// Submits for one PDF, as nobody in particular.
submit_result job_store::submit(std::string_view record_id, std::string_view record_bytes) {
    return submit("", record_id, record_bytes, false);
}

// Submits as nobody in particular.
submit_result job_store::submit(std::string_view record_id, std::string_view record_bytes, bool split) {
    return submit("", record_id, record_bytes, split);
}

// Submits; a concurrent insert of the same record id (PostgreSQL) is retried as a lookup.
submit_result job_store::submit(std::string_view owner, std::string_view record_id, std::string_view record_bytes,
                                bool split) {
    const std::string id(record_id), who(owner);
    std::string last_error;
    for (int tries = 0; tries < 3; ++tries) {
        try {
            return try_submit(*self, who, id, record_bytes, split);
        } catch (const Poco::Exception& e) {
            last_error = e.displayText();
        } catch (const std::exception& e) {
            last_error = e.what();
        }
    }
    submit_result out;
    out.status = submit_status::store_error;
    out.error = last_error;
    return out;
}

}  // namespace worker
