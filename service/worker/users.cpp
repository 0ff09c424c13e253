// Owns the users and sessions tables: who may sign in to the web page, and who is signed in.
#include <Poco/Data/RecordSet.h>
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

const char* const user_columns = "name, password_hash, role, unit, created_ms, disabled_ms";

// The user_row of row r of a SELECT whose columns start at `first` with user_columns.
user_row read_user(Poco::Data::RecordSet& rows, std::size_t r, std::size_t first) {
    user_row u;
    u.name = rows.value(first, r).convert<std::string>();
    u.password_hash = rows.value(first + 1, r).convert<std::string>();
    u.role = rows.value(first + 2, r).convert<std::string>();
    u.unit = rows.value(first + 3, r).convert<std::string>();
    u.created_ms = rows.value(first + 4, r).convert<std::int64_t>();
    u.disabled_ms = rows.value(first + 5, r).convert<std::int64_t>();
    return u;
}

// Every row a SELECT of user_columns gives.
std::vector<user_row> read_users(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<user_row> out;
    for (std::size_t r = 0; r < rows.rowCount(); ++r) out.push_back(read_user(rows, r, 0));
    return out;
}

// Runs an UPDATE of one user (a value, then the name) and deletes the
// user's sessions, in one transaction; not_found when the UPDATE changed no row.
template <typename Value>
client_status update_user(job_store::impl& self, const std::string& sql, const Value& value,
                          const std::string& name, std::string& error) {
    try {
        Poco::Data::Session s = self.session();
        write_transaction tx(s, self.dialect);
        Poco::Data::Statement update(s);
        update << self.dialect.sql(sql), bind(value), bind(name);
        if (update.execute() == 0) return client_status::not_found;
        s << self.dialect.sql("DELETE FROM vanthu_sessions WHERE user_name = ?"), bind(name), now;
        tx.commit();
        return client_status::ok;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return client_status::store_error;
    }
}

}  // namespace

// Inserts a user unless the name is taken (disabled names stay taken: their jobs keep them).
client_status job_store::add_user(const user_row& u, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        Poco::Int64 taken = 0;
        s << self->dialect.sql("SELECT COUNT(*) FROM vanthu_users WHERE name = ?"), bind(u.name), into(taken), now;
        if (taken != 0) return client_status::exists;
        s << self->dialect.sql("INSERT INTO vanthu_users (name, password_hash, role, unit, created_ms, disabled_ms)"
                               " VALUES (?, ?, ?, ?, ?, 0)"),
            bind(u.name), bind(u.password_hash), bind(u.role), bind(u.unit),
            bind(static_cast<Poco::Int64>(self->now())), now;
        tx.commit();
        return client_status::ok;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return client_status::store_error;
    }
}

// One user by name.
std::optional<user_row> job_store::find_user(const std::string& name, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << self->dialect.sql(std::string("SELECT ") + user_columns + " FROM vanthu_users WHERE name = ?"),
            bind(name);
        std::vector<user_row> found = read_users(select);
        if (!found.empty()) return found.front();
    } catch (const Poco::Exception& e) {
        error = e.displayText();
    }
    return std::nullopt;
}

// All users by name, for `vanthu user list`.
std::vector<user_row> job_store::list_users(std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << std::string("SELECT ") + user_columns + " FROM vanthu_users ORDER BY name";
        return read_users(select);
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return {};
    }
}

// A new hash; every session of the user ends with it.
client_status job_store::set_password(const std::string& name, const std::string& password_hash, std::string& error) {
    return update_user(*self, "UPDATE vanthu_users SET password_hash = ? WHERE name = ?", password_hash, name, error);
}

// Disabled from now; every session of the user ends with it.
client_status job_store::disable_user(const std::string& name, std::string& error) {
    return update_user(*self, "UPDATE vanthu_users SET disabled_ms = ? WHERE name = ? AND disabled_ms = 0",
                       static_cast<Poco::Int64>(self->now()), name, error);
}

// Inserts the session; expired sessions are deleted on the way, so the table stays small.
client_status job_store::open_session(const session_row& row, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        s << self->dialect.sql("DELETE FROM vanthu_sessions WHERE expires_ms <= ?"),
            bind(static_cast<Poco::Int64>(self->now())), now;
        s << self->dialect.sql("INSERT INTO vanthu_sessions (id_digest, user_name, csrf_token, created_ms, expires_ms)"
                               " VALUES (?, ?, ?, ?, ?)"),
            bind(row.id_digest), bind(row.user), bind(row.csrf_token), bind(static_cast<Poco::Int64>(row.created_ms)),
            bind(static_cast<Poco::Int64>(row.expires_ms)), now;
        tx.commit();
        return client_status::ok;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return client_status::store_error;
    }
}

// The session joined with its user, both still valid now.
std::optional<session_found> job_store::find_session(const std::string& id_digest, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << self->dialect.sql("SELECT s.id_digest, s.user_name, s.csrf_token, s.created_ms, s.expires_ms,"
                                    " u.name, u.password_hash, u.role, u.unit, u.created_ms, u.disabled_ms"
                                    " FROM vanthu_sessions s JOIN vanthu_users u ON u.name = s.user_name"
                                    " WHERE s.id_digest = ? AND s.expires_ms > ? AND u.disabled_ms = 0"),
            bind(id_digest), bind(static_cast<Poco::Int64>(self->now()));
        select.execute();
        Poco::Data::RecordSet rows(select);
        if (rows.rowCount() == 0) return std::nullopt;
        session_found f;
        f.session.id_digest = rows.value(0, 0).convert<std::string>();
        f.session.user = rows.value(1, 0).convert<std::string>();
        f.session.csrf_token = rows.value(2, 0).convert<std::string>();
        f.session.created_ms = rows.value(3, 0).convert<std::int64_t>();
        f.session.expires_ms = rows.value(4, 0).convert<std::int64_t>();
        f.user = read_user(rows, 0, 5);
        return f;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return std::nullopt;
    }
}

// Deletes the session's row: the cookie is worth nothing from now on, on every worker.
client_status job_store::close_session(const std::string& id_digest, std::string& error) {
    return delete_rows(*self, "DELETE FROM vanthu_sessions WHERE id_digest = ?", {id_digest}, error);
}

}  // namespace worker
