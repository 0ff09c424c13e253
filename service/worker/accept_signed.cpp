// Owns the end of a job a person signs: the signed PDF they send back becomes its result.
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

fence_status job_store::accept_signed(const std::string& id, std::string_view pdf,
                                      const std::optional<std::string>& owner) {
    try {
        const Poco::Int64 t = self->now();
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        std::vector<int> attempts, pages;
        Poco::Data::Statement select(s);
        select << self->dialect.sql("SELECT attempts, pages_total FROM vanthu_jobs WHERE id = ?"
                                    " AND state = 'awaiting_signature' AND purged_ms = 0" +
                                    std::string(owner ? " AND owner = ?" : "") + self->dialect.lock_rows),
            bind(id), into(attempts), into(pages);
        if (owner) select, bind(*owner);
        select.execute();
        if (attempts.empty()) return fence_status::fenced;
        s << self->dialect.sql("UPDATE vanthu_jobs SET state = 'done', updated_ms = ?, result_digest = ?,"
                               " result_bytes = ? WHERE id = ?"),
            bind(t), bind(hash_content(pdf)), bind(static_cast<Poco::Int64>(pdf.size())), bind(id), now;
        std::string error;
        insert_result(s, self->dialect, id, attempts.front(), pages.front(), read_from(pdf), error);
        queue_callback(s, self->dialect, id, "job.done", t);
        tx.commit();
        return fence_status::applied;
    } catch (const Poco::Exception&) {
        return fence_status::store_error;
    }
}

}  // namespace worker
