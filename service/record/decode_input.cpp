// Owns step 1 of parse_record: the record's bytes turned into UTF-8.
#include "record/steps.hpp"

#include "text/encoding.hpp"

namespace record::detail {

// Decodes the bytes; on bad bytes reports the line:column of the first one.
bool decode_input(std::string_view bytes, std::string& utf8, vanthu::diagnostics& problems) {
    text::decode_result decoded = text::decode_xml_bytes(bytes);
    if (decoded) {
        utf8 = std::move(decoded.utf8);
        return true;
    }
    vanthu::location where = vanthu::locate_offset(bytes.data(), bytes.size(), decoded.error_offset);
    std::string message = decoded.message.empty() ? std::string("undecodable bytes") : decoded.message;
    problems.error(where, message,
                   "expected UTF-8, UTF-16 with a byte order mark, or encoding=\"windows-1258\"");
    return false;
}

}  // namespace record::detail
