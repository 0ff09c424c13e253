// Owns writing a result file whole or not at all: temporary name, fsync, rename, errno text.
#include "worker/worker_pool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <system_error>

namespace worker {

namespace {

// Writes every byte to fd, resuming after signals; 0 or the errno of the failure.
int write_all(int fd, std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? errno : EIO;
        done += static_cast<std::size_t>(n);
    }
    return 0;
}

// A temporary name next to the target, unique to this process and this call.
std::filesystem::path temporary_name(const std::filesystem::path& dir, const std::string& name) {
    static std::atomic<unsigned> counter{0};
    return dir / ("." + name + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
}

}  // namespace

// The data reach the disk (fsync) before the rename makes them visible under their name; on any
// failure the temporary file is removed, so a full disk never leaves a truncated file behind.
bool write_file_atomically(const std::string& dir, const std::string& name, std::string_view bytes,
                           std::string& error) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir, ec);
    const fs::path target = fs::path(dir) / name;
    const fs::path temp = temporary_name(dir, name);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = "cannot write " + target.string() + ": " + std::generic_category().message(errno);
        return false;
    }
    int failed = write_all(fd, bytes);
    if (failed == 0 && ::fsync(fd) != 0) failed = errno;
    if (::close(fd) != 0 && failed == 0) failed = errno;
    if (failed == 0 && ::rename(temp.c_str(), target.c_str()) != 0) failed = errno;
    if (failed == 0) return true;
    ::unlink(temp.c_str());
    error = "cannot write " + target.string() + ": " + std::generic_category().message(failed);
    return false;
}

bool write_file_atomically(const std::string& dir, const std::string& name, std::string_view bytes) {
    std::string ignored;
    return write_file_atomically(dir, name, bytes, ignored);
}

}  // namespace worker
