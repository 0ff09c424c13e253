// Owns a client's DELETE: a waiting or running job cancelled, a finished one's result removed.
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

// The job row, locked for the change (PostgreSQL; SQLite holds its write lock already).
std::optional<job> lock_job(job_store::impl& self, Poco::Data::Session& s, const std::string& id,
                            const std::optional<std::string>& owner) {
    Poco::Data::Statement select(s);
    select << self.dialect.sql(std::string("SELECT ") + job_columns + " FROM vanthu_jobs WHERE id = ?" +
                               (owner ? " AND owner = ?" : "") + self.dialect.lock_rows),
        bind(id);
    if (owner) select, bind(*owner);
    std::vector<job> found = read_jobs(select);
    if (found.empty()) return std::nullopt;
    return found.front();
}

// One attempt, in one write transaction. A running job's lease is fenced by the state: every
// heartbeat, completion and failure of its attempt asks for state 'running'.
cancel_result try_cancel(job_store::impl& self, const std::string& id, const std::optional<std::string>& owner) {
    cancel_result out;
    Poco::Data::Session s = self.session();
    write_transaction tx(s, self.dialect);
    std::optional<job> j = lock_job(self, s, id, owner);
    if (!j) {
        out.status = cancel_status::not_found;
        return out;
    }
    const Poco::Int64 t = self.now();
    if (j->state == job_state::cancelled || j->state == job_state::deleted) {
        out.status = cancel_status::unchanged;
    } else if (j->state == job_state::queued || j->state == job_state::running) {
        s << self.dialect.sql("UPDATE vanthu_jobs SET state = 'cancelled', lease_owner = '', lease_expires_ms = 0,"
                              " updated_ms = ? WHERE id = ?"),
            bind(t), bind(id), now;
        queue_callback(s, self.dialect, id, "job.cancelled", t);
        j->state = job_state::cancelled;
        out.status = cancel_status::cancelled;
    } else {
        remove_result(s, self.dialect, id);
        s << self.dialect.sql("UPDATE vanthu_jobs SET state = 'deleted', updated_ms = ? WHERE id = ?"), bind(t), bind(id), now;
        j->state = job_state::deleted;
        out.status = cancel_status::deleted;
    }
    tx.commit();
    j->updated_ms = t;
    out.value = j;
    return out;
}

}  // namespace

cancel_result job_store::cancel(const std::string& id, const std::optional<std::string>& owner) {
    try {
        return try_cancel(*self, id, owner);
    } catch (const Poco::Exception& e) {
        cancel_result out;
        out.error = e.displayText();
        return out;
    }
}

}  // namespace worker
