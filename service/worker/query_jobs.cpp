// Owns reading the store: one job, a page of jobs, a result, the queue's size.
#include <Poco/Data/LOB.h>
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

// The one job whose column equals value (the latest revision), of one owner when given.
find_result find_where(job_store::impl& self, const char* column, const std::string& value,
                       const std::optional<std::string>& owner) {
    find_result out;
    try {
        Poco::Data::Session s = self.session();
        Poco::Data::Statement select(s);
        select << self.dialect.sql(std::string("SELECT ") + job_columns + " FROM vanthu_jobs WHERE " + column +
                                   " = ?" + (owner ? " AND owner = ?" : "") + " ORDER BY revision DESC LIMIT 1"),
            bind(value);
        if (owner) select, bind(*owner);
        std::vector<job> found = read_jobs(select);
        if (!found.empty()) out.value = std::move(found.front());
    } catch (const Poco::Exception& e) {
        out.error = e.displayText();
    }
    return out;
}

}  // namespace

find_result job_store::find(const std::string& id, const std::optional<std::string>& owner) {
    return find_where(*self, "id", id, owner);
}

find_result job_store::find_by_record(const std::string& record_id, const std::optional<std::string>& owner) {
    return find_where(*self, "record_id", record_id, owner);
}

// The result bytes stored by complete.
// A page in creation order; one row more than asked tells whether another page follows.
list_result job_store::list(std::optional<job_state> state, std::size_t offset, std::size_t limit,
                            const std::optional<std::string>& owner, const std::optional<std::string>& record_id) {
    list_result out;
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        std::string sql = std::string("SELECT ") + job_columns + " FROM vanthu_jobs WHERE 1 = 1";
        if (state) sql += " AND state = ?";
        if (owner) sql += " AND owner = ?";
        if (record_id) sql += " AND record_id = ?";
        sql += " ORDER BY created_ms, id LIMIT ? OFFSET ?";
        select << self->dialect.sql(sql);
        if (state) select, bind(std::string(state_name(*state)));
        if (owner) select, bind(*owner);
        if (record_id) select, bind(*record_id);
        select, bind(static_cast<Poco::Int64>(limit + 1)), bind(static_cast<Poco::Int64>(offset));
        out.items = read_jobs(select);
        if (out.items.size() > limit) {
            out.items.resize(limit);
            out.more = true;
        }
    } catch (const Poco::Exception& e) {
        out.error = e.displayText();
    }
    return out;
}

// Every revision of the job's record under its owner.
list_result job_store::revisions(const job& j) {
    list_result out;
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << self->dialect.sql(std::string("SELECT ") + job_columns +
                                    " FROM vanthu_jobs WHERE owner = ? AND record_id = ? ORDER BY revision"),
            bind(j.owner), bind(j.record_id);
        out.items = read_jobs(select);
    } catch (const Poco::Exception& e) {
        out.error = e.displayText();
    }
    return out;
}

// Each record id's row of the highest revision, of the owner when given.
list_result job_store::latest_jobs(const std::optional<std::string>& owner, std::size_t limit) {
    list_result out;
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << self->dialect.sql(std::string("SELECT ") + job_columns + " FROM vanthu_jobs j WHERE" +
                                    (owner ? " owner = ? AND" : "") +
                                    " revision = (SELECT MAX(revision) FROM vanthu_jobs r"
                                    " WHERE r.owner = j.owner AND r.record_id = j.record_id)"
                                    " ORDER BY updated_ms DESC, id LIMIT ?");
        if (owner) select, bind(*owner);
        select, bind(static_cast<Poco::Int64>(limit));
        out.items = read_jobs(select);
    } catch (const Poco::Exception& e) {
        out.error = e.displayText();
    }
    return out;
}

// The job's record column; a purged job's is empty.
std::optional<std::string> job_store::read_record(const std::string& job_id, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        std::vector<Poco::Data::BLOB> record;
        s << self->dialect.sql("SELECT record FROM vanthu_jobs WHERE id = ?"), bind(job_id), into(record), now;
        if (record.empty() || record.front().size() == 0) return std::nullopt;
        return std::string(reinterpret_cast<const char*>(record.front().rawContent()), record.front().size());
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return std::nullopt;
    }
}

// The queue depth by state, for metrics and the queue limit.
queue_counts job_store::count_live() {
    queue_counts out;
    try {
        Poco::Data::Session s = self->session();
        std::vector<std::string> states;
        std::vector<Poco::Int64> counts;
        s << "SELECT state, COUNT(*) FROM vanthu_jobs WHERE state IN ('queued', 'running') GROUP BY state",
            into(states), into(counts), now;
        for (std::size_t i = 0; i < states.size(); ++i) {
            if (states[i] == "queued") out.queued = static_cast<std::size_t>(counts[i]);
            if (states[i] == "running") out.running = static_cast<std::size_t>(counts[i]);
        }
    } catch (const Poco::Exception& e) {
        out.error = e.displayText();
    }
    return out;
}

}  // namespace worker
