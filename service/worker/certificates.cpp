// Owns the register of issued certificates: every certificate a render gives a code is entered
// under it, so that the code's public page can say whom it certifies and whether it stands.
#include <Poco/Data/RecordSet.h>
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

const char* const certificate_columns =
    "code, record_id, recipient_id, register_number, name, detail, heading, citation, decision_number,"
    " decision_date, issuer, issuer_parent, grantor, signer, signer_title, issued_date,"
    " owner, job_id, registered_ms, revoked_ms, revoked_by, revoke_reason";

// The facts' columns in certificate_columns' order (the first sixteen).
std::vector<std::string*> fact_fields(record::issued_certificate& c) {
    return {&c.code, &c.record_id, &c.recipient_id, &c.register_number, &c.name, &c.detail, &c.heading,
            &c.citation, &c.decision_number, &c.decision_date, &c.issuer, &c.issuer_parent, &c.grantor,
            &c.signer, &c.signer_title, &c.issued_date};
}

}  // namespace

bool job_store::register_certificates(const std::string& owner, const std::string& job_id,
                                      const std::vector<record::issued_certificate>& issued, std::string& error) {
    if (issued.empty()) return true;
    try {
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        const Poco::Int64 t = self->now();
        // Facts change with a revision of the record (a name mended); the code, the owner and a
        // revocation do not.
        const std::string upsert = self->dialect.sql(
            std::string("INSERT INTO vanthu_certificates (") + certificate_columns +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', '')"
            " ON CONFLICT (code) DO UPDATE SET name = excluded.name, detail = excluded.detail,"
            " heading = excluded.heading, citation = excluded.citation, decision_number = excluded.decision_number,"
            " decision_date = excluded.decision_date, issuer = excluded.issuer, issuer_parent = excluded.issuer_parent,"
            " grantor = excluded.grantor, signer = excluded.signer, signer_title = excluded.signer_title,"
            " issued_date = excluded.issued_date, job_id = excluded.job_id, registered_ms = excluded.registered_ms"
            " WHERE vanthu_certificates.owner = excluded.owner");
        for (const record::issued_certificate& c : issued) {
            Poco::Data::Statement insert(s);
            insert << upsert;
            record::issued_certificate copy = c;
            for (std::string* field : fact_fields(copy)) insert, bind(*field);
            insert, bind(owner), bind(job_id), bind(t);
            insert.execute();
        }
        tx.commit();
        return true;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return false;
    }
}

std::optional<certificate_row> job_store::find_certificate(const std::string& code, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << self->dialect.sql(std::string("SELECT ") + certificate_columns +
                                    " FROM vanthu_certificates WHERE code = ?"),
            bind(code);
        select.execute();
        Poco::Data::RecordSet rows(select);
        if (rows.rowCount() == 0) return std::nullopt;
        certificate_row out;
        std::size_t col = 0;
        for (std::string* field : fact_fields(out.facts)) *field = rows.value(col++, 0).convert<std::string>();
        out.owner = rows.value(col++, 0).convert<std::string>();
        out.job_id = rows.value(col++, 0).convert<std::string>();
        out.registered_ms = rows.value(col++, 0).convert<std::int64_t>();
        out.revoked_ms = rows.value(col++, 0).convert<std::int64_t>();
        out.revoked_by = rows.value(col++, 0).convert<std::string>();
        out.revoke_reason = rows.value(col, 0).convert<std::string>();
        return out;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return std::nullopt;
    }
}

revoke_result job_store::revoke_certificates(const std::string& record_id, const std::string& recipient_id,
                                             const std::optional<std::string>& owner, const std::string& by,
                                             const std::string& reason) {
    revoke_result out;
    try {
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        const std::string mine = owner ? " AND owner = ?" : "";
        std::vector<Poco::Int64> revoked;
        Poco::Data::Statement count(s);
        count << self->dialect.sql("SELECT revoked_ms FROM vanthu_certificates WHERE record_id = ? AND recipient_id = ?" +
                                   mine),
            bind(record_id), bind(recipient_id), into(revoked);
        if (owner) count, bind(*owner);
        count.execute();
        if (revoked.empty()) {
            out.status = revoke_status::not_found;
            return out;
        }
        const Poco::Int64 t = self->now();
        Poco::Data::Statement update(s);
        update << self->dialect.sql("UPDATE vanthu_certificates SET revoked_ms = ?, revoked_by = ?, revoke_reason = ?"
                                    " WHERE record_id = ? AND recipient_id = ? AND revoked_ms = 0" + mine),
            bind(t), bind(by), bind(reason), bind(record_id), bind(recipient_id);
        if (owner) update, bind(*owner);
        out.count = update.execute();
        tx.commit();
        out.status = out.count ? revoke_status::revoked : revoke_status::unchanged;
    } catch (const Poco::Exception& e) {
        out.error = e.displayText();
    }
    return out;
}

}  // namespace worker
