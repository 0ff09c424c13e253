// Owns purging what finished jobs leave in the store once vanthu.results.keep has passed.
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

// The advisory lock a fleet's purgers take in turn (PostgreSQL); the schema's is ...875.
constexpr const char* purge_lock = "7268746876";

}  // namespace

// One transaction a pass: PostgreSQL workers skip the pass while another holds the lock, and
// SQLite's BEGIN IMMEDIATE serialises writers by itself. A job's row stays; its result and
// its record (the people it names) go.
purge_result job_store::purge_ended(std::int64_t cutoff_ms, std::size_t limit) {
    purge_result out;
    try {
        const Poco::Int64 t = self->now();
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        if (self->dialect.which == sql_dialect::kind::postgresql) {
            int held = 0;
            s << std::string("SELECT CASE WHEN pg_try_advisory_xact_lock(") + purge_lock + ") THEN 1 ELSE 0 END",
                into(held), now;
            if (held == 0) {
                out.busy = true;
                return out;
            }
        }
        std::vector<std::string> ids;
        s << self->dialect.sql("SELECT id FROM vanthu_jobs WHERE purged_ms = 0 AND updated_ms < ?"
                               " AND state IN ('done', 'failed', 'cancelled', 'deleted', 'awaiting_signature')"
                               " ORDER BY updated_ms LIMIT " + std::to_string(limit)),
            bind(static_cast<Poco::Int64>(cutoff_ms)), into(ids), now;
        // An empty blob literal: a bound empty BLOB reaches SQLite as NULL.
        const std::string nothing = "CAST('' AS " + self->dialect.blob_type + ")";
        for (const std::string& id : ids) {
            remove_result(s, self->dialect, id);
            s << self->dialect.sql("UPDATE vanthu_jobs SET purged_ms = ?, record = " + nothing + " WHERE id = ?"),
                bind(t), bind(id), now;
        }
        tx.commit();
        out.purged = ids.size();
    } catch (const Poco::Exception& e) {
        out.error = e.displayText();
    }
    return out;
}

}  // namespace worker
