// libFuzzer target: any bytes as a template file, loaded and checked (never a crash or a hang).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "tmpl/template.hpp"

namespace {

// A private folder for the template under test, beside a copy of nothing else.
const std::string& fuzz_folder() {
    static const std::string dir = [] {
        std::string d = (std::filesystem::temp_directory_path() / ("vanthu-fuzz-template-" + std::to_string(getpid()))).string();
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

}  // namespace

// One input: written as fuzz.xml and loaded.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    {
        std::ofstream out(fuzz_folder() + "/fuzz.xml", std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    tmpl::load_result r = tmpl::load_template(fuzz_folder(), "fuzz");
    (void)r;
    return 0;
}
