// Owns the JSON-lines log.
#include "worker/json_log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <ostream>

#include "text/utf8.hpp"

namespace worker {

namespace {

const char* level_name(log_level l) {
    switch (l) {
        case log_level::debug: return "debug";
        case log_level::info: return "info";
        case log_level::warning: return "warning";
        case log_level::error: return "error";
    }
    return "info";
}

// UTC with milliseconds, e.g. 2026-11-23T16:31:25.123Z.
std::string format_now() {
    using namespace std::chrono;
    auto t = system_clock::now();
    std::time_t secs = system_clock::to_time_t(t);
    auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&secs, &utc);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms));
    return buf;
}

// Appends well-formed UTF-8 with quotes, backslashes and control characters escaped (RFC 8259).
void append_escaped(std::string& out, std::string_view valid) {
    for (char c : valid) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            out += buf;
        } else out += c;
    }
}

}  // namespace

log_level parse_log_level(std::string_view text) {
    for (log_level l : {log_level::debug, log_level::info, log_level::warning, log_level::error}) {
        if (text == level_name(l)) return l;
    }
    return log_level::info;
}

// Escapes what JSON asks for; each byte that is not part of well-formed UTF-8 becomes U+FFFD,
// so that a message holding a mislabelled record's bytes still makes a line parsers accept.
std::string quote_json(std::string_view input) {
    std::string out = "\"";
    while (!input.empty()) {
        const std::size_t bad = text::find_invalid_utf8(input);
        append_escaped(out, input.substr(0, bad));
        if (bad == std::string_view::npos) break;
        out += "\\ufffd";
        input.remove_prefix(bad + 1);
    }
    return out + "\"";
}

json_log::json_log(std::ostream& stream, log_level minimum) : out(stream), min(minimum) {}

void json_log::write(log_level level, std::string_view message, const log_context& about) {
    if (level < min) return;
    std::string line = "{\"time\":\"" + format_now() + "\",\"level\":\"" + level_name(level) +
                       "\",\"message\":" + quote_json(message);
    if (!about.job_id.empty()) line += ",\"job_id\":" + quote_json(about.job_id);
    if (!about.record_id.empty()) line += ",\"record_id\":" + quote_json(about.record_id);
    line += "}\n";
    std::lock_guard<std::mutex> hold(lock);
    out << line << std::flush;
}

}  // namespace worker
