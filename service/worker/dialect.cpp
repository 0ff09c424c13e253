// Owns the SQL dialect layer: which database a URL names and how its SQL differs.
#include "worker/store_impl.hpp"

#include <cctype>

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
            error = "the store url '" + store_url_for_logs(url) + "' names no PostgreSQL server";
            return false;
        }
        out = info;
        return true;
    } catch (const Poco::Exception& e) {
        error = "bad store url '" + store_url_for_logs(url) + "': " + e.displayText();
        return false;
    }
}

}  // namespace

// Works on the text, not a parsed URI: a URL too broken to parse is the one most likely to be
// logged. The user information ends at the last '@' after "://" (a password may hold an '@');
// a password=... pair (a query parameter or libpq's key=value form) loses its value too.
std::string store_url_for_logs(const std::string& url) {
    std::string out = url;
    const std::size_t scheme = out.find("://");
    if (scheme != std::string::npos) {
        const std::size_t start = scheme + 3, at = out.rfind('@');
        if (at != std::string::npos && at > start) {
            const std::size_t colon = out.find(':', start);
            if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    std::string lower = out;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t at = lower.find("password="); at != std::string::npos; at = lower.find("password=", at + 1)) {
        const std::size_t from = at + 9;
        std::size_t to = from;
        while (to < out.size() && out[to] != '&' && out[to] != ' ' && out[to] != '#') ++to;
        out.replace(from, to - from, "***");
        lower.replace(from, to - from, "***");
    }
    return out;
}

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
        error = "unsupported store url '" + store_url_for_logs(url) + "' (use sqlite:PATH or postgresql://...)";
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
