// Owns step 1 of parse_record: the record's bytes turned into UTF-8.
#include "record/steps.hpp"

#include "text/encoding.hpp"
#include "text/utf8.hpp"

namespace record::detail {

namespace {

// A decoder message made safe to print: it may quote the record's bytes (an encoding name that
// runs on), so invalid UTF-8 and control characters become '?' and it is cut after 200 bytes.
std::string printable(std::string message) {
    const bool cut = message.size() > 200;
    if (cut) message.resize(200);  // first, so that the repair below reads 200 bytes at most
    for (std::size_t bad = text::find_invalid_utf8(message); bad != std::string::npos;
         bad = text::find_invalid_utf8(message))
        message[bad] = '?';
    for (char& c : message)
        if (static_cast<unsigned char>(c) < 0x20) c = '?';
    return cut ? message + "\xE2\x80\xA6" : message;
}

}  // namespace

// Decodes the bytes; on bad bytes reports the line:column of the first one. UTF-8 as it
// should be (most records) is not copied: a 10,000-recipient record is 2 MB.
bool decode_input(std::string_view bytes, const std::string& forced, std::string& storage, std::string_view& utf8,
                  vanthu::diagnostics& problems) {
    if (const std::size_t at = text::utf8_as_is(bytes); at != std::string_view::npos && forced.empty()) {
        utf8 = bytes.substr(at);
        return true;
    }
    text::decode_result decoded = text::decode_xml_bytes(bytes, forced);
    if (decoded) {
        if (!decoded.guessed.empty())
            problems.warning({"", 1, 1, ""}, "the record is not UTF-8 and names no encoding; read as " + decoded.guessed,
                             "check its text, then declare it: <?xml version=\"1.0\" encoding=\"" + decoded.guessed + "\"?>");
        storage = std::move(decoded.utf8);
        utf8 = storage;
        return true;
    }
    vanthu::location where = vanthu::locate_offset(bytes.data(), bytes.size(), decoded.error_offset);
    std::string message = decoded.message.empty() ? std::string("undecodable bytes") : printable(decoded.message);
    problems.error(where, message,
                   "expected UTF-8, UTF-16 with a byte order mark, or an encoding=\"...\" of windows-1258, TCVN3, "
                   "TCVN3-H, VNI or VIQR");
    return false;
}

}  // namespace record::detail
