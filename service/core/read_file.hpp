// Reading a small file someone else may have put there: never a link, a FIFO or a device.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>

namespace vanthu {

// What reading a file came to: its bytes, or why it is refused (neither when it simply could
// not be read now, e.g. it was taken away).
struct file_read {
    std::optional<std::string> bytes;
    std::string refused;          // "it is a symbolic link", "it is 9000 bytes, over the limit of 4096" ...
    bool too_large = false;       // refused for its size alone
    std::uint64_t size = 0;       // from the open file
    std::int64_t modified_ns = 0; // its modification time, nanoseconds since the epoch
};

// What kind of entry a file type (st_mode) is, for the reason a non-file is refused.
const char* file_type_name(mode_t mode);

// The file's bytes: opened without following a link and without blocking on a FIFO, its kind
// and size known from the open file before a byte is read, refused past max_bytes.
file_read read_regular_file(const std::string& path, std::size_t max_bytes);

// At most max_bytes + 1 bytes of a stream into out, read in chunks as they come (a file of a
// few kilobytes costs a few kilobytes, not the limit); false when the stream holds more than max_bytes.
bool read_at_most(std::istream& in, std::size_t max_bytes, std::string& out);

}  // namespace vanthu
