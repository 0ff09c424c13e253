// Owns the signature dictionary: written with room for /ByteRange and /Contents, then filled
// once the whole file is known, so the signature covers every byte but its own value.
#include <cstdio>

#include "sign/parts.hpp"

namespace sign {

namespace {

const char* const byte_range_room = "[0 0000000000 0000000000 0000000000]";

}  // namespace

std::string signature_dictionary(const std::string& signer, const std::string& reason, std::time_t when,
                                 std::size_t room) {
    std::string out = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n/ByteRange ";
    out += byte_range_room;
    out += "\n/Contents <" + std::string(2 * room, '0') + ">\n/M ";
    pdf::write_value_as_is(make_text(pdf_date(when)), out);
    if (!signer.empty()) {
        out += "\n/Name ";
        pdf::write_value_as_is(make_text(signer), out);
    }
    if (!reason.empty()) {
        out += "\n/Reason ";
        pdf::write_value_as_is(make_text(reason), out);
    }
    return out + "\n>>";
}

bool fill_signature(std::string& file, std::size_t dictionary_at, const der_maker& make_der,
                    vanthu::diagnostics& problems) {
    const std::size_t range_at = file.find("/ByteRange ", dictionary_at) + 11;
    const std::size_t open = file.find("/Contents <", dictionary_at) + 10;
    const std::size_t close = file.find('>', open) + 1;  // one past the '>'
    char range[64];
    int length = std::snprintf(range, sizeof range, "[0 %zu %zu %zu]", open, close, file.size() - close);
    const std::size_t room = std::char_traits<char>::length(byte_range_room);
    std::string filled(range, static_cast<std::size_t>(length));
    filled.resize(room, ' ');  // the same width, so no offset moves
    file.replace(range_at, room, filled);
    std::string der;
    if (!make_der(std::string_view(file).substr(0, open), std::string_view(file).substr(close), der, problems))
        return false;
    if (2 * der.size() > close - open - 2) {
        problems.error({}, "cannot sign: the signature (" + std::to_string(der.size()) +
                               " bytes) is larger than the room made for it (" + std::to_string((close - open - 2) / 2) +
                               " bytes)", "a time-stamp token with a long chain: report it");
        return false;
    }
    static const char digits[] = "0123456789ABCDEF";
    for (std::size_t i = 0; i < der.size(); ++i) {
        auto b = static_cast<unsigned char>(der[i]);
        file[open + 1 + 2 * i] = digits[b >> 4];
        file[open + 2 + 2 * i] = digits[b & 0xF];
    }
    return true;
}

}  // namespace sign
