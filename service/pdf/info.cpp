// Owns the PDF information dictionary written from model::metadata.
#include "pdf/info.hpp"

#include <hpdf_doc.h>
#include <hpdf_objects.h>

namespace pdf {

namespace {

// Whether every byte is printable ASCII, so a plain PDF string is exact.
bool is_plain_ascii(std::string_view s) {
    for (char c : s) {
        auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b > 0x7E) return false;
    }
    return true;
}

// Appends one UTF-16 code unit, big-endian.
void append_unit(std::string& out, unsigned unit) {
    out.push_back(static_cast<char>((unit >> 8) & 0xFF));
    out.push_back(static_cast<char>(unit & 0xFF));
}

// Sets one text entry of the information dictionary.
bool set_text(HPDF_Doc doc, HPDF_InfoType type, const char* key, const std::string& value) {
    if (value.empty()) return true;
    if (is_plain_ascii(value)) return HPDF_SetInfoAttr(doc, type, value.c_str()) == HPDF_OK;
    std::string bytes = encode_utf16be(value);
    HPDF_Binary text = HPDF_Binary_New(doc->mmgr, reinterpret_cast<HPDF_BYTE*>(bytes.data()),
                                       static_cast<HPDF_UINT>(bytes.size()));
    return text && HPDF_Dict_Add(doc->info, key, text) == HPDF_OK;
}

// The metadata's date as libharu wants it, in Vietnam time (UTC+7).
HPDF_Date to_haru_date(const model::metadata& meta) {
    HPDF_Date d{};
    d.year = meta.year;
    d.month = meta.month;
    d.day = meta.day;
    d.hour = meta.hour;
    d.minutes = meta.minute;
    d.seconds = 0;
    d.ind = '+';
    d.off_hour = 7;
    d.off_minutes = 0;
    return d;
}

}  // namespace

// UTF-8 to a UTF-16BE PDF text string with its BOM; bad bytes become U+FFFD.
std::string encode_utf16be(std::string_view utf8) {
    std::string out("\xFE\xFF", 2);
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        auto b0 = static_cast<unsigned char>(utf8[pos]);
        std::size_t need = b0 < 0x80 ? 0 : b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
        char32_t cp = need == 0 ? (b0 < 0x80 ? b0 : 0xFFFD) : b0 & (0x3F >> need);
        std::size_t i = 1;
        for (; i <= need && pos + i < utf8.size(); ++i) {
            auto b = static_cast<unsigned char>(utf8[pos + i]);
            if ((b & 0xC0) != 0x80) break;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (i <= need) cp = 0xFFFD;  // cut short or malformed
        pos += i;
        if (cp >= 0x10000) {
            append_unit(out, 0xD800 + ((cp - 0x10000) >> 10));
            append_unit(out, 0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            append_unit(out, cp);
        }
    }
    return out;
}

// Fills the information dictionary from the metadata.
bool set_metadata(HPDF_Doc doc, const model::metadata& meta) {
    // Setting Creator first makes libharu create the information dictionary.
    bool ok = HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "vanthu") == HPDF_OK && doc->info;
    if (!ok) return false;
    ok = set_text(doc, HPDF_INFO_TITLE, "Title", meta.title) &&
         set_text(doc, HPDF_INFO_AUTHOR, "Author", meta.author) &&
         set_text(doc, HPDF_INFO_SUBJECT, "Subject", meta.subject) &&
         set_text(doc, HPDF_INFO_KEYWORDS, "Keywords", meta.keywords);
    HPDF_Date date = to_haru_date(meta);
    ok = ok && HPDF_SetInfoDateAttr(doc, HPDF_INFO_CREATION_DATE, date) == HPDF_OK &&
         HPDF_SetInfoDateAttr(doc, HPDF_INFO_MOD_DATE, date) == HPDF_OK;
    return ok;
}

}  // namespace pdf
