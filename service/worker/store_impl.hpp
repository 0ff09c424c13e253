// Inside the job store: the SQL dialect, the connection pool, write transactions.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Data/SessionPool.h>

#include "worker/store.hpp"

namespace worker {

// Where SQLite and PostgreSQL must differ; everything else is one code path.
struct sql_dialect {
    enum class kind {
        sqlite,     // embedded, one machine
        postgresql  // shared by a fleet
    };
    kind which = kind::sqlite;
    std::string connector;     // Poco::Data connector name
    std::string connection;    // its connection string
    std::string blob_type;     // BLOB / BYTEA
    std::string begin_write;   // BEGIN IMMEDIATE takes SQLite's write lock up front
    std::string lock_rows;     // FOR UPDATE SKIP LOCKED lets PostgreSQL claimers pass each other

    // Rewrites '?' placeholders into the dialect's ($1, $2 ... for PostgreSQL).
    std::string sql(std::string_view text) const;
};

// The dialect and connection string a store URL names; false with error when it names none.
bool choose_dialect(const std::string& url, sql_dialect& out, std::string& error);

struct job_store::impl {
    sql_dialect dialect;
    store_options opts;
    std::unique_ptr<Poco::Data::SessionPool> pool;
    std::function<std::int64_t()> clock;

    // A pooled session, ready for use.
    Poco::Data::Session session();
    // The store's clock.
    std::int64_t now() const { return clock(); }
};

// A write transaction: begun in the dialect's way, rolled back unless committed.
class write_transaction {
public:
    write_transaction(Poco::Data::Session& s, const sql_dialect& d);
    ~write_transaction();
    write_transaction(const write_transaction&) = delete;
    write_transaction& operator=(const write_transaction&) = delete;
    // Makes the transaction's writes durable.
    void commit();

private:
    Poco::Data::Session& session;
    bool open = true;
};

// Runs a DELETE whose '?' take the keys in order, in one write transaction; not_found when it
// removed no row, store_error with error when the database failed.
client_status delete_rows(job_store::impl& self, const std::string& sql, const std::vector<std::string>& keys,
                          std::string& error);

// The columns of a job, in the order read_job expects.
extern const char* const job_columns;

// Writes the event of a job's end (job.done, job.failed, job.cancelled) into the callbacks'
// outbox, inside the transaction that ends the job, when the job has a callback URL.
void queue_callback(Poco::Data::Session& s, const sql_dialect& d, const std::string& job_id, const char* event,
                    std::int64_t now_ms);

// The largest chunk of a result's bytes one row holds.
constexpr std::size_t result_chunk_bytes = 1u << 20;

// Removes a job's result (its row and its chunks).
void remove_result(Poco::Data::Session& s, const sql_dialect& d, const std::string& id);

// Stores a job's result in place of any it had, read a chunk at a time; false with error when
// the reader failed (the caller rolls back).
bool insert_result(Poco::Data::Session& s, const sql_dialect& d, const std::string& id, int attempt, int pages,
                   const result_reader& read, std::string& error);
// A reader of bytes in memory, which must outlive it.
result_reader read_from(std::string_view bytes);

// Executes a prepared SELECT of job_columns and returns its rows as jobs.
std::vector<job> read_jobs(Poco::Data::Statement& select);

}  // namespace worker
