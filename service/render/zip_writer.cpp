// Owns the ZIP format of split renders: stored entries with fixed dates, the central directory
// at the end; plain ZIP (no ZIP64), zlib for the CRC-32 only.
#include "render/zip_writer.hpp"

#include <zlib.h>

#include <utility>

namespace render {

namespace {

constexpr std::uint32_t local_header_signature = 0x04034b50;
constexpr std::uint32_t central_header_signature = 0x02014b50;
constexpr std::uint32_t end_of_central_signature = 0x06054b50;
constexpr std::uint16_t version_needed = 20;            // 2.0: the least any reader supports
constexpr std::uint16_t version_made_by = 0x0300 | 20;  // Unix, 2.0: the attributes are Unix modes
constexpr std::uint16_t utf8_name_flag = 0x0800;        // bit 11: the name is UTF-8
constexpr std::uint16_t fixed_dos_date = (20 << 9) | (1 << 5) | 1;  // 2000-01-01: same batch, same bytes
constexpr std::uint32_t file_mode = 0100644u << 16;     // a regular file, rw-r--r--
constexpr std::uint64_t plain_zip_limit = 0xffffffffu;  // sizes and offsets past this need ZIP64
constexpr std::size_t plain_zip_entries = 0xffff;       // so do more entries than this

// Appends a little-endian 16-bit value.
void put16(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
}

// Appends a little-endian 32-bit value.
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}

// Whether a name needs the UTF-8 flag (any byte outside ASCII).
bool has_non_ascii(const std::string& name) {
    for (const char c : name)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

// The fields the local and the central header share, from "version needed" to "extra length".
void put_common_fields(std::string& out, std::uint16_t flags, std::uint32_t crc, std::uint32_t size,
                       const std::string& name) {
    put16(out, version_needed);
    put16(out, flags);
    put16(out, 0);  // stored: PDFs are compressed already
    put16(out, 0);  // time 00:00:00
    put16(out, fixed_dos_date);
    put32(out, crc);
    put32(out, size);  // compressed size = size, stored
    put32(out, size);
    put16(out, static_cast<std::uint32_t>(name.size()));
    put16(out, 0);  // no extra field
}

}  // namespace

zip_writer::zip_writer(zip_bytes_sink sink) : sink_(std::move(sink)) {}

// One stored entry: its local header and its bytes go to the sink at once.
bool zip_writer::add(const std::string& name, std::string_view bytes, std::string& message) {
    const std::uint64_t header_size = 30 + name.size();
    if (entries_.size() >= plain_zip_entries || name.size() > 0xffff ||
        written_ + header_size + bytes.size() > plain_zip_limit) {
        message = "cannot add " + name + " to the ZIP: a ZIP without ZIP64 holds at most 65,535 entries and 4 GiB";
        return false;
    }
    entry e;
    e.name = name;
    e.crc = static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
    e.size = static_cast<std::uint32_t>(bytes.size());
    e.offset = static_cast<std::uint32_t>(written_);
    e.flags = has_non_ascii(name) ? utf8_name_flag : 0;
    std::string header;
    put32(header, local_header_signature);
    put_common_fields(header, e.flags, e.crc, e.size, name);
    header += name;
    if (!sink_(header, message) || !sink_(bytes, message)) return false;
    written_ += header.size() + bytes.size();
    entries_.push_back(std::move(e));
    return true;
}

// The central directory and its end record, after the last entry.
bool zip_writer::finish(std::string& message) {
    std::string central;
    for (const entry& e : entries_) {
        put32(central, central_header_signature);
        put16(central, version_made_by);
        put_common_fields(central, e.flags, e.crc, e.size, e.name);
        put16(central, 0);  // no comment
        put16(central, 0);  // disk 0
        put16(central, 0);  // no internal attributes
        put32(central, file_mode);
        put32(central, e.offset);
        central += e.name;
    }
    if (written_ + central.size() > plain_zip_limit) {
        message = "cannot finish the ZIP: a ZIP without ZIP64 holds at most 4 GiB";
        return false;
    }
    const auto count = static_cast<std::uint32_t>(entries_.size());
    const auto directory_size = static_cast<std::uint32_t>(central.size());
    put32(central, end_of_central_signature);
    put16(central, 0);  // this disk
    put16(central, 0);  // the disk the directory starts on
    put16(central, count);
    put16(central, count);
    put32(central, directory_size);
    put32(central, static_cast<std::uint32_t>(written_));
    put16(central, 0);  // no archive comment
    if (!sink_(central, message)) return false;
    written_ += central.size();
    return true;
}

}  // namespace render
