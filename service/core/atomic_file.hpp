// Writing files whole or not at all: the one writer of the command, the worker and the spool.
#pragma once

#include <string>
#include <string_view>

namespace vanthu {

// When the folder of a committed file is synced (the rename made durable): at each commit, or
// once by the caller after many files (sync_folder): a command writing fifty PDFs into one
// folder syncs the folder once, not fifty times (15 % of such a run). Each file's data is
// synced before its rename either way, so a file is never at its path half-written.
enum class folder_sync { each_file, by_caller };

// A file written piece by piece under a temporary name in the folder of its path; commit
// syncs the data, renames the file over the path and syncs the folder, so that the file is
// on disk under its name, whole. Dropped before commit (or after any failure) it removes the
// temporary file: a file already at the path is never replaced by a half-written one.
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
    // Syncs, closes and renames the temporary file over the path, then syncs the folder;
    // false with a message ("cannot write PATH: reason") when any step fails.
    bool commit(std::string& message, folder_sync when = folder_sync::each_file);
    // The final path.
    const std::string& path() const { return path_; }

private:
    // Records the failure of a step: the message names the path and the system's reason.
    bool fail(int error, std::string& message);

    std::string path_;
    std::string temp_;
    int fd_ = -1;
    bool committed_ = false;
};

// Writes bytes to path through an atomic_file; false with the message when it cannot,
// leaving no file (temporary or truncated) behind and whatever was at path untouched.
bool write_file_atomically(const std::string& path, std::string_view bytes, std::string& message,
                           folder_sync when = folder_sync::each_file);

// Syncs a folder, so that the renames into it survive a crash; false with a message naming it.
bool sync_folder(const std::string& folder, std::string& message);

}  // namespace vanthu
