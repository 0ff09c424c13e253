// Owns the repair of mis-encoded text: what find_misencoding sees, read back as it was meant.
#include <iconv.h>

#include <algorithm>
#include <optional>
#include <string>

#include "text/encoding.hpp"
#include "text/misencoding.hpp"
#include "text/normalize.hpp"
#include "text/utf8.hpp"

namespace text {

namespace {

// UTF-8 text as the bytes of an 8-bit encoding, or nothing when a character has no byte there.
std::optional<std::string> bytes_in(std::string_view utf8, const char* encoding) {
    iconv_t cd = iconv_open(encoding, "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out(utf8.size() * 2 + 8, '\0');
    char* in = const_cast<char*>(utf8.data());
    char* o = out.data();
    std::size_t in_left = utf8.size(), out_left = out.size();
    const std::size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
    const std::size_t flushed = rc == static_cast<std::size_t>(-1) ? rc : iconv(cd, nullptr, nullptr, &o, &out_left);
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1) || flushed == static_cast<std::size_t>(-1)) return std::nullopt;
    out.resize(out.size() - out_left);
    return out;
}

}  // namespace

std::optional<std::string> repair_misencoding(std::string_view nfc) {
    const misencoding kind = find_misencoding(nfc).kind;
    if (kind == misencoding::none) return std::nullopt;
    if (kind == misencoding::double_utf8) {  // word by word: a text may hold sound words too
        std::string out;
        bool changed = false;
        for (std::size_t at = 0; at < nfc.size();) {
            const std::size_t end = std::min(nfc.find(' ', at), nfc.size());
            const std::string_view word = nfc.substr(at, end - at);
            std::string meant(word);
            for (const char* once : {"WINDOWS-1252", "WINDOWS-1258", "LATIN1"}) {
                const std::optional<std::string> bytes = bytes_in(word, once);
                if (bytes && *bytes != word && find_invalid_utf8(*bytes) == std::string::npos) {
                    meant = to_nfc(*bytes);
                    changed = true;
                    break;
                }
            }
            out += meant;
            if (end < nfc.size()) out += ' ';
            at = end + 1;
        }
        if (!changed) return std::nullopt;
        return out;
    }
    // VNI or TCVN3 bytes that were read as windows-1258: the same bytes, read as what they are.
    const std::optional<std::string> bytes = bytes_in(to_nfc(nfc), "WINDOWS-1258");
    if (!bytes) return std::nullopt;
    const decode_result again = decode_named(*bytes, kind == misencoding::vni ? "vni" : "tcvn3", false);
    if (!again) return std::nullopt;
    std::string meant = to_nfc(again.utf8);
    if (meant == nfc || !reads_as_vietnamese(meant)) return std::nullopt;
    return meant;
}

}  // namespace text
