// Turning the bytes of a record into UTF-8: UTF-8, UTF-16 with a BOM, Windows-1258.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace text {

struct decode_result {
    std::string utf8;             // the text as UTF-8 (not yet NFC), without a BOM
    bool ok = true;
    std::size_t error_offset = 0; // offset in the input bytes of the first bad byte
    std::string message;          // e.g. "invalid UTF-8", "unsupported encoding 'koi8-r'"
    std::string guessed;          // the encoding read when it was guessed from the bytes (warn), else empty

    explicit operator bool() const { return ok; }
};

// Detects the encoding of an XML document and converts it to UTF-8:
// a UTF-16 (LE or BE) or UTF-8 byte order mark wins; otherwise the XML
// declaration's encoding="..." (any name decode_named takes, case-insensitive);
// otherwise `forced` when not empty; otherwise UTF-8 when the bytes are, else the legacy
// encoding they look like (windows-1258, TCVN3 or VNI, named in `guessed`). The encoding
// attribute in the returned text's XML declaration is rewritten to "UTF-8" when the input
// was converted.
decode_result decode_xml_bytes(std::string_view bytes, std::string_view forced = {});

// Decodes bytes in a named encoding: utf-8; windows-1258 (cp1258); tcvn3 (tcvn5712-1, abc);
// tcvn3-h (TCVN3 whose small letters are meant as capitals, the .VnTimeH fonts: the text of
// an XML document in capitals, its markup untouched); vni (vni-windows); viqr (RFC 1456, in an
// XML document only its text and double-quoted attribute values). A name it does not know is
// a failure saying so.
decode_result decode_named(std::string_view bytes, std::string_view name, bool xml);

// Which characters of an XML document are its text (character data and double-quoted
// attribute values), as opposed to names and markup, read one character at a time.
class xml_text_parts {
public:
    explicit xml_text_parts(bool on = true) : xml(on) {}
    // Moves past c; true when c is text (always, when the reader is not on).
    bool text(char c);

private:
    bool xml;
    bool in_tag = false, quoted = false, single = false;
};

// VNI Windows bytes as UTF-8 (marks combining).
std::string vni_to_utf8(std::string_view bytes);
// VIQR (RFC 1456) as UTF-8 (marks combining): a( a^ e^ o^ o+ u+, then ' ` ? ~ . for the tone,
// dd for đ, a backslash before a mark for the mark itself. xml: only text and double-quoted
// attribute values are read as VIQR.
std::string viqr_to_utf8(std::string_view ascii, bool xml);
// The character data of an XML document in capitals (the .VnTimeH convention of TCVN3).
std::string upper_text_of_xml(std::string_view utf8);

// Decodes a text file with no declaration of its own (a CSV list): a byte order mark (UTF-8,
// UTF-16 LE or BE) wins; then `forced` when not empty (utf-8, windows-1258 / cp1258, tcvn3 /
// tcvn5712-1 / abc); then valid UTF-8; else windows-1258, or TCVN3 (ABC) when windows-1258
// reads as TCVN3 bytes would. `guessed` names the encoding when it was guessed from bytes that
// are not UTF-8 (the caller warns), else it is left empty.
decode_result decode_text_bytes(std::string_view bytes, std::string_view forced, std::string& guessed);

// Where decode_xml_bytes would give the bytes back as they are: valid UTF-8 declaring utf-8
// or nothing, after any UTF-8 BOM. The offset of the text (0, or 3 past a BOM), or npos when
// decoding would change or refuse them. A caller may then use the bytes without a copy.
std::size_t utf8_as_is(std::string_view bytes);

}  // namespace text
