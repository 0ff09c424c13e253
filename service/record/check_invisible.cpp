// Owns invisible format characters in a record's text: soft hyphens dropped silently,
// zero-width spaces, word joiners and byte-order marks dropped with a warning naming the path.
#include <cstdio>
#include <map>

#include "record/steps.hpp"

namespace record::detail {

namespace {

// A character that draws nothing and that a record's text is better without.
struct invisible {
    std::string_view bytes;  // UTF-8
    unsigned code;           // its code point
    const char* name;        // for warnings
    bool warned;             // a soft hyphen is routine in pasted text: dropped without a word
};

constexpr invisible invisibles[] = {
    {"\xC2\xAD", 0x00AD, "soft hyphen", false},
    {"\xE2\x80\x8B", 0x200B, "zero width space", true},
    {"\xE2\x81\xA0", 0x2060, "word joiner", true},
    {"\xEF\xBB\xBF", 0xFEFF, "byte order mark", true},
};

// The first invisible character in s that deserves a warning, or nullptr.
const invisible* find_warned(std::string_view s) {
    const invisible* first = nullptr;
    std::size_t first_at = std::string_view::npos;
    for (const invisible& c : invisibles) {
        const std::size_t at = c.warned ? s.find(c.bytes) : std::string_view::npos;
        if (at < first_at) {
            first_at = at;
            first = &c;
        }
    }
    return first;
}

// The first character to warn about in the text below an element (inline markup included),
// and the element whose own text holds it (e itself, or a <b> inside it); nullptr if none.
const invisible* find_in_text(const pugi::xml_node& e, pugi::xml_node& holder) {
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
        const invisible* found = nullptr;
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
            found = find_warned(c.value());
            if (found) holder = e;
        } else if (c.type() == pugi::node_element) {
            found = find_in_text(c, holder);
        }
        if (found) return found;
    }
    return nullptr;
}

// Warns that an invisible character was dropped from the text at a place.
void warn_dropped(const invisible& c, vanthu::location where, vanthu::diagnostics& problems) {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", c.code);
    problems.warning(std::move(where), std::string("invisible character ") + code + " (" + c.name + ") dropped",
                     "remove it from the record; it often comes with text pasted from a web page or a word processor");
}

// Looks at an element's attributes and text, then at its children's.
void check_element(kind k, const pugi::xml_node& e, const schema::element_rule& rule, const std::string& path,
                   const source_text& src, vanthu::diagnostics& problems) {
    for (pugi::xml_attribute a = e.first_attribute(); a; a = a.next_attribute())
        if (const invisible* c = find_warned(a.value()))
            warn_dropped(*c, src.locate_attribute(e, a.name(), path + "/@" + a.name()), problems);
    if (rule.type != value_type::none) {
        pugi::xml_node holder;
        if (const invisible* c = find_in_text(e, holder)) warn_dropped(*c, src.locate_value(holder, path), problems);
        return;
    }
    std::map<std::string, int> counts;
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const schema::element_rule* cr = schema::find_child(k, rule, c.name());
        if (cr == nullptr) continue;  // reported by validate_record
        const int index = ++counts[c.name()];
        check_element(k, c, *cr, child_path(path, c.name(), cr->repeated, index), src, problems);
    }
}

}  // namespace

void warn_invisible(const pugi::xml_document& doc, const source_text& src, vanthu::diagnostics& problems) {
    const pugi::xml_node root = doc.document_element();
    kind k = kind::meeting;
    if (!schema::find_kind(root.name(), k)) return;  // reported by validate_record
    check_element(k, root, schema::root_rule(k), std::string("/") + root.name(), src, problems);
}

std::string drop_invisible(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        bool dropped = false;
        for (const invisible& c : invisibles) {
            if (s.compare(i, c.bytes.size(), c.bytes) != 0) continue;
            i += c.bytes.size();
            dropped = true;
            break;
        }
        if (!dropped) out += s[i++];
    }
    return out;
}

bool has_invisible(std::string_view s) {
    for (const invisible& c : invisibles)
        if (s.find(c.bytes) != std::string_view::npos) return true;
    return false;
}

}  // namespace record::detail
