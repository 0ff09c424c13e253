// README.md's commands and links: what a newcomer runs first, what CI runs, where the contract is.
#include <catch2/catch.hpp>

#include <sstream>

#include "support/test_paths.hpp"

namespace {

// The sh code blocks of README.md, in order.
std::vector<std::string> shell_blocks() {
    std::vector<std::string> blocks;
    std::stringstream in(test_paths::read_file(test_paths::source("README.md")));
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (!inside && line == "```sh") {
            inside = true;
            blocks.emplace_back();
        } else if (inside && line == "```") {
            inside = false;
        } else if (inside) {
            blocks.back() += line + "\n";
        }
    }
    return blocks;
}

// Whether text contains part.
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("readme_first_command_builds_only_the_programs_then_renders_the_samples", "[docs]") {
    const std::vector<std::string> blocks = shell_blocks();
    REQUIRE(blocks.size() >= 2);
    const std::string& first = blocks[0];
    INFO(first);
    // The programs alone (vanthu builds vanthu-serve as well): no test program, no benchmark.
    CHECK(has(first, "cmake --build build -j2 --target vanthu "));
    CHECK(has(first, "build/vanthu render -o out samples/*.xml"));
    CHECK_FALSE(has(first, "ctest"));
}

TEST_CASE("ci_runs_the_test_command_of_readme_exactly_and_it_builds_everything", "[docs]") {
    const std::vector<std::string> blocks = shell_blocks();
    REQUIRE(blocks.size() >= 2);
    std::string second = blocks[1];
    second.pop_back();  // its final newline
    INFO(second);
    CHECK(has(test_paths::read_file(test_paths::source(".ci/run")), second + " || exit 1"));
    CHECK(has(second, "cmake --build build -j2 &&"));  // every target: the tests too
    CHECK_FALSE(has(second, "--target"));
    CHECK_FALSE(has(second, "VANTHU_TESTS"));
}

TEST_CASE("readme_links_the_record_contract_inside_the_repository", "[docs]") {
    const std::string readme = test_paths::read_file(test_paths::source("README.md"));
    CHECK(has(readme, "docs/records.md"));
    CHECK_FALSE(has(readme, "../shared/"));
    CHECK_FALSE(has(readme, "/work/"));
}
