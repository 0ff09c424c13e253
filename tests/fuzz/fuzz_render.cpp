// libFuzzer target: any bytes as a record through the whole render with the default templates
// and fonts of the source tree (never a crash, a hang or a leak; a success is a PDF).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "render/render.hpp"

// One input: rendered in memory; nothing is written.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    render::options opts;
    opts.templates_dir = VANTHU_SOURCE_DIR "/templates";
    opts.fonts_dir = VANTHU_SOURCE_DIR "/fonts";
    opts.limits.max_recipients = 50;  // keeps one execution short; the limit itself is tested elsewhere
    render::result r = render::render_record(std::string_view(reinterpret_cast<const char*>(data), size), opts);
    if (r && r.pdf.compare(0, 5, "%PDF-") != 0) std::abort();
    return 0;
}
