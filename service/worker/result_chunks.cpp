// Owns how results are kept: a row of vanthu_results a result, its bytes in rows of
// vanthu_result_chunks of at most a MiB each, written and read a chunk at a time, so that no
// result is ever whole in memory and none meets SQLite's limit on one blob (1e9 bytes).
// Stores made before kept the bytes in vanthu_results.bytes, still read.
#include <algorithm>

#include <Poco/Data/LOB.h>
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

void remove_result(Poco::Data::Session& s, const sql_dialect& d, const std::string& id) {
    s << d.sql("DELETE FROM vanthu_result_chunks WHERE job_id = ?"), bind(id), now;
    s << d.sql("DELETE FROM vanthu_results WHERE job_id = ?"), bind(id), now;
}

bool insert_result(Poco::Data::Session& s, const sql_dialect& d, const std::string& id, int attempt, int pages,
                   const result_reader& read, std::string& error) {
    remove_result(s, d, id);
    s << d.sql("INSERT INTO vanthu_results (job_id, attempt, pages, bytes) VALUES (?, ?, ?, CAST('' AS " +
               d.blob_type + "))"),
        bind(id), bind(attempt), bind(pages), now;
    std::string chunk;
    for (int seq = 0;; ++seq) {
        chunk.clear();
        if (!read(chunk, result_chunk_bytes, error)) return error.empty();
        if (chunk.empty()) return true;  // a reader with nothing more to give has ended
        Poco::Data::BLOB bytes(reinterpret_cast<const unsigned char*>(chunk.data()), chunk.size());
        s << d.sql("INSERT INTO vanthu_result_chunks (job_id, seq, bytes) VALUES (?, ?, ?)"), bind(id), bind(seq),
            bind(bytes), now;
    }
}

result_reader read_from(std::string_view bytes) {
    return [bytes, at = std::size_t{0}](std::string& chunk, std::size_t max, std::string&) mutable {
        if (at >= bytes.size()) return false;
        const std::size_t n = std::min(max, bytes.size() - at);
        chunk.append(bytes.substr(at, n));
        at += n;
        return true;
    };
}

// The chunks in order, one query each: a reader holds one chunk, whatever the result's size.
read_status job_store::read_result(const std::string& id, const std::function<bool(std::string_view)>& sink) {
    try {
        Poco::Data::Session s = self->session();
        std::vector<Poco::Data::BLOB> legacy;
        s << self->dialect.sql("SELECT bytes FROM vanthu_results WHERE job_id = ?"), bind(id), into(legacy), now;
        if (legacy.empty()) return read_status::none;
        if (legacy.front().size() > 0)
            return sink({reinterpret_cast<const char*>(legacy.front().rawContent()), legacy.front().size()})
                       ? read_status::ok
                       : read_status::stopped;
        legacy.clear();
        std::vector<int> seqs;
        s << self->dialect.sql("SELECT seq FROM vanthu_result_chunks WHERE job_id = ? ORDER BY seq"), bind(id),
            into(seqs), now;
        for (int seq : seqs) {
            std::vector<Poco::Data::BLOB> chunk;
            s << self->dialect.sql("SELECT bytes FROM vanthu_result_chunks WHERE job_id = ? AND seq = ?"), bind(id),
                bind(seq), into(chunk), now;
            if (chunk.empty()) return read_status::store_error;  // removed while it was read
            if (!sink({reinterpret_cast<const char*>(chunk.front().rawContent()), chunk.front().size()}))
                return read_status::stopped;
        }
        return read_status::ok;
    } catch (const Poco::Exception&) {
        return read_status::store_error;
    }
}

// Whole, for the small results of tests and of callers that need the bytes at once.
std::optional<std::string> job_store::read_result(const std::string& id) {
    std::string out;
    if (read_result(id, [&out](std::string_view bytes) {
            out.append(bytes);
            return true;
        }) != read_status::ok)
        return std::nullopt;
    return out;
}

}  // namespace worker
