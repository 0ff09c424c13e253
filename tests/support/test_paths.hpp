// Where tests find the source tree (samples, templates, fonts) and the built program.
#pragma once

#include <string>

namespace test_paths {

// The source tree's top folder, e.g. "/work/main".
std::string source_dir();
// The build tree's top folder (where build/vanthu lives).
std::string binary_dir();
// source_dir() + "/" + relative.
std::string source(const std::string& relative);
// The whole content of a file; fails the test if it cannot be read.
std::string read_file(const std::string& path);
// A fresh empty folder under the build tree for this test's files.
std::string scratch_dir(const std::string& name);

}  // namespace test_paths
