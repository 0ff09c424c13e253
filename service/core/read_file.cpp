// Owns reading small files safely: regular files only, opened before they are looked at, under a cap.
#include "core/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace vanthu {

const char* file_type_name(mode_t mode) {
    if (S_ISLNK(mode)) return "a symbolic link";
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
    return "not a regular file";
}

namespace {

// Every byte of an open file of a known size (fewer when it was cut while read).
std::string read_all(int fd, std::size_t size) {
    std::string bytes(size, '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    bytes.resize(got);  // a file cut while read is read as it is now
    return bytes;
}

}  // namespace

file_read read_regular_file(const std::string& path, std::size_t max_bytes) {
    file_read out;
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        struct stat st {};
        if (errno == ELOOP || (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)))
            out.refused = std::string("it is ") + (errno == ELOOP ? "a symbolic link" : file_type_name(st.st_mode));
        return out;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return out;
    }
    out.size = static_cast<std::uint64_t>(st.st_size);
    out.modified_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    if (!S_ISREG(st.st_mode)) {
        out.refused = std::string("it is ") + file_type_name(st.st_mode);
    } else if (out.size > max_bytes) {
        out.too_large = true;
        out.refused = "it is " + std::to_string(out.size) + " bytes, over the limit of " + std::to_string(max_bytes);
    } else {
        out.bytes = read_all(fd, static_cast<std::size_t>(out.size));
    }
    ::close(fd);
    return out;
}

bool read_at_most(std::istream& in, std::size_t max_bytes, std::string& out) {
    out.clear();
    char chunk[65536];
    while (out.size() <= max_bytes && in) {
        in.read(chunk, static_cast<std::streamsize>(std::min(sizeof chunk, max_bytes + 1 - out.size())));
        out.append(chunk, static_cast<std::size_t>(in.gcount()));
    }
    return out.size() <= max_bytes;
}

}  // namespace vanthu
