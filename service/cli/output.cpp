// Owns reading the command's inputs: a file, or stdin for "-".
#include "cli/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>
#include <sys/stat.h>

namespace cli {

bool read_input(const std::string& path, std::string& bytes, std::string& message) {
    if (path == "-") {
        std::ostringstream all;
        all << std::cin.rdbuf();
        bytes = all.str();
        return true;
    }
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        message = "cannot read " + path + ": " + std::strerror(errno);
        return false;
    }
    bytes.clear();
    struct stat about {};
    if (::fstat(::fileno(f), &about) == 0 && S_ISREG(about.st_mode))  // one allocation of the right size
        bytes.reserve(static_cast<std::size_t>(about.st_size));
    char buffer[65536];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) bytes.append(buffer, n);
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) message = "cannot read " + path + ": read error";
    return !failed;
}

}  // namespace cli
