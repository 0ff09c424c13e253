// A result on its way from the renderer to the store: written to a temporary file as it is
// painted (no result is ever whole in memory), its size and SHA-256 counted, its size capped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <Poco/SHA2Engine.h>

#include "worker/store.hpp"

namespace worker {

class spill_file {
public:
    // dir: where the file goes ("" the system's temporary folder); max_bytes: the cap (0: none).
    spill_file(std::string dir, std::uint64_t max_bytes);
    // Closes the file; it has no name from the start, so nothing is left behind, even by a crash.
    ~spill_file();
    spill_file(const spill_file&) = delete;
    spill_file& operator=(const spill_file&) = delete;

    // Creates the file; false with a message when it cannot.
    bool open(std::string& message);
    // Appends bytes; false with a message past the cap (over_limit() then says so) or when the
    // write fails (a full disk).
    bool write(std::string_view bytes, std::string& message);
    // Whether a write went past the cap.
    bool over_limit() const { return over; }
    // Bytes written so far.
    std::uint64_t size() const { return written; }
    // The SHA-256 of everything written, lower-case hex (once writing is over).
    std::string sha256();
    // A reader for job_store::complete: the bytes from the start, a chunk at a time.
    result_reader reader() const;
    // Copies the bytes to path whole or not at all (vanthu.output); false with a message.
    bool copy_to(const std::string& path, std::string& message) const;

private:
    std::string dir;
    std::uint64_t max_bytes;
    int fd = -1;
    std::uint64_t written = 0;
    bool over = false;
    Poco::SHA2Engine digest{Poco::SHA2Engine::SHA_256};
    std::string hex;  // the digest, once taken
};

}  // namespace worker
