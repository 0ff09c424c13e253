// `vanthu serve`: the worker process (a Poco ServerApplication).
#pragma once

#include <string>
#include <vector>

#include "worker/config.hpp"
#include "worker/store.hpp"

namespace http {

// Runs the worker until SIGTERM/SIGINT, then drains and returns its exit code (0 after a
// clean drain). args are the words after "serve": --config FILE, -Dkey=value (repeatable),
// --help, and Poco's --daemon, --pidfile=FILE.
int run_serve(const std::vector<std::string>& args);

// The store settings a process's settings give (serve and the token command open the same store).
worker::store_options store_settings(const worker::settings& s);

}  // namespace http
