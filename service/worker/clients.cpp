// Owns the clients table: who may call the API, as token digests and scopes.
#include <Poco/Data/RecordSet.h>
#include <Poco/Exception.h>

#include "worker/store_impl.hpp"

using namespace Poco::Data::Keywords;

namespace worker {

namespace {

const char* const client_columns = "name, token_digest, scopes, callback_secret, created_ms, revoked_ms, callback_url";

// Every row a SELECT of client_columns gives.
std::vector<client_row> read_clients(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<client_row> out;
    for (std::size_t r = 0; r < rows.rowCount(); ++r) {
        client_row c;
        c.name = rows.value(0, r).convert<std::string>();
        c.token_digest = rows.value(1, r).convert<std::string>();
        c.scopes = rows.value(2, r).convert<std::string>();
        c.callback_secret = rows.value(3, r).convert<std::string>();
        c.created_ms = rows.value(4, r).convert<std::int64_t>();
        c.revoked_ms = rows.value(5, r).convert<std::int64_t>();
        c.callback_url = rows.value(6, r).convert<std::string>();
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

// Inserts a client unless its name is taken (revoked names stay taken: the jobs keep them).
client_status job_store::add_client(const client_row& c, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        Poco::Int64 taken = 0;
        s << self->dialect.sql("SELECT COUNT(*) FROM vanthu_clients WHERE name = ?"), bind(c.name), into(taken), now;
        if (taken != 0) return client_status::exists;
        s << self->dialect.sql("INSERT INTO vanthu_clients (name, token_digest, scopes, callback_secret,"
                               " created_ms, revoked_ms, callback_url) VALUES (?, ?, ?, ?, ?, 0, ?)"),
            bind(c.name), bind(c.token_digest), bind(c.scopes), bind(c.callback_secret),
            bind(static_cast<Poco::Int64>(self->now())), bind(c.callback_url), now;
        tx.commit();
        return client_status::ok;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return client_status::store_error;
    }
}

// Looks a token's digest up among the clients whose token works.
std::optional<client_row> job_store::find_client(const std::string& token_digest, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << self->dialect.sql(std::string("SELECT ") + client_columns +
                                    " FROM vanthu_clients WHERE token_digest = ? AND revoked_ms = 0"),
            bind(token_digest);
        std::vector<client_row> found = read_clients(select);
        if (!found.empty()) return found.front();
    } catch (const Poco::Exception& e) {
        error = e.displayText();
    }
    return std::nullopt;
}

// One client by name, for signing its callbacks.
std::optional<client_row> job_store::find_client_named(const std::string& name, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << self->dialect.sql(std::string("SELECT ") + client_columns + " FROM vanthu_clients WHERE name = ?"),
            bind(name);
        std::vector<client_row> found = read_clients(select);
        if (!found.empty()) return found.front();
    } catch (const Poco::Exception& e) {
        error = e.displayText();
    }
    return std::nullopt;
}

// All clients by name, for `vanthu token list`.
std::vector<client_row> job_store::list_clients(std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        Poco::Data::Statement select(s);
        select << std::string("SELECT ") + client_columns + " FROM vanthu_clients ORDER BY name";
        return read_clients(select);
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return {};
    }
}

// Marks a client revoked; its token stops working with the next request.
client_status job_store::revoke_client(const std::string& name, std::string& error) {
    try {
        Poco::Data::Session s = self->session();
        write_transaction tx(s, self->dialect);
        Poco::Data::Statement update(s);
        update << self->dialect.sql("UPDATE vanthu_clients SET revoked_ms = ? WHERE name = ? AND revoked_ms = 0"),
            bind(static_cast<Poco::Int64>(self->now())), bind(name);
        const std::size_t changed = update.execute();
        tx.commit();
        return changed == 0 ? client_status::not_found : client_status::ok;
    } catch (const Poco::Exception& e) {
        error = e.displayText();
        return client_status::store_error;
    }
}

}  // namespace worker
