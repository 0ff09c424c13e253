// Owns reading inputs and writing outputs whole or not at all.
#include "cli/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <iterator>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

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

atomic_file::atomic_file(std::string path) : path_(std::move(path)) {
    temp_ = path_ + ".part-" + std::to_string(::getpid());
}

// Removes the temporary file of a write never committed.
atomic_file::~atomic_file() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !temp_.empty()) std::remove(temp_.c_str());
}

// Creates (or empties) the temporary file beside the path.
bool atomic_file::open(std::string& message) {
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ >= 0) return true;
    message = "cannot write " + path_ + ": " + std::strerror(errno);
    temp_.clear();  // nothing was created, nothing to remove
    return false;
}

// Appends the bytes to the temporary file.
bool atomic_file::write(std::string_view bytes, std::string& message) {
    if (fd_ >= 0 && write_all(fd_, bytes)) return true;
    message = "cannot write " + path_ + ": " + std::strerror(fd_ >= 0 ? errno : EBADF);
    return false;
}

// fsync, close, rename: the file appears at its path whole or not at all.
bool atomic_file::commit(std::string& message) {
    if (fd_ < 0) {
        message = "cannot write " + path_ + ": " + std::strerror(EBADF);
        return false;
    }
    bool ok = ::fsync(fd_) == 0;
    int saved = errno;
    if (::close(fd_) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    fd_ = -1;
    if (ok && std::rename(temp_.c_str(), path_.c_str()) == 0) {
        committed_ = true;
        return true;
    }
    message = "cannot write " + path_ + ": " + std::strerror(ok ? errno : saved);
    return false;
}

bool write_file_atomically(const std::string& path, std::string_view bytes, std::string& message) {
    atomic_file file(path);
    return file.open(message) && file.write(bytes, message) && file.commit(message);
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
