// libFuzzer target: any bytes as a template file, loaded and checked (never a crash or a hang;
// a refused template has an error at a line:column of its file; every message is valid UTF-8).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "text/utf8.hpp"
#include "tmpl/template.hpp"

namespace {

// A private folder for the template under test, holding copies of the default templates so
// that blank-of="minutes" and the like reach a real template.
const std::string& fuzz_folder() {
    static const std::string dir = [] {
        namespace fs = std::filesystem;
        const fs::path d = fs::temp_directory_path() / ("vanthu-fuzz-template-" + std::to_string(getpid()));
        fs::create_directories(d);
        for (const fs::directory_entry& e : fs::directory_iterator(VANTHU_SOURCE_DIR "/templates"))
            if (e.path().extension() == ".xml")
                fs::copy_file(e.path(), d / e.path().filename(), fs::copy_options::overwrite_existing);
        return d.string();
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
    const tmpl::load_result r = tmpl::load_template(fuzz_folder(), "fuzz");
    bool located = false;
    for (const vanthu::diagnostic& d : r.problems.items) {
        if (text::find_invalid_utf8(d.message) != std::string::npos) std::abort();
        located = located || (d.level == vanthu::severity::error && d.where.file == "fuzz.xml" && d.where.line > 0 &&
                              d.where.column > 0);
    }
    if (!r && !located) std::abort();  // refused without pointing at the place in fuzz.xml
    return 0;
}
