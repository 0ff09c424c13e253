// Owns the detection of a record's encoding and its conversion to UTF-8.
#include "text/encoding.hpp"

#include <cctype>

#include "text/misencoding.hpp"
#include "text/normalize.hpp"
#include "text/utf8.hpp"
#include "text/vietnamese.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstring>

namespace text {

namespace {

// Where the XML declaration names an encoding, if it does.
struct declared_encoding {
    bool found = false;
    std::string value;           // as written, e.g. "Windows-1258"
    std::size_t value_begin = 0; // offset of the value's first character
    std::size_t value_end = 0;   // offset just past the value
};

// ASCII lower case of a string, for case-insensitive encoding names.
std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Whether a byte is XML whitespace.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Finds encoding="..." inside a leading <?xml ... ?> declaration of ASCII-compatible text.
// Whether a declared name has the form XML gives encoding names (EncName), at most 40 characters:
// only such a name is quoted back in a message.
bool is_encoding_name(std::string_view name) {
    if (name.empty() || name.size() > 40 || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
    return true;
}

declared_encoding find_declared_encoding(std::string_view text) {
    declared_encoding result;
    if (text.substr(0, 5) != "<?xml" || text.size() < 6 || !is_space(text[5])) return result;
    const std::size_t end = text.find("?>");
    if (end == std::string_view::npos) return result;
    const std::string_view decl = text.substr(0, end);
    const std::size_t key = decl.find("encoding");
    if (key == std::string_view::npos || !is_space(decl[key - 1])) return result;
    std::size_t pos = key + 8;
    while (pos < decl.size() && is_space(decl[pos])) ++pos;
    if (pos >= decl.size() || decl[pos] != '=') return result;
    ++pos;
    while (pos < decl.size() && is_space(decl[pos])) ++pos;
    if (pos >= decl.size() || (decl[pos] != '"' && decl[pos] != '\'')) return result;
    const char quote = decl[pos];
    const std::size_t close = decl.find(quote, pos + 1);
    if (close == std::string_view::npos) return result;
    result.found = true;
    result.value_begin = pos + 1;
    result.value_end = close;
    result.value = std::string(decl.substr(pos + 1, close - pos - 1));
    return result;
}

// Rewrites the declared encoding of text now in UTF-8 to "UTF-8", unless it says utf-8 already.
void rewrite_declaration(std::string& utf8) {
    const declared_encoding decl = find_declared_encoding(utf8);
    if (decl.found && lower_ascii(decl.value) != "utf-8")
        utf8.replace(decl.value_begin, decl.value_end - decl.value_begin, "UTF-8");
}

// A failed decode_result.
decode_result fail(std::size_t offset, std::string message) {
    decode_result result;
    result.ok = false;
    result.error_offset = offset;
    result.message = std::move(message);
    return result;
}

// Checks UTF-8 bytes (after any BOM, which starts at `base` in the input).
decode_result take_utf8(std::string_view bytes, std::size_t base) {
    const std::size_t bad = find_invalid_utf8(bytes);
    if (bad != std::string_view::npos) return fail(base + bad, "invalid UTF-8");
    decode_result result;
    result.utf8 = std::string(bytes);
    rewrite_declaration(result.utf8);  // a BOM wins over a declaration that disagrees
    return result;
}

// Decodes UTF-16 (after its BOM, which starts at `base`), pairing surrogates.
decode_result take_utf16(std::string_view bytes, std::size_t base, bool big_endian) {
    const auto unit_at = [&](std::size_t i) -> char32_t {
        const char32_t a = static_cast<unsigned char>(bytes[i]);
        const char32_t b = static_cast<unsigned char>(bytes[i + 1]);
        return big_endian ? (a << 8) | b : (b << 8) | a;
    };
    decode_result result;
    result.utf8.reserve(bytes.size());
    std::size_t i = 0;
    while (i + 1 < bytes.size()) {
        char32_t unit = unit_at(i);
        if (unit >= 0xDC00 && unit <= 0xDFFF) return fail(base + i, "invalid UTF-16: unpaired low surrogate");
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            if (i + 3 >= bytes.size()) return fail(base + i, "invalid UTF-16: unpaired high surrogate");
            const char32_t low = unit_at(i + 2);
            if (low < 0xDC00 || low > 0xDFFF) return fail(base + i, "invalid UTF-16: unpaired high surrogate");
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        }
        append_utf8(result.utf8, unit);
        i += 2;
    }
    if (i < bytes.size()) return fail(base + i, "invalid UTF-16: odd number of bytes");
    rewrite_declaration(result.utf8);
    return result;
}

// Converts an 8-bit Vietnamese encoding to UTF-8 with glibc's iconv: WINDOWS-1258, or
// TCVN5712-1 for TCVN3 (ABC) text, whose letters are where that table has them. Marks stay
// combining or are composed by glibc; the caller normalises to NFC either way.
decode_result take_iconv(std::string_view bytes, const char* from, const std::string& label) {
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) return fail(0, label + " is not available from iconv");
    decode_result result;
    std::string out(bytes.size() * 3 + 16, '\0');
    char* in_ptr = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    if (rc == static_cast<std::size_t>(-1)) {
        const std::size_t offset = bytes.size() - in_left;
        iconv_close(cd);
        return fail(offset, "invalid " + label + " byte");
    }
    rc = iconv(cd, nullptr, nullptr, &out_ptr, &out_left);  // flush a held-back base letter
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1)) return fail(bytes.size(), label + " conversion failed");
    out.resize(out.size() - out_left);
    result.utf8 = std::move(out);
    rewrite_declaration(result.utf8);
    return result;
}

decode_result take_windows_1258(std::string_view bytes) { return take_iconv(bytes, "WINDOWS-1258", "windows-1258"); }

}  // namespace

decode_result decode_named(std::string_view bytes, std::string_view name_given, bool xml) {
    const std::string name = lower_ascii(name_given);
    decode_result r;
    if (name == "utf-8" || name == "utf8") return take_utf8(bytes, 0);
    if (name == "windows-1258" || name == "cp1258") return take_windows_1258(bytes);
    if (name == "tcvn3" || name == "tcvn5712-1" || name == "tcvn-5712" || name == "abc")
        return take_iconv(bytes, "TCVN5712-1", "TCVN3");
    if (name == "tcvn3-h") {
        r = take_iconv(bytes, "TCVN5712-1", "TCVN3");
        if (r) r.utf8 = xml ? upper_text_of_xml(r.utf8) : to_upper(r.utf8);
        return r;
    }
    if (name == "vni" || name == "vni-windows") r.utf8 = vni_to_utf8(bytes);
    else if (name == "viqr") {
        for (std::size_t i = 0; i < bytes.size(); ++i)
            if (static_cast<unsigned char>(bytes[i]) >= 0x80) return fail(i, "a byte that is not ASCII in VIQR text");
        r.utf8 = viqr_to_utf8(bytes, xml);
    } else {
        if (xml && !is_encoding_name(name_given)) return fail(0, "malformed encoding name in the XML declaration");
        return fail(0, "unsupported encoding '" + std::string(name_given.substr(0, 40)) + "'");
    }
    if (xml) rewrite_declaration(r.utf8);
    return r;
}

namespace {

// Bytes that are not UTF-8 and name no encoding: windows-1258, unless what it reads shows the
// signs of TCVN3 ("Céng hßa") or VNI ("Hoïp baøn") bytes; the one read is named in guessed.
decode_result guess_legacy(std::string_view bytes, bool xml) {
    decode_result as_1258 = take_windows_1258(bytes);
    const misencoding seen = as_1258 ? find_misencoding(to_nfc(as_1258.utf8)).kind : misencoding::tcvn3;
    decode_result r = seen == misencoding::tcvn3 ? take_iconv(bytes, "TCVN5712-1", "TCVN3")
                      : seen == misencoding::vni ? decode_named(bytes, "vni", xml)
                                                 : std::move(as_1258);
    if (r && !reads_as_vietnamese(to_nfc(r.utf8))) return fail(0, "no guess");  // junk, or broken UTF-8
    if (r) r.guessed = seen == misencoding::tcvn3 ? "TCVN3" : seen == misencoding::vni ? "VNI" : "windows-1258";
    if (r && xml) rewrite_declaration(r.utf8);
    return r;
}

}  // namespace

// Picks the encoding (BOM, the XML declaration, the forced one, then UTF-8 or a guess) and converts.
decode_result decode_xml_bytes(std::string_view bytes, std::string_view forced) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return take_utf8(bytes.substr(3), 3);
    if (bytes.substr(0, 2) == "\xFF\xFE") return take_utf16(bytes.substr(2), 2, false);
    if (bytes.substr(0, 2) == "\xFE\xFF") return take_utf16(bytes.substr(2), 2, true);
    // UTF-16 without a BOM is recognised by "<?" (XML 1.0, appendix F).
    if (bytes.substr(0, 4) == std::string_view("<\0?\0", 4)) return take_utf16(bytes, 0, false);
    if (bytes.substr(0, 4) == std::string_view("\0<\0?", 4)) return take_utf16(bytes, 0, true);

    const declared_encoding decl = find_declared_encoding(bytes);
    if (!decl.found) {
        if (!forced.empty()) return decode_named(bytes, forced, true);
        if (find_invalid_utf8(bytes) == std::string_view::npos) return take_utf8(bytes, 0);
        decode_result guessed = guess_legacy(bytes, true);
        if (guessed) return guessed;
        return take_utf8(bytes, 0);  // the UTF-8 error, where it is
    }
    const std::string name = lower_ascii(decl.value);
    if (name == "utf-8" || name == "utf8" || name == "utf-16") {
        // "utf-16" on 8-bit text is a common mislabel (a .NET StringWriter
        // declares it, then the file is saved as UTF-8): accept valid UTF-8.
        return take_utf8(bytes, 0);
    }
    decode_result r = decode_named(bytes, decl.value, true);
    if (!r && r.error_offset == 0 && r.message.find("encoding") != std::string::npos) r.error_offset = decl.value_begin;
    return r;
}

decode_result decode_text_bytes(std::string_view bytes, std::string_view forced, std::string& guessed) {
    guessed.clear();
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return take_utf8(bytes.substr(3), 3);
    if (bytes.substr(0, 2) == "\xFF\xFE") return take_utf16(bytes.substr(2), 2, false);
    if (bytes.substr(0, 2) == "\xFE\xFF") return take_utf16(bytes.substr(2), 2, true);
    if (!forced.empty()) return decode_named(bytes, forced, false);
    if (find_invalid_utf8(bytes) == std::string_view::npos) return take_utf8(bytes, 0);
    decode_result r = guess_legacy(bytes, false);
    guessed = r.guessed;
    return r;
}

std::size_t utf8_as_is(std::string_view bytes) {
    const std::size_t skip = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    const std::string_view text = bytes.substr(skip);
    if (skip == 0 && (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF" ||
                      text.substr(0, 4) == std::string_view("<\0?\0", 4) ||
                      text.substr(0, 4) == std::string_view("\0<\0?", 4)))
        return std::string_view::npos;
    const declared_encoding decl = find_declared_encoding(text);
    if (decl.found && lower_ascii(decl.value) != "utf-8") return std::string_view::npos;
    return find_invalid_utf8(text) == std::string_view::npos ? skip : std::string_view::npos;
}

}  // namespace text
