// Owns the ZIP of split PDFs: stored entries written as they come to a temporary file, the
// central directory at the end, then renamed into place. Plain ZIP (no ZIP64), no Poco.
#include "cli/zip_output.hpp"

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <vector>
#include <unistd.h>

namespace cli {

namespace {

constexpr std::uint32_t local_header_signature = 0x04034b50;
constexpr std::uint32_t central_header_signature = 0x02014b50;
constexpr std::uint32_t end_of_central_signature = 0x06054b50;
constexpr std::uint16_t version_needed = 20;           // 2.0: the least any reader supports
constexpr std::uint16_t version_made_by = 0x0300 | 20;  // Unix, 2.0: the attributes are Unix modes
constexpr std::uint16_t utf8_name_flag = 0x0800;       // bit 11: the name is UTF-8
constexpr std::uint16_t fixed_dos_date = (20 << 9) | (1 << 5) | 1;  // 2000-01-01: same batch, same bytes
constexpr std::uint32_t file_mode = 0100644u << 16;    // a regular file, rw-r--r--
constexpr std::uint64_t plain_zip_limit = 0xffffffffu; // sizes and offsets past this need ZIP64
constexpr std::size_t plain_zip_entries = 0xffff;      // so do more entries than this

// What the central directory repeats about one entry.
struct entry {
    std::string name;
    std::uint32_t crc = 0;
    std::uint32_t size = 0;
    std::uint32_t offset = 0;
    std::uint16_t flags = 0;
};

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

// The fields the local and the central header share, from "version needed" to "extra length".
void put_common_fields(std::string& out, const entry& e) {
    put16(out, version_needed);
    put16(out, e.flags);
    put16(out, 0);  // stored: PDFs are compressed already
    put16(out, 0);  // time 00:00:00
    put16(out, fixed_dos_date);
    put32(out, e.crc);
    put32(out, e.size);  // compressed size = size, stored
    put32(out, e.size);
    put16(out, static_cast<std::uint32_t>(e.name.size()));
    put16(out, 0);  // no extra field
}

// Whether a name needs the UTF-8 flag (any byte outside ASCII).
bool has_non_ascii(const std::string& name) {
    for (const char c : name)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

}  // namespace

struct zip_output::impl {
    std::string path;
    std::string temp;
    std::ofstream file;
    std::vector<entry> entries;
    std::uint64_t written = 0;  // bytes in the file so far
    bool committed = false;
};

// Remembers where the archive goes.
zip_output::zip_output(std::string path) : self_(std::make_unique<impl>()) {
    self_->path = std::move(path);
    self_->temp = self_->path + ".part-" + std::to_string(::getpid());
}

// Removes the temporary file of an archive never committed.
zip_output::~zip_output() {
    if (self_->committed) return;
    if (self_->file.is_open()) self_->file.close();
    std::remove(self_->temp.c_str());
}

// Opens the temporary file.
bool zip_output::open(std::string& message) {
    self_->file.open(self_->temp, std::ios::binary | std::ios::trunc);
    if (!self_->file) {
        message = "cannot write " + self_->path;
        return false;
    }
    return true;
}

// One entry, stored, with a fixed date so that the same batch gives the same bytes.
bool zip_output::add(const std::string& name, const std::string& bytes, std::string& message) {
    const std::uint64_t header_size = 30 + name.size();
    if (self_->entries.size() >= plain_zip_entries || name.size() > 0xffff ||
        self_->written + header_size + bytes.size() > plain_zip_limit) {
        message = "cannot add " + name + " to " + self_->path + ": a ZIP without ZIP64 holds at most 65,535 entries and 4 GiB";
        return false;
    }
    entry e;
    e.name = name;
    e.crc = static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
    e.size = static_cast<std::uint32_t>(bytes.size());
    e.offset = static_cast<std::uint32_t>(self_->written);
    e.flags = has_non_ascii(name) ? utf8_name_flag : 0;
    std::string header;
    put32(header, local_header_signature);
    put_common_fields(header, e);
    header += name;
    self_->file.write(header.data(), static_cast<std::streamsize>(header.size()));
    self_->file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!self_->file) {
        message = "cannot write " + self_->path;
        return false;
    }
    self_->written += header.size() + bytes.size();
    self_->entries.push_back(std::move(e));
    return true;
}

// Writes the central directory and its end record, closes and renames the file into place.
bool zip_output::commit(std::string& message) {
    std::string central;
    for (const entry& e : self_->entries) {
        put32(central, central_header_signature);
        put16(central, version_made_by);
        put_common_fields(central, e);
        put16(central, 0);  // no comment
        put16(central, 0);  // disk 0
        put16(central, 0);  // no internal attributes
        put32(central, file_mode);
        put32(central, e.offset);
        central += e.name;
    }
    if (self_->written + central.size() > plain_zip_limit) {
        message = "cannot finish " + self_->path + ": a ZIP without ZIP64 holds at most 4 GiB";
        return false;
    }
    const auto count = static_cast<std::uint32_t>(self_->entries.size());
    const auto directory_size = static_cast<std::uint32_t>(central.size());
    put32(central, end_of_central_signature);
    put16(central, 0);  // this disk
    put16(central, 0);  // the disk the directory starts on
    put16(central, count);
    put16(central, count);
    put32(central, directory_size);
    put32(central, static_cast<std::uint32_t>(self_->written));
    put16(central, 0);  // no archive comment
    self_->file.write(central.data(), static_cast<std::streamsize>(central.size()));
    self_->file.close();
    if (!self_->file || std::rename(self_->temp.c_str(), self_->path.c_str()) != 0) {
        message = "cannot write " + self_->path;
        return false;
    }
    self_->committed = true;
    return true;
}

}  // namespace cli
