// The worker's log: one JSON object per line (time, level, message, job id, record id).
#pragma once

#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

namespace worker {

enum class log_level {
    debug,    // detail for whoever debugs the worker
    info,     // what the worker did: started, job done, draining
    warning,  // something went wrong and was handled: a retry, a lost lease
    error     // something the operator must look at
};

// The level named by text ("debug" ...); info when unknown.
log_level parse_log_level(std::string_view text);

// What a log line is about; empty fields are left out.
struct log_context {
    std::string job_id;
    std::string record_id;
};

// Text as a JSON string literal, quotes included: quotes, backslashes and control characters
// escaped, well-formed UTF-8 as it is, each byte of ill-formed UTF-8 as \ufffd (U+FFFD).
std::string quote_json(std::string_view text);

class json_log {
public:
    // Lines below min are dropped. The stream must outlive the log.
    explicit json_log(std::ostream& out, log_level min = log_level::info);
    // Writes one line (thread-safe).
    void write(log_level level, std::string_view message, const log_context& about = {});
    void info(std::string_view message, const log_context& about = {}) { write(log_level::info, message, about); }
    void warn(std::string_view message, const log_context& about = {}) { write(log_level::warning, message, about); }
    void error(std::string_view message, const log_context& about = {}) { write(log_level::error, message, about); }

private:
    std::ostream& out;
    log_level min;
    std::mutex lock;
};

}  // namespace worker
