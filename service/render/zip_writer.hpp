// The one ZIP writer of split renders: the command's --split, /v1/render?split=1 and split jobs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace render {

// Where a zip_writer puts its bytes, in order; false (with a message) stops the archive.
using zip_bytes_sink = std::function<bool(std::string_view bytes, std::string& message)>;

// A plain ZIP (no ZIP64) written as it goes: each entry's header and bytes go to the sink
// when it is added, the central directory when the archive is finished. Entries are stored
// (PDFs are compressed already), dated 2000-01-01 00:00 and marked rw-r--r--, so the same
// entries give the same bytes whoever writes them.
class zip_writer {
public:
    explicit zip_writer(zip_bytes_sink sink);

    // Adds one entry; false with a message when the sink fails or the archive would need ZIP64.
    bool add(const std::string& name, std::string_view bytes, std::string& message);
    // Writes the central directory and its end record; false with a message.
    bool finish(std::string& message);

private:
    // What the central directory repeats about one entry.
    struct entry {
        std::string name;
        std::uint32_t crc = 0;
        std::uint32_t size = 0;
        std::uint32_t offset = 0;
        std::uint16_t flags = 0;
    };
    zip_bytes_sink sink_;
    std::vector<entry> entries_;
    std::uint64_t written_ = 0;  // bytes handed to the sink so far
};

}  // namespace render
