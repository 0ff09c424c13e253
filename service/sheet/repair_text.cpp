// Owns vanthu import --repair-text: every text and attribute value of a record that reads as
// mis-encoded (VNI or TCVN3 bytes read as windows-1258, UTF-8 encoded twice) read again as it
// was meant, each change listed with its place for a person to confirm.
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "sheet/steps.hpp"
#include "text/encoding.hpp"
#include "text/misencoding.hpp"
#include "text/normalize.hpp"

namespace sheet {

namespace {

struct walker {
    std::string_view source;  // the decoded text, for line:column
    std::vector<text_repair>& repairs;

    vanthu::location where(std::ptrdiff_t offset, const std::string& path) const {
        vanthu::location at = vanthu::locate_offset(source.data(), source.size(), offset < 0 ? 0 : static_cast<std::size_t>(offset));
        at.path = path;
        return at;
    }

    // Repairs one value in place when it needs it.
    template <typename Set>
    void look_at(const char* value, std::ptrdiff_t offset, const std::string& path, Set set) {
        const std::string nfc = text::to_nfc(value);
        const std::optional<std::string> meant = text::repair_misencoding(nfc);
        if (!meant) return;
        repairs.push_back({where(offset, path), nfc, *meant});
        set(*meant);
    }

    void walk(pugi::xml_node element, const std::string& path) {
        for (pugi::xml_attribute a : element.attributes())
            look_at(a.value(), element.offset_debug(), path + "/@" + a.name(), [&](const std::string& v) { a.set_value(v.c_str()); });
        std::map<std::string, int> seen, count;
        for (pugi::xml_node c : element.children())
            if (c.type() == pugi::node_element) ++count[c.name()];
        for (pugi::xml_node c : element.children()) {
            if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
                look_at(c.value(), c.offset_debug(), path, [&](const std::string& v) { c.set_value(v.c_str()); });
            } else if (c.type() == pugi::node_element) {
                const int n = ++seen[c.name()];
                walk(c, path + "/" + c.name() + (count[c.name()] > 1 ? "[" + std::to_string(n) + "]" : ""));
            }
        }
    }
};

}  // namespace

bool repair_text(std::string_view record, std::string& out, std::vector<text_repair>& repairs, vanthu::diagnostics& problems) {
    std::string utf8;
    pugi::xml_document doc;
    if (!detail::load(record, utf8, doc, problems)) return false;
    walker w{utf8, repairs};
    w.walk(doc.document_element(), "/" + std::string(doc.document_element().name()));
    out = detail::saved(doc);
    return true;
}

}  // namespace sheet
