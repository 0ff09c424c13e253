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

// Whether two keys name the same record text ("<record>:<inputs>"; a bare hash has no inputs).
bool same_record(const std::string& a, const std::string& b) {
    const std::size_t colon = a.find(':');
    return colon != std::string::npos && b.size() > colon && b[colon] == ':' && a.compare(0, colon, b, 0, colon) == 0;
}

// Queued plus running jobs.
std::size_t count_waiting(Poco::Data::Session& s) {
    Poco::Int64 n = 0;
    s << "SELECT COUNT(*) FROM vanthu_jobs WHERE state IN ('queued', 'running')", into(n), now;
    return static_cast<std::size_t>(n);
}

// One attempt at a submission, inside one write transaction.
submit_result try_submit(job_store::impl& self, const submission& sub) {
    submit_result out;
    const std::string key = sub.key.empty() ? hash_content(sub.record_bytes) : sub.key;
    Poco::Data::Session s = self.session();
    write_transaction tx(s, self.dialect);
    int revision = 1;
    if (auto latest = find_record_job(s, self.dialect, sub.owner, sub.record_id)) {
        const bool same = latest->content_hash == key && latest->split == sub.split &&
                          latest->template_name == sub.template_name && latest->sign == sub.sign;
        // A cancelled or deleted latest revision blocks nothing, nor one whose result was purged
        // after its time: the record is sent to be made again.
        const bool gone = latest->state == job_state::cancelled || latest->state == job_state::deleted ||
                          latest->purged_ms != 0;
        // The same record whose template or fonts changed since is made anew, as its next revision.
        const bool files_changed = !same && same_record(latest->content_hash, key) &&
                                   latest->split == sub.split && latest->template_name == sub.template_name &&
                                   latest->sign == sub.sign;
        if (!gone && !files_changed && (same || !sub.revise)) {
            out.status = same ? submit_status::existing : submit_status::conflict;
            out.value = *latest;
            return out;  // nothing written: the transaction rolls back
        }
        revision = latest->revision + 1;
    }
    if (count_waiting(s) >= self.opts.max_queue) {
        out.status = submit_status::queue_full;
        return out;
    }
    job& j = out.value;
    j.id = make_job_id();
    j.owner = sub.owner;
    j.revision = revision;
    j.record_id = sub.record_id;
    j.content_hash = key;
    j.state = job_state::queued;
    j.max_attempts = self.opts.max_attempts;
    j.split = sub.split;
    j.template_name = sub.template_name;
    j.callback_url = sub.callback_url;
    j.sign = sub.sign;
    j.created_ms = j.updated_ms = j.available_ms = self.now();
    Poco::Data::BLOB record(reinterpret_cast<const unsigned char*>(sub.record_bytes.data()), sub.record_bytes.size());
    s << self.dialect.sql("INSERT INTO vanthu_jobs (id, owner, revision, record_id, content_hash, state,"
                          " attempts, max_attempts, created_ms, updated_ms, available_ms, record, split, template,"
                          " callback_url, signing) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        bind(j.id), bind(j.owner), bind(j.revision), bind(j.record_id), bind(j.content_hash), bind(j.max_attempts),
        bind(static_cast<Poco::Int64>(j.created_ms)), bind(static_cast<Poco::Int64>(j.updated_ms)),
        bind(static_cast<Poco::Int64>(j.available_ms)), bind(record), bind(sub.split ? 1 : 0),
        bind(j.template_name), bind(sub.callback_url), bind(sub.sign), now;
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

// Submits with the record's own template and the bytes' hash as the key.
submit_result job_store::submit(std::string_view owner, std::string_view record_id, std::string_view record_bytes,
                                bool split) {
    submission sub;
    sub.owner = std::string(owner);
    sub.record_id = std::string(record_id);
    sub.record_bytes = record_bytes;
    sub.split = split;
    return submit(sub);
}

// Submits; a concurrent insert of the same record id and revision (PostgreSQL) is retried as
// a lookup.
submit_result job_store::submit(const submission& sub) {
    std::string last_error;
    for (int tries = 0; tries < 3; ++tries) {
        try {
            return try_submit(*self, sub);
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
