// Owns read_facts: a record's root, id and listed fields, read before the schema is asked.
#include "record/steps.hpp"

#include "text/normalize.hpp"

namespace record {

namespace {

// An element's text, whitespace collapsed and trimmed, NFC; "" when there is no element.
std::string text_of(const pugi::xml_node& e) {
    if (!e) return {};
    return detail::normalize_nfc(text::trim(text::collapse_whitespace(detail::raw_content(e))));
}

// An attribute's value, trimmed, NFC; "" when there is none.
std::string value_of(const pugi::xml_attribute& a) {
    return a ? detail::normalize_nfc(text::trim(a.value())) : std::string();
}

// The root, its id and where they stand, and the fields a list shows.
void read_root(const pugi::xml_node& root, const detail::source_text& src, record_facts& out) {
    out.root = root.name();
    kind k;
    if (schema::find_kind(out.root, k)) out.kind = k;
    const std::string path = "/" + out.root;
    out.root_at = src.locate_element(root, path);
    out.id_at = out.root_at;
    if (const pugi::xml_attribute id = root.attribute("id")) {
        out.id = std::string(id.value());
        out.id_at = src.locate_attribute(root, "id", path + "/@id");
    }
    out.title = text_of(root.child("title"));
    if (out.title.empty()) out.title = text_of(root.child("heading"));
    out.number = text_of(root.child("number"));
    if (out.number.empty()) out.number = value_of(root.child("decision").attribute("number"));
    out.date = text_of(root.child("date"));
}

}  // namespace

record_facts read_facts(std::string_view bytes, const limits& lim) {
    record_facts out;
    detail::loaded_xml xml;
    if (!detail::load_xml(bytes, detail::clamp_limits(lim), xml, out.problems)) return out;
    out.well_formed = true;  // and so it has a root: pugixml refuses a document without one
    read_root(xml.doc.document_element(), *xml.src, out);
    return out;
}

}  // namespace record
