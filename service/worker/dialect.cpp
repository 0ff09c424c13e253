// Owns the SQL dialect layer: which database a URL names and how its SQL differs.
#include "worker/store_impl.hpp"

namespace worker {

namespace {

// True when text starts with prefix.
bool starts_with(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
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
        out.connection = url;  // libpq takes the URI as it is
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
