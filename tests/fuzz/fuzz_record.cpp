// libFuzzer target: any bytes through the record parser and validator (never a crash, a hang
// or a leak; an accepted record has a well-formed id and NFC UTF-8 text everywhere; a rejected
// one says where: every error but the "too many problems" notice has a line and a column; every
// message is valid UTF-8).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "record/record.hpp"
#include "text/normalize.hpp"
#include "text/utf8.hpp"

namespace {

// Whether a string is valid UTF-8 already in NFC.
bool is_nfc_utf8(const std::string& s) {
    return text::find_invalid_utf8(s) == std::string::npos && text::to_nfc(s) == s;
}

// Whether an id is 1-128 characters of [A-Za-z0-9._:-] (RECORDS.md).
bool is_good_id(const std::string& id) {
    if (id.empty() || id.size() > 128) return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == ':' || c == '-';
        if (!ok) return false;
    }
    return true;
}

// Checks what an accepted node promises, and its children's, depth first.
void check_node(const record::node& n) {
    if (n.line <= 0 || n.column <= 0) std::abort();
    for (const auto& a : n.attributes)
        if (!is_nfc_utf8(a.second)) std::abort();
    for (const record::span& s : n.runs)
        if (!is_nfc_utf8(s.text)) std::abort();
    if (n.type == record::value_type::string && !is_nfc_utf8(n.str)) std::abort();
    for (const record::node& c : n.children) check_node(c);
}

}  // namespace

// One input: parse it, and check what an accepted or a rejected record promises.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const record::parse_result r = record::parse_record(bytes);
    for (const vanthu::diagnostic& d : r.problems.items) {
        if (text::find_invalid_utf8(d.message) != std::string::npos) std::abort();  // messages stay UTF-8
        const bool summary = d.message.rfind("too many problems", 0) == 0;  // the one notice about the whole list
        if (d.level == vanthu::severity::error && !summary && (d.where.line <= 0 || d.where.column <= 0)) std::abort();
    }
    if (!r) return 0;
    if (!is_good_id(r.value.id)) std::abort();
    check_node(r.value.root);
    return 0;
}
