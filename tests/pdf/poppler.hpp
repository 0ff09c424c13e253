// Running poppler's command-line tools on a PDF from a test.
#pragma once

#include <string>

namespace poppler {

// What a command printed.
struct output {
    std::string out;  // stdout
    std::string err;  // stderr
    int status = -1;  // exit status
};

// Runs "tool args 'pdf' 'target'" through the shell (target only when given;
// pdftotext's default target is "-", stdout), capturing stdout and stderr separately.
output run(const std::string& tool, const std::string& args, const std::string& pdf,
           const std::string& target = {});

// The value after "Key:" in pdfinfo-style output, trimmed; empty when absent.
std::string field(const std::string& listing, const std::string& key);

}  // namespace poppler
