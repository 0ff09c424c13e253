// Owns the search for the templates, fonts and web page folders.
#include "core/data_dirs.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace vanthu {

namespace fs = std::filesystem;

namespace {

// The folder holding the running program, or empty when it cannot be told.
fs::path program_dir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::string find_data_dir(const std::string& kind) {
    std::string variable = "VANTHU_";
    for (char c : kind) variable += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (const char* set = std::getenv(variable.c_str()); set && *set) return set;
    return builtin_data_dir(kind);
}

std::string builtin_data_dir(const std::string& kind) {
    std::error_code ec;
    const fs::path installed = program_dir() / ".." / "share" / "vanthu" / kind;
    if (!program_dir().empty() && fs::is_directory(installed, ec))
        return fs::weakly_canonical(installed, ec).string();
    return std::string(VANTHU_SOURCE_DATA_DIR) + "/" + kind;
}

std::vector<std::string> templates_after(const std::string& chosen) {
    const std::string builtin = builtin_data_dir("templates");
    std::error_code ec;
    if (!chosen.empty() && fs::weakly_canonical(chosen, ec) == fs::weakly_canonical(builtin, ec)) return {};
    return {builtin};
}

}  // namespace vanthu
