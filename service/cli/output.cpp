// Owns reading inputs and writing outputs whole or not at all.
#include "cli/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <iterator>
#include <sstream>
#include <unistd.h>

namespace cli {

namespace {

// Writes all the bytes to a file descriptor, retrying short writes.
bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace

bool write_file_atomically(const std::string& path, std::string_view bytes, std::string& message) {
    const std::string temp = path + ".part-" + std::to_string(::getpid());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        message = "cannot write " + path + ": " + std::strerror(errno);
        return false;
    }
    bool ok = write_all(fd, bytes) && ::fsync(fd) == 0;
    const int saved = errno;
    ok = (::close(fd) == 0) && ok;
    if (ok && std::rename(temp.c_str(), path.c_str()) == 0) return true;
    message = "cannot write " + path + ": " + std::strerror(ok ? errno : saved);
    std::remove(temp.c_str());
    return false;
}

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
    char buffer[65536];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) bytes.append(buffer, n);
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) message = "cannot read " + path + ": read error";
    return !failed;
}

}  // namespace cli
