// The one ZIP reader of lists: the container of an XLSX workbook, read from memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sheet::detail {

// A part's name as a message shows it: its first 80 characters (names are valid UTF-8).
std::string shown_name(std::string_view name);

// A plain ZIP (stored or deflated entries, one disk, no ZIP64, no encryption) checked as it
// is opened: every entry of the central directory lies inside the bytes, matches its local
// header, and has a UTF-8 name no other entry has. The bytes must outlive the reader.
class zip_reader {
public:
    struct entry {
        std::string name;
        std::uint16_t method = 0;      // 0 stored, 8 deflated
        std::uint32_t crc = 0;
        std::uint64_t packed = 0;      // bytes in the archive
        std::uint64_t size = 0;        // bytes unpacked, as the central directory says
        std::uint64_t data_offset = 0; // where the packed bytes start
    };

    // Reads the central directory; false with why when the bytes are not such a ZIP.
    bool open(std::string_view bytes, std::string& why);

    const std::vector<entry>& entries() const { return entries_; }
    // The entry of a name, or nullptr.
    const entry* find(std::string_view name) const;
    // The entry's bytes unpacked into out, checked against its size and CRC-32; false with why.
    bool read(const entry& e, std::string& out, std::string& why) const;

private:
    std::string_view bytes_;
    std::vector<entry> entries_;
};

}  // namespace sheet::detail
