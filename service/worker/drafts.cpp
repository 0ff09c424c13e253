// Owns the drafts table: records a clerk is writing, kept whatever they break, one version at a time.
#include <Poco/Data/DataException.h>
#include <Poco/Data/LOB.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

const char* const draft_columns = "owner, id, kind, title, number, doc_date, version, created_ms, updated_ms, updated_by";

// The drafts of a SELECT of draft_columns.
std::vector<draft_row> read_drafts(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<draft_row> out;
    for (std::size_t r = 0; r < rows.rowCount(); ++r) {
        draft_row d;
        d.owner = rows.value(0, r).convert<std::string>();
        d.id = rows.value(1, r).convert<std::string>();
        d.kind = rows.value(2, r).convert<std::string>();
        d.title = rows.value(3, r).convert<std::string>();
        d.number = rows.value(4, r).convert<std::string>();
        d.doc_date = rows.value(5, r).convert<std::string>();
        d.version = rows.value(6, r).convert<int>();
        d.created_ms = rows.value(7, r).convert<std::int64_t>();
        d.updated_ms = rows.value(8, r).convert<std::int64_t>();
        d.updated_by = rows.value(9, r).convert<std::string>();
        out.push_back(std::move(d));
    }
    return out;
}

// One attempt at a save inside one write transaction. An UPDATE fenced by the version read,
// and the primary key, make a concurrent save of the same draft fail here and be tried again.
draft_result try_save(job_store::impl& self, const draft_row& d, std::optional<int> expected) {
    draft_result out;
    Poco::Data::Session s = self.session();
    write_transaction tx(s, self.dialect);
    std::vector<int> stored;
    s << self.dialect.sql("SELECT version FROM vanthu_drafts WHERE owner = ? AND id = ?"), bind(d.owner), bind(d.id),
        into(stored), now;
    const int current = stored.empty() ? 0 : stored.front();
    if (expected && *expected != current) {
        out.status = draft_status::conflict;
        out.version = current;
        return out;
    }
    const Poco::Int64 t = self.now();
    const Poco::Data::BLOB body(reinterpret_cast<const unsigned char*>(d.body.data()), d.body.size());
    Poco::Data::Statement write(s);
    if (current == 0) {
        write << self.dialect.sql("INSERT INTO vanthu_drafts (owner, id, kind, title, number, doc_date, body, version,"
                                  " created_ms, updated_ms, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"),
            bind(d.owner), bind(d.id), bind(d.kind), bind(d.title), bind(d.number), bind(d.doc_date), bind(body), bind(t),
            bind(t), bind(d.updated_by);
    } else {
        write << self.dialect.sql("UPDATE vanthu_drafts SET kind = ?, title = ?, number = ?, doc_date = ?, body = ?,"
                                  " version = version + 1, updated_ms = ?, updated_by = ?"
                                  " WHERE owner = ? AND id = ? AND version = ?"),
            bind(d.kind), bind(d.title), bind(d.number), bind(d.doc_date), bind(body), bind(t), bind(d.updated_by),
            bind(d.owner), bind(d.id), bind(current);
    }
    if (write.execute() != 1) throw Poco::Data::DataException("the draft changed while it was saved");
    tx.commit();
    out.status = current == 0 ? draft_status::created : draft_status::updated;
    out.version = current + 1;
    out.updated_ms = t;
    return out;
}

}  // namespace

// Saves; a save racing another (a second insert, a version moved on) is tried again.
draft_result job_store::save_draft(const draft_row& d, std::optional<int> expected_version) {
    draft_result out;
    for (int tries = 0; tries < 3; ++tries) {
        try {
            return try_save(*self, d, expected_version);
        } catch (const Poco::Exception& e) {
            out.error = e.displayText();
        }
    }
    return out;
}

// One draft, then its body: a row of another version between the two is read again.
std::optional<draft_row> job_store::find_draft(const std::string& owner, const std::string& id, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        for (int tries = 0; tries < 3; ++tries) {
            Poco::Data::Statement select(s);
            select << self->dialect.sql(std::string("SELECT ") + draft_columns +
                                        " FROM vanthu_drafts WHERE owner = ? AND id = ?"),
                bind(owner), bind(id);
            std::vector<draft_row> found = read_drafts(select);
            if (found.empty()) return std::nullopt;
            std::vector<Poco::Data::BLOB> body;
            s << self->dialect.sql("SELECT body FROM vanthu_drafts WHERE owner = ? AND id = ? AND version = ?"),
                bind(owner), bind(id), bind(found.front().version), into(body), now;
            if (body.empty()) continue;
            found.front().body.assign(reinterpret_cast<const char*>(body.front().rawContent()), body.front().size());
            return std::move(found.front());
        }
    } catch (const Poco::Exception& e) {
        error = e.displayText();
    }
    return std::nullopt;
}

// The owner's drafts, the latest saved first.
std::vector<draft_row> job_store::list_drafts(const std::string& owner, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << self->dialect.sql(std::string("SELECT ") + draft_columns +
                                    " FROM vanthu_drafts WHERE owner = ? ORDER BY updated_ms DESC, id"),
            bind(owner);
        return read_drafts(select);
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return {};
    }
}

// Deletes the draft's row.
client_status job_store::delete_draft(const std::string& owner, const std::string& id, std::string& error) {
    return delete_rows(*self, "DELETE FROM vanthu_drafts WHERE owner = ? AND id = ?", {owner, id}, error);
}

}  // namespace worker
