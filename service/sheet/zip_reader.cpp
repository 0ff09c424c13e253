// Owns reading the ZIP container of workbooks: the end record, the central directory, each
// entry's local header, inflating (libdeflate) and the CRC-32 check. Nothing is trusted: every
// offset and length is checked against the bytes before it is followed.
#include "sheet/zip_reader.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <memory>
#include <unordered_set>

#include "text/utf8.hpp"

namespace sheet::detail {

namespace {

constexpr std::uint32_t local_header_signature = 0x04034b50;
constexpr std::uint32_t central_header_signature = 0x02014b50;
constexpr std::uint32_t end_of_central_signature = 0x06054b50;
constexpr std::uint32_t zip64_locator_signature = 0x07064b50;
constexpr std::size_t end_record_size = 22;
constexpr std::size_t central_header_size = 46;
constexpr std::size_t local_header_size = 30;
constexpr std::size_t max_comment = 0xffff;
constexpr std::uint16_t encrypted_flag = 0x0001;

std::uint16_t get16(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}

std::uint32_t get32(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(get16(b, at)) | static_cast<std::uint32_t>(get16(b, at + 2)) << 16;
}

// Where the end record starts: the last signature whose comment ends exactly at the end.
std::size_t find_end_record(std::string_view b) {
    if (b.size() < end_record_size) return std::string_view::npos;
    const std::size_t last = b.size() - end_record_size;
    const std::size_t first = last > max_comment ? last - max_comment : 0;
    for (std::size_t at = last + 1; at-- > first;)
        if (get32(b, at) == end_of_central_signature && at + end_record_size + get16(b, at + 20) == b.size()) return at;
    return std::string_view::npos;
}

}  // namespace

std::string shown_name(std::string_view name) {
    constexpr std::size_t shown = 80;
    std::size_t at = 0;
    for (std::size_t n = 0; n < shown && at < name.size(); ++n) text::next_code_point(name, at);
    return at < name.size() ? std::string(name.substr(0, at)) + "..." : std::string(name);
}

bool zip_reader::open(std::string_view bytes, std::string& why) {
    bytes_ = bytes;
    entries_.clear();
    const std::size_t end = find_end_record(bytes);
    if (end == std::string_view::npos) {
        why = "not a ZIP archive (no end of central directory)";
        return false;
    }
    const std::uint16_t disk = get16(bytes, end + 4), central_disk = get16(bytes, end + 6);
    const std::uint16_t on_disk = get16(bytes, end + 8), count = get16(bytes, end + 10);
    const std::uint32_t central_size = get32(bytes, end + 12), central_offset = get32(bytes, end + 16);
    if (end >= 20 && get32(bytes, end - 20) == zip64_locator_signature) {
        why = "a ZIP64 archive (over 4 GiB or 65,535 parts), which no list needs";
        return false;
    }
    if (disk != 0 || central_disk != 0 || on_disk != count) {
        why = "a ZIP split over several disks";
        return false;
    }
    if (static_cast<std::uint64_t>(central_offset) + central_size > end) {
        why = "the ZIP's central directory lies outside the file (truncated or damaged)";
        return false;
    }
    std::unordered_set<std::string_view> names;
    std::size_t at = central_offset;
    const std::size_t central_end = static_cast<std::size_t>(central_offset) + central_size;
    entries_.reserve(count);
    for (std::uint16_t i = 0; i < count; ++i) {
        const std::string place = "ZIP entry " + std::to_string(i + 1);
        if (at + central_header_size > central_end || get32(bytes, at) != central_header_signature) {
            why = place + ": the central directory is damaged";
            return false;
        }
        const std::uint16_t flags = get16(bytes, at + 8);
        entry e;
        e.method = get16(bytes, at + 10);
        e.crc = get32(bytes, at + 16);
        e.packed = get32(bytes, at + 20);
        e.size = get32(bytes, at + 24);
        const std::size_t name_length = get16(bytes, at + 28), extra = get16(bytes, at + 30), comment = get16(bytes, at + 32);
        const std::uint32_t local = get32(bytes, at + 42);
        if (at + central_header_size + name_length + extra + comment > central_end) {
            why = place + ": the central directory is damaged";
            return false;
        }
        e.name.assign(bytes.substr(at + central_header_size, name_length));
        at += central_header_size + name_length + extra + comment;
        if (text::find_invalid_utf8(e.name) != std::string::npos) {
            why = place + " has a name that is not UTF-8 (a workbook names its parts in ASCII)";
            return false;
        }
        const std::string named = place + " (" + shown_name(e.name) + ")";
        if (flags & encrypted_flag) {
            why = named + " is encrypted (save the workbook without a password)";
            return false;
        }
        if (e.method != 0 && e.method != 8) {
            why = named + " is packed with method " + std::to_string(e.method) + "; only stored and deflated are read";
            return false;
        }
        if (e.method == 8 && e.packed == 0 && e.size > 0) {
            why = named + " says it unpacks to " + std::to_string(e.size) + " bytes from none";
            return false;
        }
        if (e.method == 0 && e.packed != e.size) {
            why = named + " is stored, yet its packed and unpacked sizes differ";
            return false;
        }
        if (e.packed == 0xffffffffu || e.size == 0xffffffffu || local == 0xffffffffu) {
            why = named + " needs ZIP64, which no list needs";
            return false;
        }
        if (static_cast<std::uint64_t>(local) + local_header_size > central_offset ||
            get32(bytes, local) != local_header_signature) {
            why = named + ": its local header is missing (damaged ZIP)";
            return false;
        }
        const std::size_t local_name = get16(bytes, local + 26), local_extra = get16(bytes, local + 28);
        e.data_offset = static_cast<std::uint64_t>(local) + local_header_size + local_name + local_extra;
        if (local_name != name_length || bytes.substr(local + local_header_size, local_name) != e.name) {
            why = named + ": its local header names another part (damaged ZIP)";
            return false;
        }
        if (e.data_offset + e.packed > central_offset) {
            why = named + ": its bytes run past the end of the data (truncated or damaged ZIP)";
            return false;
        }
        entries_.push_back(std::move(e));
    }
    for (const entry& e : entries_)
        if (!names.insert(e.name).second) {
            why = "two parts are named '" + shown_name(e.name) + "'";
            return false;
        }
    return true;
}

const zip_reader::entry* zip_reader::find(std::string_view name) const {
    for (const entry& e : entries_)
        if (e.name == name) return &e;
    return nullptr;
}

bool zip_reader::read(const entry& e, std::string& out, std::string& why) const {
    const std::string_view packed = bytes_.substr(static_cast<std::size_t>(e.data_offset), static_cast<std::size_t>(e.packed));
    out.clear();
    if (e.method == 0) {
        out.assign(packed);
    } else {
        out.resize(static_cast<std::size_t>(e.size));
        std::unique_ptr<libdeflate_decompressor, decltype(&libdeflate_free_decompressor)> inflater(
            libdeflate_alloc_decompressor(), libdeflate_free_decompressor);
        if (!inflater) {
            why = "out of memory unpacking " + shown_name(e.name);
            return false;
        }
        std::size_t unpacked = 0;
        const libdeflate_result r =
            libdeflate_deflate_decompress(inflater.get(), packed.data(), packed.size(), out.data(), out.size(), &unpacked);
        if (r == LIBDEFLATE_INSUFFICIENT_SPACE || (r == LIBDEFLATE_SUCCESS && unpacked != out.size())) {
            why = shown_name(e.name) + " unpacks to another size than the ZIP says (damaged ZIP)";
            return false;
        }
        if (r != LIBDEFLATE_SUCCESS) {
            why = shown_name(e.name) + " cannot be unpacked (damaged ZIP)";
            return false;
        }
    }
    if (libdeflate_crc32(0, out.data(), out.size()) != e.crc) {
        why = shown_name(e.name) + " fails its CRC-32 check (damaged ZIP)";
        return false;
    }
    return true;
}

}  // namespace sheet::detail
