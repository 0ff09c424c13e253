// Owns the temporary file a result is painted into before it is stored.
#include "worker/spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <Poco/DigestEngine.h>

#include "core/atomic_file.hpp"

namespace worker {

namespace {

// Reads up to max bytes at offset into out (appended); -1 on an error.
ssize_t read_at(int fd, std::uint64_t offset, std::size_t max, std::string& out) {
    const std::size_t had = out.size();
    out.resize(had + max);
    ssize_t n;
    do {
        n = ::pread(fd, out.data() + had, max, static_cast<off_t>(offset));
    } while (n < 0 && errno == EINTR);
    out.resize(had + (n > 0 ? static_cast<std::size_t>(n) : 0));
    return n;
}

}  // namespace

spill_file::spill_file(std::string d, std::uint64_t m) : dir(std::move(d)), max_bytes(m) {}

spill_file::~spill_file() {
    if (fd >= 0) ::close(fd);
}

// O_TMPFILE: a file with no name, gone when closed; where the file system lacks it, a named
// file unlinked at once.
bool spill_file::open(std::string& message) {
    std::error_code ec;
    const std::string where = dir.empty() ? std::filesystem::temp_directory_path(ec).string() : dir;
    fd = ::open(where.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        std::string name = where + "/vanthu-result-XXXXXX";
        fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (fd >= 0) ::unlink(name.c_str());
    }
    if (fd < 0) {
        message = "cannot make a temporary file for the result in " + where + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

bool spill_file::write(std::string_view bytes, std::string& message) {
    if (max_bytes != 0 && written + bytes.size() > max_bytes) {
        over = true;
        message = "the result is over vanthu.results.max_bytes (" + std::to_string(max_bytes) + " bytes)";
        return false;
    }
    digest.update(bytes.data(), bytes.size());
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            message = std::string("cannot write the result to a temporary file: ") + std::strerror(errno);
            return false;
        }
        written += static_cast<std::uint64_t>(n);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string spill_file::sha256() {
    if (hex.empty()) hex = Poco::DigestEngine::digestToHex(digest.digest());
    return hex;
}

result_reader spill_file::reader() const {
    auto offset = std::make_shared<std::uint64_t>(0);
    const int from = fd;
    return [from, offset](std::string& chunk, std::size_t max, std::string& error) {
        const ssize_t n = read_at(from, *offset, max, chunk);
        if (n < 0) error = std::string("cannot read the result back: ") + std::strerror(errno);
        if (n <= 0) return false;
        *offset += static_cast<std::uint64_t>(n);
        return true;
    };
}

bool spill_file::copy_to(const std::string& path, std::string& message) const {
    vanthu::atomic_file out(path);
    if (!out.open(message)) return false;
    std::string chunk;
    for (std::uint64_t offset = 0; offset < written;) {
        chunk.clear();
        const ssize_t n = read_at(fd, offset, 1u << 20, chunk);
        if (n <= 0) {
            message = "cannot read the result back to write " + path + ": " + std::strerror(n < 0 ? errno : EIO);
            return false;
        }
        if (!out.write(chunk, message)) return false;
        offset += static_cast<std::uint64_t>(n);
    }
    return out.commit(message);
}

}  // namespace worker
