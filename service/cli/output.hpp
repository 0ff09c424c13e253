// Reading the command's inputs; its outputs go through core/atomic_file.hpp, whole or not at all.
#pragma once

#include <string>
#include <string_view>

#include "core/atomic_file.hpp"

namespace cli {

// The command writes its files with the one atomic writer of core/.
using vanthu::atomic_file;
using vanthu::write_file_atomically;
using vanthu::folder_sync;
using vanthu::sync_folder;

// Reads a whole file, or stdin for "-". False with a message when it cannot.
bool read_input(const std::string& path, std::string& bytes, std::string& message);

}  // namespace cli
