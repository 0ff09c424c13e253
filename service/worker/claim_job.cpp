// Owns claiming: the oldest claimable job leased to one worker, with its attempt number.
#include <Poco/Data/LOB.h>
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

// Claims inside one write transaction; SKIP LOCKED (PostgreSQL) or the write lock (SQLite)
// make sure two workers never take the same job.
std::optional<claimed_job> try_claim(job_store::impl& self, const std::string& owner, std::int64_t lease_ms) {
    const Poco::Int64 t = self.now();
    Poco::Data::Session s = self.session();
    write_transaction tx(s, self.dialect);
    std::vector<std::string> ids;
    s << self.dialect.sql("SELECT id FROM vanthu_jobs WHERE state = 'queued' AND available_ms <= ?"
                          " ORDER BY available_ms, created_ms LIMIT 1" + self.dialect.lock_rows),
        bind(t), into(ids), now;
    if (ids.empty()) return std::nullopt;
    claimed_job c;
    c.id = ids.front();
    c.lease_expires_ms = t + lease_ms;
    s << self.dialect.sql("UPDATE vanthu_jobs SET state = 'running', attempts = attempts + 1,"
                          " lease_owner = ?, lease_expires_ms = ?, updated_ms = ?,"
                          " pages_done = 0, pages_total = 0 WHERE id = ?"),
        bind(owner), bind(static_cast<Poco::Int64>(c.lease_expires_ms)), bind(t), bind(c.id), now;
    Poco::Data::BLOB record;
    int split = 0;
    s << self.dialect.sql("SELECT owner, record_id, attempts, record, split, template, signing FROM vanthu_jobs WHERE id = ?"),
        bind(c.id), into(c.owner), into(c.record_id), into(c.attempt), into(record), into(split),
        into(c.template_name), into(c.sign), now;
    c.split = split != 0;
    tx.commit();
    if (record.size() > 0) c.record_bytes.assign(reinterpret_cast<const char*>(record.rawContent()), record.size());
    return c;
}

}  // namespace

// Claims one job, or nothing when the queue has nothing claimable.
claim_result job_store::claim(const std::string& owner, std::int64_t lease_ms) {
    claim_result out;
    try {
        out.value = try_claim(*self, owner, lease_ms);
    } catch (const Poco::Exception& e) {
        out.error = e.displayText();
    }
    return out;
}

}  // namespace worker
