// Writing results so that no consumer ever sees half a file.
#pragma once

#include <string>
#include <string_view>

namespace cli {

// Writes bytes to a temporary name beside path, then renames it over path.
// On failure nothing is left behind and the message says why.
bool write_file_atomically(const std::string& path, std::string_view bytes, std::string& message);

// Reads a whole file, or stdin for "-". False with a message when it cannot.
bool read_input(const std::string& path, std::string& bytes, std::string& message);

}  // namespace cli
