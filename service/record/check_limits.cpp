// Owns step 2 of parse_record: the limits of RECORDS.md (size, DOCTYPE, depth, recipients).
#include "record/steps.hpp"

#include <cstdio>

namespace record::detail {

namespace {

// Reports the first element nested deeper than the limit; false when one is.
bool check_depth(const pugi::xml_node& element, int depth, const std::string& path, const source_text& src,
                 const limits& lim, vanthu::diagnostics& problems) {
    if (depth > lim.max_depth) {
        problems.error(src.locate_element(element, path),
                       "elements nested " + std::to_string(depth) + " deep (at most " +
                           std::to_string(lim.max_depth) + " allowed)");
        return false;
    }
    for (pugi::xml_node child = element.first_child(); child; child = child.next_sibling()) {
        if (child.type() != pugi::node_element) continue;
        if (!check_depth(child, depth + 1, path + "/" + child.name(), src, lim, problems)) return false;
    }
    return true;
}

}  // namespace

// The size limit, checked before decoding or parsing.
bool check_size(std::string_view bytes, const limits& lim, vanthu::diagnostics& problems) {
    if (bytes.size() <= lim.max_bytes) return true;
    problems.error({}, "record is " + std::to_string(bytes.size()) + " bytes (at most " +
                           std::to_string(lim.max_bytes) + " allowed)");
    return false;
}

// Any DOCTYPE in the text, even inside comments: pugixml would leave &entities; as literal text.
bool check_doctype(const source_text& src, vanthu::diagnostics& problems) {
    const std::size_t at = src.text().find("<!DOCTYPE");
    if (at == std::string::npos) return true;
    problems.error(src.locate(at), "a DOCTYPE declaration is not allowed",
                   "records may not declare a DTD or entities");
    return false;
}

// Characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF): pugixml would
// stop at a NUL and report a confusing tag mismatch, and let the others through to the PDF.
bool check_characters(const source_text& src, vanthu::diagnostics& problems) {
    const std::string_view t = src.text();
    for (std::size_t i = 0; i < t.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(t[i]);
        unsigned code = 0;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') code = c;
        else if (c == 0xEF && t.compare(i, 2, "\xEF\xBF") == 0 && i + 2 < t.size() &&
                 (t[i + 2] == '\xBE' || t[i + 2] == '\xBF'))
            code = t[i + 2] == '\xBE' ? 0xFFFEu : 0xFFFFu;
        else continue;
        char name[16];
        std::snprintf(name, sizeof name, "U+%04X", code);
        problems.error(src.locate(i), std::string("character ") + name + " is not allowed in XML",
                       "remove it; records are text");
        return false;
    }
    return true;
}

// Depth (the root is depth 1) and the number of certification recipients.
bool check_tree_limits(const pugi::xml_document& doc, const source_text& src, const limits& lim,
                       vanthu::diagnostics& problems) {
    const pugi::xml_node root = doc.document_element();
    if (!check_depth(root, 1, std::string("/") + root.name(), src, lim, problems)) return false;
    int count = 0;
    const pugi::xml_node recipients = root.child("recipients");
    for (pugi::xml_node r = recipients.child("recipient"); r; r = r.next_sibling("recipient")) {
        if (++count <= lim.max_recipients) continue;
        problems.error(src.locate_element(r, "/" + std::string(root.name()) + "/recipients/recipient[" +
                                                 std::to_string(count) + "]"),
                       "more than " + std::to_string(lim.max_recipients) + " recipients");
        return false;
    }
    return true;
}

}  // namespace record::detail
