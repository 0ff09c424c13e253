// Owns writing a file whole or not at all: temporary name beside it, write, fsync, rename,
// fsync of the folder; the message of a failure names the path and the system's reason.
#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <system_error>
#include <utility>

namespace vanthu {

namespace {

// Writes every byte to fd, resuming after signals and short writes; 0 or the errno of the failure.
int write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? errno : EIO;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

// The folder of a path ("." for a bare name), where its temporary file goes.
std::string folder_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// A hidden temporary name in the folder of path, unique to this process and this call:
// a consumer watching the folder for *.pdf never sees it.
std::string temporary_name(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    const std::size_t slash = path.rfind('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const std::string prefix = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
    return prefix + "." + name + ".part-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

// Syncs a folder, so that a rename in it survives a crash; 0 or the errno of the failure.
// A file system that cannot sync folders (EINVAL) has nothing more to give.
int sync_folder_now(const std::string& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno;
    int failed = ::fsync(fd) == 0 || errno == EINVAL ? 0 : errno;
    ::close(fd);
    return failed;
}

}  // namespace

atomic_file::atomic_file(std::string path) : path_(std::move(path)), temp_(temporary_name(path_)) {}

// Removes the temporary file of a write never committed.
atomic_file::~atomic_file() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

bool atomic_file::fail(int error, std::string& message) {
    message = "cannot write " + path_ + ": " + std::generic_category().message(error);
    return false;
}

// Creates the temporary file beside the path.
bool atomic_file::open(std::string& message) {
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ >= 0) return true;
    const int error = errno;
    temp_.clear();  // nothing was created, nothing to remove
    return fail(error, message);
}

// Appends the bytes to the temporary file.
bool atomic_file::write(std::string_view bytes, std::string& message) {
    if (fd_ < 0) return fail(EBADF, message);
    const int failed = write_all(fd_, bytes);
    return failed == 0 || fail(failed, message);
}

// fsync, close, rename, fsync of the folder: the file appears at its path whole or not at all.
bool atomic_file::commit(std::string& message, folder_sync when) {
    if (fd_ < 0) return fail(EBADF, message);
    int failed = ::fsync(fd_) == 0 ? 0 : errno;
    if (::close(fd_) != 0 && failed == 0) failed = errno;
    fd_ = -1;
    if (failed == 0 && std::rename(temp_.c_str(), path_.c_str()) != 0) failed = errno;
    if (failed != 0) return fail(failed, message);
    committed_ = true;
    if (when == folder_sync::by_caller) return true;
    failed = sync_folder_now(folder_of(path_));
    return failed == 0 || fail(failed, message);
}

bool write_file_atomically(const std::string& path, std::string_view bytes, std::string& message, folder_sync when) {
    atomic_file file(path);
    return file.open(message) && file.write(bytes, message) && file.commit(message, when);
}

bool sync_folder(const std::string& folder, std::string& message) {
    const int failed = sync_folder_now(folder);
    if (failed == 0) return true;
    message = "cannot sync the folder " + folder + ": " + std::generic_category().message(failed);
    return false;
}

}  // namespace vanthu
