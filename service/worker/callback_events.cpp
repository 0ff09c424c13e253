// Owns the callbacks' outbox: an event written in the transaction that ends a job, claimed by
// one worker at a time for delivery, its attempts recorded.
#include <Poco/Data/RecordSet.h>
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

const char* const event_columns =
    "event_id, job_id, owner, url, event, body, state, attempts, last_status, last_error, created_ms, next_ms,"
    " delivered_ms";

std::vector<callback_event> read_events(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<callback_event> out;
    for (std::size_t r = 0; r < rows.rowCount(); ++r) {
        callback_event e;
        e.id = rows.value(0, r).convert<std::string>();
        e.job_id = rows.value(1, r).convert<std::string>();
        e.owner = rows.value(2, r).convert<std::string>();
        e.url = rows.value(3, r).convert<std::string>();
        e.type = rows.value(4, r).convert<std::string>();
        e.body = rows.value(5, r).convert<std::string>();
        e.state = rows.value(6, r).convert<std::string>();
        e.attempts = rows.value(7, r).convert<int>();
        e.last_status = rows.value(8, r).convert<int>();
        e.last_error = rows.value(9, r).convert<std::string>();
        e.created_ms = rows.value(10, r).convert<std::int64_t>();
        e.next_ms = rows.value(11, r).convert<std::int64_t>();
        e.delivered_ms = rows.value(12, r).convert<std::int64_t>();
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace

void queue_callback(Poco::Data::Session& s, const sql_dialect& d, const std::string& job_id, const char* event,
                    std::int64_t now_ms) {
    s << d.sql("INSERT INTO vanthu_callbacks (event_id, job_id, owner, url, event, state, created_ms, next_ms)"
               " SELECT ?, id, owner, callback_url, ?, 'pending', ?, ? FROM vanthu_jobs"
               " WHERE id = ? AND callback_url <> ''"),
        bind(make_job_id()), bind(std::string(event)), bind(static_cast<Poco::Int64>(now_ms)),
        bind(static_cast<Poco::Int64>(now_ms)), bind(job_id), now;
}

// Like claim: the write lock (SQLite) or SKIP LOCKED (PostgreSQL) keeps two workers from one event.
std::vector<callback_event> job_store::claim_callbacks(const std::string& worker, std::int64_t lease_ms,
                                                       std::size_t limit, std::string& error) {
    try {
        const Poco::Int64 t = self->now();
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        std::vector<std::string> ids;
        s << self->dialect.sql("SELECT event_id FROM vanthu_callbacks WHERE state = 'pending' AND next_ms <= ?"
                               " AND lease_expires_ms < ? ORDER BY next_ms LIMIT " + std::to_string(limit) +
                               self->dialect.lock_rows),
            bind(t), bind(t), into(ids), now;
        std::vector<callback_event> out;
        for (const std::string& id : ids) {
            s << self->dialect.sql("UPDATE vanthu_callbacks SET lease_owner = ?, lease_expires_ms = ? WHERE event_id = ?"),
                bind(worker), bind(static_cast<Poco::Int64>(t + lease_ms)), bind(id), now;
            Poco::Data::Statement select(s);
            select << self->dialect.sql(std::string("SELECT ") + event_columns + " FROM vanthu_callbacks WHERE event_id = ?"),
                bind(id);
            for (callback_event& e : read_events(select)) out.push_back(std::move(e));
        }
        tx.commit();
        return out;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return {};
    }
}

// Only the worker holding the lease records; another that took it over since wins.
bool job_store::record_callback(const std::string& event_id, const std::string& worker, const callback_attempt& a,
                                std::string& error) {
    try {
        const Poco::Int64 t = self->now();
        const std::string state = a.delivered ? "delivered" : a.give_up ? "gave_up" : "pending";
        Poco::Data::Session s = self->session();
        Poco::Data::Statement update(s);
        update << self->dialect.sql("UPDATE vanthu_callbacks SET body = ?, state = ?, attempts = attempts + 1,"
                                    " last_status = ?, last_error = ?, next_ms = ?, delivered_ms = ?,"
                                    " lease_owner = '', lease_expires_ms = 0 WHERE event_id = ? AND lease_owner = ?"),
            bind(a.body), bind(state), bind(a.status), bind(a.error), bind(static_cast<Poco::Int64>(a.next_ms)),
            bind(static_cast<Poco::Int64>(a.delivered ? t : 0)), bind(event_id), bind(worker);
        return update.execute() == 1;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return false;
    }
}

std::vector<callback_event> job_store::callbacks_of(const std::string& job_id, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << self->dialect.sql(std::string("SELECT ") + event_columns +
                                    " FROM vanthu_callbacks WHERE job_id = ? ORDER BY created_ms, event_id"),
            bind(job_id);
        return read_events(select);
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return {};
    }
}

}  // namespace worker
