// libFuzzer target: any bytes through the record parser and validator (never a crash, a hang
// or a leak; an accepted record is NFC UTF-8 and has an id).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "record/record.hpp"
#include "text/utf8.hpp"

// One input: parse it, and check what an accepted record promises.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    record::parse_result r = record::parse_record(bytes);
    if (r && r.value.id.empty()) std::abort();
    for (const vanthu::diagnostic& d : r.problems.items)
        if (text::find_invalid_utf8(d.message) != std::string::npos) std::abort();  // messages stay UTF-8
    return 0;
}
