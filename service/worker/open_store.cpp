// Owns opening the job store: connectors, the pool, the schema, transactions, reading rows.
#include <chrono>
#include <filesystem>
#include <mutex>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/DataException.h>
#include <Poco/Data/SessionPool.h>
#include <Poco/Exception.h>
#include <libpq-fe.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

// A pool whose new sessions get the dialect's per-connection settings.
class tuned_pool : public Poco::Data::SessionPool {
public:
    tuned_pool(const sql_dialect& d, int max_sessions, int busy_timeout_ms)
        : Poco::Data::SessionPool(d.connector, d.connection, 1, max_sessions, 60),
          sqlite(d.which == sql_dialect::kind::sqlite), busy_ms(busy_timeout_ms) {}

protected:
    // SQLite: an explicit busy timeout (Poco's default is 60 s) on every connection.
    // PostgreSQL: no NOTICEs, which libpq would print to stderr among the JSON log lines.
    void customizeSession(Poco::Data::Session& s) override {
        if (!sqlite) {
            s << "SET client_min_messages = warning", now;
            return;
        }
        s << "PRAGMA busy_timeout = " + std::to_string(busy_ms), now;
    }

private:
    bool sqlite;
    int busy_ms;
};

// Registers the two connectors once per process.
void register_connectors() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
    });
}

void create_jobs_table(Poco::Data::Session& s, const sql_dialect& d);

// Adds a column to a table made by an older version of the store, unless it is there.
void add_column(Poco::Data::Session& s, const sql_dialect& d, const std::string& table, const std::string& column,
                const std::string& declaration) {
    if (d.which == sql_dialect::kind::postgresql) {
        s << "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + column + " " + declaration, now;
        return;
    }
    Poco::Int64 has = 0;
    s << "SELECT COUNT(*) FROM pragma_table_info('" + table + "') WHERE name = '" + column + "'", into(has), now;
    if (has == 0) s << "ALTER TABLE " + table + " ADD COLUMN " + column + " " + declaration, now;
}

// Stores made before jobs had an owner kept record ids unique across everybody: the table
// is rebuilt (SQLite) or its constraint dropped (PostgreSQL) so that ids are unique per owner
// and revision instead. The old rows belong to "" (the owner when authentication is off).
void scope_record_ids(Poco::Data::Session& s, const sql_dialect& d) {
    if (d.which == sql_dialect::kind::postgresql) {
        s << "ALTER TABLE vanthu_jobs ADD COLUMN IF NOT EXISTS owner TEXT NOT NULL DEFAULT ''", now;
        s << "ALTER TABLE vanthu_jobs ADD COLUMN IF NOT EXISTS revision INTEGER NOT NULL DEFAULT 1", now;
        s << "ALTER TABLE vanthu_jobs DROP CONSTRAINT IF EXISTS vanthu_jobs_record_id_key", now;
        return;
    }
    Poco::Int64 has = 0;
    s << "SELECT COUNT(*) FROM pragma_table_info('vanthu_jobs') WHERE name = 'owner'", into(has), now;
    if (has != 0) return;
    s << "ALTER TABLE vanthu_jobs RENAME TO vanthu_jobs_before_owners", now;
    create_jobs_table(s, d);
    s << "INSERT INTO vanthu_jobs (id, owner, revision, record_id, content_hash, state, attempts, max_attempts,"
         " created_ms, updated_ms, available_ms, lease_expires_ms, lease_owner, last_error, pages_done, pages_total,"
         " split, record) SELECT id, '', 1, record_id,"
         " content_hash, state, attempts, max_attempts, created_ms, updated_ms, available_ms,"
         " lease_expires_ms, lease_owner, last_error, pages_done, pages_total, split, record"
         " FROM vanthu_jobs_before_owners", now;
    s << "DROP TABLE vanthu_jobs_before_owners", now;
}

// The jobs table as it is now.
void create_jobs_table(Poco::Data::Session& s, const sql_dialect& d) {
    s << "CREATE TABLE IF NOT EXISTS vanthu_jobs ("
         " id TEXT PRIMARY KEY,"
         " owner TEXT NOT NULL DEFAULT '',"
         " revision INTEGER NOT NULL DEFAULT 1,"
         " record_id TEXT NOT NULL,"
         " content_hash TEXT NOT NULL,"
         " state TEXT NOT NULL,"
         " attempts INTEGER NOT NULL DEFAULT 0,"
         " max_attempts INTEGER NOT NULL,"
         " created_ms BIGINT NOT NULL,"
         " updated_ms BIGINT NOT NULL,"
         " available_ms BIGINT NOT NULL,"
         " lease_expires_ms BIGINT NOT NULL DEFAULT 0,"
         " lease_owner TEXT NOT NULL DEFAULT '',"
         " last_error TEXT NOT NULL DEFAULT '',"
         " pages_done INTEGER NOT NULL DEFAULT 0,"
         " pages_total INTEGER NOT NULL DEFAULT 0,"
         " record " + d.blob_type + " NOT NULL,"
         " split INTEGER NOT NULL DEFAULT 0,"
         " template TEXT NOT NULL DEFAULT '',"
         " result_digest TEXT NOT NULL DEFAULT '',"
         " result_bytes BIGINT NOT NULL DEFAULT 0,"
         " purged_ms BIGINT NOT NULL DEFAULT 0,"
         " callback_url TEXT NOT NULL DEFAULT '',"
         " signing TEXT NOT NULL DEFAULT '')", now;
}

// Creates the tables and indexes when missing (and brings older stores up to date); SQLite
// also switches to WAL.
void create_schema(Poco::Data::Session& s, const sql_dialect& d) {
    if (d.which == sql_dialect::kind::sqlite) {
        std::string mode;
        s << "PRAGMA journal_mode = WAL", into(mode), now;
    }
    create_jobs_table(s, d);
    // Stores made before jobs could ask for a ZIP (0: one PDF).
    add_column(s, d, "vanthu_jobs", "split", "INTEGER NOT NULL DEFAULT 0");
    scope_record_ids(s, d);
    // Stores made before a client could choose the template ('': the record's), and before
    // results were purged after their time (the digest of what was issued stays).
    add_column(s, d, "vanthu_jobs", "template", "TEXT NOT NULL DEFAULT ''");
    add_column(s, d, "vanthu_jobs", "result_digest", "TEXT NOT NULL DEFAULT ''");
    add_column(s, d, "vanthu_jobs", "result_bytes", "BIGINT NOT NULL DEFAULT 0");
    // Stores made before jobs could be signed ('': not signed).
    add_column(s, d, "vanthu_jobs", "signing", "TEXT NOT NULL DEFAULT ''");
    add_column(s, d, "vanthu_jobs", "purged_ms", "BIGINT NOT NULL DEFAULT 0");
    add_column(s, d, "vanthu_jobs", "callback_url", "TEXT NOT NULL DEFAULT ''");
    s << "CREATE UNIQUE INDEX IF NOT EXISTS vanthu_jobs_record ON vanthu_jobs (owner, record_id, revision)", now;
    s << "CREATE INDEX IF NOT EXISTS vanthu_jobs_claim ON vanthu_jobs (state, available_ms, created_ms)", now;
    s << "CREATE INDEX IF NOT EXISTS vanthu_jobs_list ON vanthu_jobs (state, created_ms, id)", now;
    s << "CREATE INDEX IF NOT EXISTS vanthu_jobs_owner ON vanthu_jobs (owner, created_ms, id)", now;
    s << "CREATE INDEX IF NOT EXISTS vanthu_jobs_purge ON vanthu_jobs (purged_ms, updated_ms)", now;
    s << "CREATE TABLE IF NOT EXISTS vanthu_results ("
         " job_id TEXT PRIMARY KEY,"
         " attempt INTEGER NOT NULL,"
         " pages INTEGER NOT NULL,"
         " bytes " + d.blob_type + " NOT NULL)", now;
    s << "CREATE TABLE IF NOT EXISTS vanthu_result_chunks ("
         " job_id TEXT NOT NULL,"
         " seq INTEGER NOT NULL,"
         " bytes " + d.blob_type + " NOT NULL,"
         " PRIMARY KEY (job_id, seq))", now;
    s << "CREATE TABLE IF NOT EXISTS vanthu_clients ("
         " name TEXT PRIMARY KEY,"
         " token_digest TEXT NOT NULL UNIQUE,"
         " scopes TEXT NOT NULL,"
         " callback_secret TEXT NOT NULL,"
         " created_ms BIGINT NOT NULL,"
         " revoked_ms BIGINT NOT NULL DEFAULT 0,"
         " callback_url TEXT NOT NULL DEFAULT '')", now;
    add_column(s, d, "vanthu_clients", "callback_url", "TEXT NOT NULL DEFAULT ''");
    s << "CREATE TABLE IF NOT EXISTS vanthu_callbacks ("
         " event_id TEXT PRIMARY KEY,"
         " job_id TEXT NOT NULL,"
         " owner TEXT NOT NULL,"
         " url TEXT NOT NULL,"
         " event TEXT NOT NULL,"
         " body TEXT NOT NULL DEFAULT '',"
         " state TEXT NOT NULL,"
         " attempts INTEGER NOT NULL DEFAULT 0,"
         " last_status INTEGER NOT NULL DEFAULT 0,"
         " last_error TEXT NOT NULL DEFAULT '',"
         " created_ms BIGINT NOT NULL,"
         " next_ms BIGINT NOT NULL,"
         " lease_owner TEXT NOT NULL DEFAULT '',"
         " lease_expires_ms BIGINT NOT NULL DEFAULT 0,"
         " delivered_ms BIGINT NOT NULL DEFAULT 0)", now;
    s << "CREATE INDEX IF NOT EXISTS vanthu_callbacks_due ON vanthu_callbacks (state, next_ms)", now;
    s << "CREATE INDEX IF NOT EXISTS vanthu_callbacks_job ON vanthu_callbacks (job_id, created_ms)", now;
    s << "CREATE TABLE IF NOT EXISTS vanthu_users ("
         " name TEXT PRIMARY KEY,"
         " password_hash TEXT NOT NULL,"
         " role TEXT NOT NULL,"
         " unit TEXT NOT NULL DEFAULT '',"
         " created_ms BIGINT NOT NULL,"
         " disabled_ms BIGINT NOT NULL DEFAULT 0)", now;
    s << "CREATE TABLE IF NOT EXISTS vanthu_sessions ("
         " id_digest TEXT PRIMARY KEY,"
         " user_name TEXT NOT NULL,"
         " csrf_token TEXT NOT NULL,"
         " created_ms BIGINT NOT NULL,"
         " expires_ms BIGINT NOT NULL)", now;
    s << "CREATE INDEX IF NOT EXISTS vanthu_sessions_user ON vanthu_sessions (user_name)", now;
    s << "CREATE TABLE IF NOT EXISTS vanthu_drafts ("
         " owner TEXT NOT NULL,"
         " id TEXT NOT NULL,"
         " kind TEXT NOT NULL,"
         " title TEXT NOT NULL DEFAULT '',"
         " number TEXT NOT NULL DEFAULT '',"
         " doc_date TEXT NOT NULL DEFAULT '',"
         " body " + d.blob_type + " NOT NULL,"
         " version INTEGER NOT NULL,"
         " created_ms BIGINT NOT NULL,"
         " updated_ms BIGINT NOT NULL,"
         " updated_by TEXT NOT NULL DEFAULT '',"
         " PRIMARY KEY (owner, id))", now;
    s << "CREATE INDEX IF NOT EXISTS vanthu_drafts_updated ON vanthu_drafts (owner, updated_ms)", now;
    s << "CREATE TABLE IF NOT EXISTS vanthu_certificates ("
         " code TEXT PRIMARY KEY,"
         " owner TEXT NOT NULL,"
         " record_id TEXT NOT NULL,"
         " recipient_id TEXT NOT NULL,"
         " register_number TEXT NOT NULL DEFAULT '',"
         " name TEXT NOT NULL,"
         " detail TEXT NOT NULL DEFAULT '',"
         " heading TEXT NOT NULL DEFAULT '',"
         " citation TEXT NOT NULL DEFAULT '',"
         " decision_number TEXT NOT NULL DEFAULT '',"
         " decision_date TEXT NOT NULL DEFAULT '',"
         " issuer TEXT NOT NULL DEFAULT '',"
         " issuer_parent TEXT NOT NULL DEFAULT '',"
         " grantor TEXT NOT NULL DEFAULT '',"
         " signer TEXT NOT NULL DEFAULT '',"
         " signer_title TEXT NOT NULL DEFAULT '',"
         " issued_date TEXT NOT NULL DEFAULT '',"
         " job_id TEXT NOT NULL DEFAULT '',"
         " registered_ms BIGINT NOT NULL,"
         " revoked_ms BIGINT NOT NULL DEFAULT 0,"
         " revoked_by TEXT NOT NULL DEFAULT '',"
         " revoke_reason TEXT NOT NULL DEFAULT '')", now;
    s << "CREATE INDEX IF NOT EXISTS vanthu_certificates_recipient ON vanthu_certificates (record_id, recipient_id)", now;
}

// The parent folder of an SQLite file, so that ./var/ need not exist.
void create_parent(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
}

}  // namespace

const char* const job_columns =
    "id, owner, revision, record_id, content_hash, state, attempts, max_attempts, created_ms, updated_ms,"
    " available_ms, lease_expires_ms, lease_owner, last_error, pages_done, pages_total, split, template,"
    " result_digest, result_bytes, purged_ms, callback_url, signing";

// Milliseconds since the epoch.
std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Connects, creates the schema, and hands back a ready store.
std::unique_ptr<job_store> job_store::open(const store_options& opts, std::string& error) {
    auto p = std::make_unique<impl>();
    p->opts = opts;
    p->clock = now_ms;
    if (!choose_dialect(opts.url, p->dialect, error)) return nullptr;
    register_connectors();
    try {
        if (p->dialect.which == sql_dialect::kind::sqlite) create_parent(p->dialect.connection);
        p->pool = std::make_unique<tuned_pool>(p->dialect, opts.max_sessions, opts.busy_timeout_ms);
        Poco::Data::Session s = p->session();
        for (int tries = 0;; ++tries) {  // several fleet members may create it at once
            try {
                if (p->dialect.which == sql_dialect::kind::postgresql) {
                    write_transaction tx(s, p->dialect);
                    int locked = 0;  // PostgreSQL's CREATE ... IF NOT EXISTS races: serialise
                    s << "SELECT 1 FROM (SELECT pg_advisory_xact_lock(7268746875)) AS held", into(locked), now;
                    create_schema(s, p->dialect);
                    tx.commit();
                } else {
                    create_schema(s, p->dialect);
                }
                break;
            } catch (const Poco::Exception&) {
                if (tries >= 3) throw;
            }
        }
    } catch (const Poco::Exception& e) {
        error = "cannot open the job store: " + e.displayText();
        return nullptr;
    } catch (const std::exception& e) {
        error = std::string("cannot open the job store: ") + e.what();
        return nullptr;
    }
    return std::unique_ptr<job_store>(new job_store(std::move(p)));
}

job_store::job_store(std::unique_ptr<impl> p) : self(std::move(p)) {}
job_store::~job_store() = default;

// A session from the pool (customised when new). Before PostgreSQL gets a new connection,
// the server is asked with libpq's PQping: Poco 1.11 keeps the PGconn of a connect that
// failed and never frees it (36 kB a try under valgrind), so every retry of a worker waiting
// out an outage would leak one. PQping frees what it opens.
Poco::Data::Session job_store::impl::session() {
    if (dialect.which == sql_dialect::kind::postgresql && pool->idle() == 0) {
        const PGPing answer = PQping(dialect.connection.c_str());  // NO_ATTEMPT: Poco says why below
        if (answer == PQPING_NO_RESPONSE || answer == PQPING_REJECT)
            throw Poco::Data::ConnectionFailedException(answer == PQPING_NO_RESPONSE
                                                            ? "the PostgreSQL server does not answer"
                                                            : "the PostgreSQL server refuses connections");
    }
    return pool->get();
}

// "sqlite" or "postgresql", for logs and metrics.
std::string job_store::dialect_name() const {
    return self->dialect.which == sql_dialect::kind::sqlite ? "sqlite" : "postgresql";
}

// Tests drive leases and backoff with a fake clock.
void job_store::set_clock(std::function<std::int64_t()> clock) { self->clock = std::move(clock); }

// A trivial query: is the database there?
bool job_store::ping() {
    try {
        Poco::Data::Session s = self->session();
        int one = 0;
        s << "SELECT 1", into(one), now;
        return one == 1;
    } catch (const Poco::Exception&) {
        return false;
    }
}

write_transaction::write_transaction(Poco::Data::Session& s, const sql_dialect& d) : session(s) {
    session << d.begin_write, now;
}

write_transaction::~write_transaction() {
    if (!open) return;
    try {
        session << "ROLLBACK", now;
    } catch (...) {  // the connection is gone: the database rolls back by itself
    }
}

// COMMIT; after it the destructor does nothing.
void write_transaction::commit() {
    session << "COMMIT", now;
    open = false;
}

client_status delete_rows(job_store::impl& self, const std::string& sql, const std::vector<std::string>& keys,
                          std::string& error) {
    try {
        Poco::Data::Session s = self.session();
        write_transaction tx(s, self.dialect);
        Poco::Data::Statement remove(s);
        remove << self.dialect.sql(sql);
        for (const std::string& k : keys) remove, bind(k);
        const std::size_t gone = remove.execute();
        tx.commit();
        return gone == 0 ? client_status::not_found : client_status::ok;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return client_status::store_error;
    }
}

// Converts each row of a job_columns SELECT into a job.
std::vector<job> read_jobs(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<job> out;
    out.reserve(rows.rowCount());
    for (std::size_t r = 0; r < rows.rowCount(); ++r) {
        job j;
        j.id = rows.value(0, r).convert<std::string>();
        j.owner = rows.value(1, r).convert<std::string>();
        j.revision = rows.value(2, r).convert<int>();
        j.record_id = rows.value(3, r).convert<std::string>();
        j.content_hash = rows.value(4, r).convert<std::string>();
        parse_state(rows.value(5, r).convert<std::string>(), j.state);
        j.attempts = rows.value(6, r).convert<int>();
        j.max_attempts = rows.value(7, r).convert<int>();
        j.created_ms = rows.value(8, r).convert<std::int64_t>();
        j.updated_ms = rows.value(9, r).convert<std::int64_t>();
        j.available_ms = rows.value(10, r).convert<std::int64_t>();
        j.lease_expires_ms = rows.value(11, r).convert<std::int64_t>();
        j.lease_owner = rows.value(12, r).convert<std::string>();
        j.last_error = rows.value(13, r).convert<std::string>();
        j.pages_done = rows.value(14, r).convert<int>();
        j.pages_total = rows.value(15, r).convert<int>();
        j.split = rows.value(16, r).convert<int>() != 0;
        j.template_name = rows.value(17, r).convert<std::string>();
        j.result_digest = rows.value(18, r).convert<std::string>();
        j.result_bytes = rows.value(19, r).convert<std::int64_t>();
        j.purged_ms = rows.value(20, r).convert<std::int64_t>();
        j.callback_url = rows.value(21, r).convert<std::string>();
        j.sign = rows.value(22, r).convert<std::string>();
        out.push_back(std::move(j));
    }
    return out;
}

}  // namespace worker
