// Owns step 5 of parse_record: the record's nodes (typed, NFC, located) from a validated tree.
#include "record/steps.hpp"

#include <map>

#include "text/normalize.hpp"

namespace record {

// Sets what a node knows of its place; only the builder may.
struct node_links {
    static void place(node& n, kind k, int index) {
        n.kind_ = k;
        n.index_ = index;
    }
    // Links every node below the root to its parent, once the tree no longer moves: the
    // root's own children link to nothing, since the root moves with its record.
    static void link(node& root) {
        root.is_root_ = true;
        for (node& c : root.children) link_below(c, nullptr);
    }
    // A copy of a node and everything below it, each knowing its place as the original does;
    // not linked yet (link, once the copy no longer moves).
    static node copy(const node& n) {
        node out;
        out.tag = n.tag;
        out.attributes = n.attributes;
        out.str = n.str;
        out.runs = n.runs;
        out.line = n.line;
        out.column = n.column;
        out.type = n.type;
        out.kind_ = n.kind_;
        out.index_ = n.index_;
        out.is_root_ = n.is_root_;
        out.children.reserve(n.children.size());
        for (const node& c : n.children) out.children.push_back(copy(c));
        return out;
    }

private:
    static void link_below(node& n, const node* parent) {
        n.parent_ = parent;
        for (node& c : n.children) link_below(c, &n);
    }
};

record copy_record(const record& r) {
    record out;
    out.kind = r.kind;
    out.id = r.id;
    out.template_name = r.template_name;
    out.subkind = r.subkind;
    out.revise = r.revise;
    out.root = node_links::copy(r.root);
    node_links::link(out.root);
    return out;
}

}  // namespace record

namespace record::detail {

namespace {

// Fills a node's typed value from the element's content.
void fill_value(const pugi::xml_node& e, value_type type, node& out) {
    out.type = type;
    if (type == value_type::none) return;
    if (type == value_type::text) {
        out.runs = read_inline_text(e);
        const bool plain = out.runs.size() == 1 && !out.runs[0].bold && !out.runs[0].italic &&
                           !out.runs[0].underline && !out.runs[0].line_break;
        if (!plain) {
            out.str = plain_text(out.runs);
            out.str.shrink_to_fit();
            return;
        }
        out.str = std::move(out.runs[0].text);  // the text is its str, kept once
        out.str.shrink_to_fit();
        inline_text().swap(out.runs);
        return;
    }
    const std::string raw = raw_content(e);
    const std::string collapsed = text::collapse_whitespace(raw);
    out.str = normalize_nfc(text::trim(collapsed));
    out.str.shrink_to_fit();  // dates, times and integers are read from it when asked
}

// Builds the node of an element and, for element-only content, of its children in document
// order. index is its [n] among its siblings of the same tag when the schema lets it repeat.
// Each child leaves the pugixml tree once its node is made: pugixml gives a page of nodes
// back when all of it is gone, so the tree shrinks as the record grows.
node build_node(kind k, pugi::xml_node e, const schema::element_rule& rule, int index, const source_text& src) {
    node out;
    out.tag = rule.tag;
    node_links::place(out, k, index);
    const vanthu::location where = src.locate_element(e, {});
    out.line = where.line;
    out.column = where.column;
    std::size_t attributes = 0;
    for (pugi::xml_attribute a = e.first_attribute(); a; a = a.next_attribute()) ++attributes;
    out.attributes.reserve(attributes);
    for (pugi::xml_attribute a = e.first_attribute(); a; a = a.next_attribute())
        out.attributes.emplace_back(a.name(), normalize_nfc(a.value()));
    fill_value(e, rule.type, out);
    if (rule.type != value_type::none) return out;
    std::size_t elements = 0;  // children are counted first: one allocation of the right size
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) elements += c.type() == pugi::node_element;
    out.children.reserve(elements);
    std::map<std::string, int> counts;
    for (pugi::xml_node c = e.first_child(); c; c = e.first_child()) {
        if (c.type() == pugi::node_element) {
            const schema::element_rule* cr = schema::find_child(k, rule, c.name());
            if (cr != nullptr) {  // always, after validation
                const int nth = ++counts[c.name()];
                out.children.push_back(build_node(k, c, *cr, cr->repeated ? nth : 0, src));
            }
        }
        e.remove_child(c);
    }
    return out;
}

}  // namespace

record build_record(pugi::xml_document& doc, const source_text& src) {
    const pugi::xml_node root = doc.document_element();
    record out;
    schema::find_kind(root.name(), out.kind);
    out.root = build_node(out.kind, root, schema::root_rule(out.kind), 0, src);
    node_links::link(out.root);
    if (const std::string* id = out.root.attribute("id")) out.id = *id;
    if (const std::string* t = out.root.attribute("template")) out.template_name = *t;
    if (const std::string* r = out.root.attribute("revise")) out.revise = *r == "yes";
    if (const std::string* sub = out.root.attribute("kind")) out.subkind = *sub;
    return out;
}

}  // namespace record::detail
