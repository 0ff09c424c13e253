// Writing a ZIP of PDFs, one entry at a time, whole or not at all.
#pragma once

#include <memory>
#include <string>

namespace cli {

// A ZIP file being written under a temporary name beside its path; commit renames it
// over the path, and a zip_output dropped before commit leaves nothing behind.
class zip_output {
public:
    explicit zip_output(std::string path);
    ~zip_output();
    zip_output(const zip_output&) = delete;
    zip_output& operator=(const zip_output&) = delete;

    // Whether the temporary file could be opened; message says why not.
    bool open(std::string& message);
    // Adds one stored entry (PDFs are compressed already); false with a message on failure.
    bool add(const std::string& name, const std::string& bytes, std::string& message);
    // Finishes the archive and puts it in place.
    bool commit(std::string& message);

private:
    struct impl;
    std::unique_ptr<impl> self_;
};

}  // namespace cli
