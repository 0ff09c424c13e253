// Owns the SQL dialect layer: which database a URL names and how its SQL differs.
#include "worker/store_impl.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace worker {

namespace {

// True when text starts with prefix.
bool starts_with(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
}

// Poco's PostgreSQL connector wants libpq's key=value form, not a URI: convert
// postgresql://user:password@host:port/db?sslmode=... into it.
bool conninfo_of(const std::string& url, std::string& out, std::string& error) {
    try {
        Poco::URI uri(url);
        std::string info;
        auto add = [&info](const std::string& key, const std::string& value) {
            if (value.empty()) return;
            if (!info.empty()) info += ' ';
            info += key + "=" + value;
        };
        add("host", uri.getHost());
        if (uri.getPort() != 0) add("port", std::to_string(uri.getPort()));
        std::string db = uri.getPath();
        if (!db.empty() && db[0] == '/') db.erase(0, 1);
        add("dbname", db);
        const std::string user_info = uri.getUserInfo();
        const std::size_t colon = user_info.find(':');
        add("user", user_info.substr(0, colon));
        if (colon != std::string::npos) add("password", user_info.substr(colon + 1));
        for (const auto& [k, v] : uri.getQueryParameters()) add(k, v);
        if (info.find(' ') == std::string::npos && info.find("host=") == std::string::npos) {
            error = "the store url '" + url + "' names no PostgreSQL server";
            return false;
        }
        out = info;
        return true;
    } catch (const Poco::Exception& e) {
        error = "bad store url '" + url + "': " + e.displayText();
        return false;
    }
}

}  // namespace

// '?' outside quotes becomes $n for PostgreSQL; SQLite keeps '?'.
std::string sql_dialect::sql(std::string_view text) const {
    if (which == kind::sqlite) return std::string(text);
    std::string out;
    out.reserve(text.size() + 16);
    int n = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '\'') quoted = !quoted;
        if (c == '?' && !quoted) {
            out += '$';
            out += std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

// sqlite:PATH, sqlite://PATH or a bare path is SQLite; postgresql:// or postgres:// is PostgreSQL.
bool choose_dialect(const std::string& url, sql_dialect& out, std::string& error) {
    if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
        out.which = sql_dialect::kind::postgresql;
        out.connector = "PostgreSQL";
        if (!conninfo_of(url, out.connection, error)) return false;
        out.blob_type = "BYTEA";
        out.begin_write = "BEGIN";
        out.lock_rows = " FOR UPDATE SKIP LOCKED";
        return true;
    }
    std::string path = url;
    if (starts_with(path, "sqlite://")) path = path.substr(9);
    else if (starts_with(path, "sqlite:")) path = path.substr(7);
    if (path.empty() || path.find("://") != std::string::npos) {
        error = "unsupported store url '" + url + "' (use sqlite:PATH or postgresql://...)";
        return false;
    }
    out.which = sql_dialect::kind::sqlite;
    out.connector = "SQLite";
    out.connection = path;
    out.blob_type = "BLOB";
    out.begin_write = "BEGIN IMMEDIATE";
    out.lock_rows = "";
    return true;
}

}  // namespace worker
