// Owns the structural check of a template's PNG images, done before libharu ever reads one
// (libharu 2.3.0 crashes on some malformed PNGs): signature, chunks, CRCs, IHDR, IEND.
#include "tmpl/check_png.hpp"

#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>

#include "core/read_file.hpp"

namespace tmpl {

namespace {

constexpr std::size_t max_png_bytes = 16u * 1024u * 1024u;
constexpr std::uint32_t max_side = 10000;               // pixels
constexpr std::uint64_t max_pixels = 25u * 1000u * 1000u;  // what libharu may decode into memory

// The CRC-32 table of PNG (ISO 3309 polynomial, reflected).
const std::array<std::uint32_t, 256>& crc_table() {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    return table;
}

// The CRC-32 of a chunk's type and data, as stored after the chunk.
std::uint32_t crc_of(const unsigned char* bytes, std::size_t size) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i) c = crc_table()[(c ^ bytes[i]) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

// A big-endian 32-bit number.
std::uint32_t be32(const unsigned char* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// Whether the bit depth is one PNG allows for the colour type.
bool valid_depth(unsigned colour, unsigned depth) {
    switch (colour) {
        case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;  // grey
        case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;                 // palette
        case 2: case 4: case 6: return depth == 8 || depth == 16;  // RGB, grey + alpha, RGBA
        default: return false;
    }
}

// Checks the IHDR chunk's 13 bytes; fills the size; false with a message.
bool check_header(const unsigned char* d, png_info& info, std::string& message) {
    info.width = be32(d);
    info.height = be32(d + 4);
    info.bit_depth = d[8];
    info.colour_type = d[9];
    if (info.width == 0 || info.height == 0 || info.width > max_side || info.height > max_side ||
        std::uint64_t(info.width) * info.height > max_pixels) {
        message = "a size of " + std::to_string(info.width) + "x" + std::to_string(info.height) +
                  " pixels (at most " + std::to_string(max_side) + " a side, 25 megapixels)";
        return false;
    }
    if (!valid_depth(info.colour_type, info.bit_depth)) {
        message = "bit depth " + std::to_string(info.bit_depth) + " with colour type " +
                  std::to_string(info.colour_type);
        return false;
    }
    if (d[10] != 0 || d[11] != 0 || d[12] > 1) {
        message = "an unknown compression, filter or interlace method";
        return false;
    }
    return true;
}

// Walks the chunks after the signature: lengths inside the file, CRCs right, IHDR first
// (13 bytes), PLTE for a palette image, IDAT present, IEND last; false with a message.
bool check_chunks(const std::string& file, png_info& info, std::string& message) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(file.data());
    std::size_t pos = 8;
    bool header = false, palette = false, data = false;
    while (pos + 12 <= file.size()) {
        const std::uint32_t length = be32(bytes + pos);
        const std::string type(file, pos + 4, 4);
        if (length > file.size() - pos - 12) {
            message = "chunk " + type + " runs past the end of the file";
            return false;
        }
        if (crc_of(bytes + pos + 4, length + 4) != be32(bytes + pos + 8 + length)) {
            message = "chunk " + type + " has a bad CRC";
            return false;
        }
        const unsigned char* d = bytes + pos + 8;
        if (!header && (type != "IHDR" || length != 13)) {
            message = "the first chunk is not a 13-byte IHDR";
            return false;
        }
        if (type == "IHDR" && header) {
            message = "a second IHDR chunk";
            return false;
        }
        if (type == "IHDR" && !check_header(d, info, message)) return false;
        header = true;
        palette = palette || type == "PLTE";
        data = data || type == "IDAT";
        pos += 12 + length;
        if (type == "IEND") {
            if (!data) message = "no IDAT chunk (no image data)";
            else if (info.colour_type == 3 && !palette) message = "a palette image without a PLTE chunk";
            else if (length != 0) message = "an IEND chunk that is not empty";
            else return true;
            return false;
        }
    }
    message = "no IEND chunk (the file is cut short)";
    return false;
}

}  // namespace

// Reads the file and checks its structure; false with a message naming the fault.
bool check_png(const std::string& path, png_info& info, std::string& message) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        message = "cannot be read";
        return false;
    }
    std::string file;
    if (!vanthu::read_at_most(in, max_png_bytes, file)) {
        message = "is larger than 16 MiB";
        return false;
    }
    static const char signature[8] = {'\x89', 'P', 'N', 'G', '\x0D', '\x0A', '\x1A', '\x0A'};
    if (file.compare(0, 3, "\xFF\xD8\xFF") == 0) {
        message = "is a JPEG file, not a PNG (only PNG images are drawn: save it as PNG)";
        return false;
    }
    if (file.size() < 8 || file.compare(0, 8, std::string(signature, 8)) != 0) {
        message = "is not a PNG file (no PNG signature)";
        return false;
    }
    if (!check_chunks(file, info, message)) {
        message = "is a malformed PNG: " + message;
        return false;
    }
    return true;
}

}  // namespace tmpl
