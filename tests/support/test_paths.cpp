// Owns the test programs' view of the source and build trees.
#include "support/test_paths.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace test_paths {

std::string source_dir() { return VANTHU_SOURCE_DIR; }
std::string binary_dir() { return VANTHU_BINARY_DIR; }
std::string source(const std::string& relative) { return source_dir() + "/" + relative; }

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    INFO("reading " << path);
    REQUIRE(in.good());
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

std::string scratch_dir(const std::string& name) {
    namespace fs = std::filesystem;
    fs::path dir = fs::path(binary_dir()) / "test-scratch" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

}  // namespace test_paths
