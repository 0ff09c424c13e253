// Owns `vanthu serve`: finding vanthu-serve beside the running program and exec'ing it.
#include "cli/exec_serve.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <ostream>

namespace cli {

namespace fs = std::filesystem;

// vanthu-serve in the folder /proc/self/exe points into.
std::string serve_program(std::string& message) {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec || self.empty()) {
        message = "cannot find the running program (/proc/self/exe): " + ec.message();
        return {};
    }
    // A replaced binary reads "/usr/bin/vanthu (deleted)": its folder is still the right one.
    return (self.parent_path() / "vanthu-serve").string();
}

// execv with the worker program as argv[0]; the environment is inherited as it is.
int exec_serve(const std::vector<std::string>& args, std::ostream& err) {
    std::string message;
    const std::string program = serve_program(message);
    if (program.empty()) {
        err << "vanthu serve: " << message << '\n';
        return exit_unavailable;
    }
    std::vector<char*> argv;
    argv.reserve(args.size() + 2);
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::cout.flush();
    err.flush();
    ::execv(program.c_str(), argv.data());
    const int why = errno;
    err << "vanthu serve: cannot run the worker program " << program << ": " << std::strerror(why)
        << (why == ENOENT ? " (it is installed beside vanthu, as vanthu-serve)" : "") << '\n';
    return exit_unavailable;
}

}  // namespace cli
