// `vanthu serve`: the worker process (a Poco ServerApplication).
#pragma once

#include <string>
#include <vector>

namespace http {

// Runs the worker until SIGTERM/SIGINT, then drains and returns its exit code (0 after a
// clean drain). args are the words after "serve": --config FILE, -Dkey=value (repeatable),
// --help, and Poco's --daemon, --pidfile=FILE.
int run_serve(const std::vector<std::string>& args);

}  // namespace http
