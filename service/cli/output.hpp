// Writing results so that no consumer ever sees half a file.
#pragma once

#include <string>
#include <string_view>

namespace cli {

// A file written piece by piece under a temporary name beside its path; commit syncs it and
// renames it over the path. Dropped before commit (or after a failed write) it removes the
// temporary file, so a file already at the path is never replaced by a half-written one.
class atomic_file {
public:
    explicit atomic_file(std::string path);
    ~atomic_file();
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;

    // Creates the temporary file; false with a message when it cannot.
    bool open(std::string& message);
    // Appends bytes; false with a message when they cannot be written.
    bool write(std::string_view bytes, std::string& message);
    // Syncs, closes and renames the temporary file over the path; false with a message.
    bool commit(std::string& message);
    // The final path.
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::string temp_;
    int fd_ = -1;
    bool committed_ = false;
};

// Writes bytes to a temporary name beside path, then renames it over path.
// On failure nothing is left behind and the message says why.
bool write_file_atomically(const std::string& path, std::string_view bytes, std::string& message);

// Reads a whole file, or stdin for "-". False with a message when it cannot.
bool read_input(const std::string& path, std::string& bytes, std::string& message);

}  // namespace cli
