// `vanthu serve`: the worker lives in a second program, vanthu-serve, beside vanthu, so that
// render and check never load Poco, SQLite or libpq.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cli {

// The exit code when the worker program cannot be started (BSD sysexits EX_UNAVAILABLE).
constexpr int exit_unavailable = 69;

// The worker program's path: vanthu-serve in the folder of the running program
// (/proc/self/exe), so that the build tree and an installed prefix both work. Empty, with a
// message, when the running program's path cannot be read.
std::string serve_program(std::string& message);

// Replaces this process with the worker program, given args (the words after "serve"): the
// process id, the environment and the open files stay, so signals and supervisors see one
// process. Returns only when that fails: exit_unavailable, the path tried and why on err.
int exec_serve(const std::vector<std::string>& args, std::ostream& err);

}  // namespace cli
