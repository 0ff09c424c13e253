// Owns the command line and store opening that vanthu token and vanthu user share.
#include "http/store_command.hpp"

#include <algorithm>
#include <ctime>
#include <ostream>

#include "http/serve.hpp"
#include "worker/config.hpp"

namespace http {

namespace {

// Takes one option that has a value (as --opt=V or --opt V); false when it is not that option.
bool take_value(const std::vector<std::string>& args, std::size_t& i, const std::string& name,
                std::string& value, std::string& error) {
    const std::string& a = args[i];
    if (a.rfind(name + "=", 0) == 0) {
        value = a.substr(name.size() + 1);
        return true;
    }
    if (a != name) return false;
    if (i + 1 >= args.size()) error = name + " needs a value";
    else value = args[++i];
    return true;
}

// Takes -Dkey=value or -D key=value into the defines.
void take_define(const std::vector<std::string>& args, std::size_t& i, command_args& c) {
    const std::string define = args[i].size() > 2 ? args[i].substr(2) : (i + 1 < args.size() ? args[++i] : "");
    const std::size_t eq = define.find('=');
    if (eq == std::string::npos || eq == 0) c.error = "-D needs KEY=VALUE";
    else c.defines[define.substr(0, eq)] = define.substr(eq + 1);
}

}  // namespace

// Options first by name, then -D, then words: the first word is the action.
command_args read_command_args(const std::vector<std::string>& args, const std::vector<std::string>& valued) {
    command_args c;
    for (std::size_t i = 0; i < args.size() && c.error.empty(); ++i) {
        if (take_value(args, i, "--config", c.config_file, c.error) ||
            take_value(args, i, "-c", c.config_file, c.error))
            continue;
        const bool taken = std::any_of(valued.begin(), valued.end(), [&](const std::string& name) {
            std::string value;
            if (!take_value(args, i, name, value, c.error)) return false;
            c.options[name] = value;
            return true;
        });
        if (taken) continue;
        if (args[i].rfind("-D", 0) == 0) take_define(args, i, c);
        else if (!args[i].empty() && args[i][0] == '-') c.error = "unknown option " + args[i];
        else if (c.action.empty()) c.action = args[i];
        else c.words.push_back(args[i]);
    }
    return c;
}

// The layered configuration, its settings, the store.
std::unique_ptr<worker::job_store> open_command_store(const command_args& a, const std::string& command,
                                                      std::ostream& err, int& exit_code) {
    std::string error;
    auto layered = worker::layer_config(a.config_file, worker::read_environment(), a.defines, error);
    if (!error.empty()) {
        err << "vanthu " << command << ": " << error << "\n";
        exit_code = exit_config;
        return nullptr;
    }
    auto store = worker::job_store::open(store_settings(worker::read_settings(*layered)), error);
    if (!store) {
        err << "vanthu " << command << ": " << error << "\n";
        exit_code = exit_unavailable;
    }
    return store;
}

// gmtime_r and strftime.
std::string utc_time(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm parts{};
    gmtime_r(&t, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

}  // namespace http
