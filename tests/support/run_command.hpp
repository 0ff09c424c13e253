// Running a program from a test and capturing what it says.
#pragma once

#include <string>
#include <vector>

namespace test_paths {

struct command_output {
    int exit_code = -1;
    std::string out;  // its stdout
    std::string err;  // its stderr
};

// Runs argv (no shell) with stdin from the given bytes; waits for it.
command_output run_command(const std::vector<std::string>& argv, const std::string& stdin_bytes = {});

// The built vanthu program.
std::string vanthu_program();

}  // namespace test_paths
