// What the store's commands (vanthu token, vanthu user) share: their command line and their store.
#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "worker/store.hpp"

namespace http {

// Exit codes of the store's commands (README.md).
constexpr int exit_usage = 64, exit_data = 65, exit_unavailable = 69, exit_config = 78;

// A store command's line, read: the action, its other words, its options, the store's settings.
struct command_args {
    std::string action;
    std::vector<std::string> words;
    std::map<std::string, std::string> options;  // "--scope" -> "submit,read"
    std::string config_file;                     // --config FILE, -c FILE
    std::map<std::string, std::string> defines;  // -Dkey=value
    std::string error;                           // non-empty: bad usage
};

// Reads the words after the command's name. `valued` are the options that take a value (as
// --opt=V or --opt V) besides --config; any other word starting with '-' but -D is an error.
command_args read_command_args(const std::vector<std::string>& args, const std::vector<std::string>& valued);

// Opens the store the settings name (--config FILE, the environment, -D, as `vanthu serve`
// does); nullptr after telling err why, with the exit code in exit_code (78 or 69).
std::unique_ptr<worker::job_store> open_command_store(const command_args& a, const std::string& command,
                                                      std::ostream& err, int& exit_code);

// A time as UTC ISO 8601, to the second.
std::string utc_time(std::int64_t ms);

}  // namespace http
