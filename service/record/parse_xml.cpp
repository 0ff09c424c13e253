// Owns step 3 of parse_record: pugixml's parse of the decoded text, fetching nothing.
#include "record/steps.hpp"

namespace record::detail {

// Parses the text as UTF-8 keeping whitespace text (it matters in inline text); one root element.
bool parse_xml(const source_text& src, pugi::xml_document& doc, vanthu::diagnostics& problems) {
    const unsigned options = pugi::parse_default | pugi::parse_ws_pcdata;
    const pugi::xml_parse_result result =
        doc.load_buffer(src.text().data(), src.text().size(), options, pugi::encoding_utf8);
    if (!result) {
        const std::size_t at = result.offset < 0 ? 0 : static_cast<std::size_t>(result.offset);
        problems.error(src.locate(at), std::string("malformed XML: ") + result.description());
        return false;
    }
    int roots = 0;
    for (pugi::xml_node child = doc.first_child(); child; child = child.next_sibling()) {
        if (child.type() == pugi::node_element && ++roots == 2) {
            problems.error(src.locate_element(child, std::string("/") + child.name()),
                           "malformed XML: more than one root element");
            return false;
        }
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
            const std::string_view v = child.value();
            if (v.find_first_not_of(" \t\r\n") != std::string_view::npos) {
                problems.error(src.locate(static_cast<std::size_t>(child.offset_debug())),
                               "malformed XML: text outside the root element");
                return false;
            }
        }
    }
    return true;
}

}  // namespace record::detail
