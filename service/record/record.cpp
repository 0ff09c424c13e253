// Owns parse_record, the short driver of the record steps, and the node accessors.
#include "record/record.hpp"

#include <algorithm>

#include "record/steps.hpp"

namespace record {

std::string node::path() const {
    std::vector<const node*> chain;  // from this node up to the root or one of its children
    for (const node* n = this; n != nullptr; n = n->parent_) chain.push_back(n);
    std::string out = chain.back()->is_root_ ? std::string() : std::string("/") + kind_name(kind_);
    for (auto n = chain.rbegin(); n != chain.rend(); ++n)
        out = detail::child_path(out, (*n)->tag, (*n)->index_ > 0, (*n)->index_);
    return out;
}

namespace {

// A date or datetime node's parts, read from its text (zero for other types).
struct when {
    civil_date date;
    int hour = 0;
    int minute = 0;
};
when read_when(const node& n) {
    when w;
    if (n.type == value_type::date) detail::read_date(n.str, w.date);
    else if (n.type == value_type::datetime) detail::read_datetime(n.str, w.date, w.hour, w.minute);
    return w;
}

}  // namespace

civil_date node::date() const { return read_when(*this).date; }
int node::hour() const { return read_when(*this).hour; }
int node::minute() const { return read_when(*this).minute; }

std::int64_t node::integer() const {
    std::int64_t n = 0;
    if (type == value_type::integer) detail::read_integer(str, n);
    return n;
}

const node* node::child(std::string_view name) const {
    for (const node& c : children)
        if (c.tag == name) return &c;
    return nullptr;
}

std::vector<const node*> node::children_named(std::string_view name) const {
    std::vector<const node*> out;
    for (const node& c : children)
        if (c.tag == name) out.push_back(&c);
    return out;
}

const std::string* node::attribute(std::string_view name) const {
    for (const auto& a : attributes)
        if (a.first == name) return &a.second;
    return nullptr;
}

const char* kind_name(enum kind k) {
    switch (k) {
        case kind::meeting: return "meeting";
        case kind::ceremony: return "ceremony";
        case kind::certification: return "certification";
    }
    return "";
}

namespace detail {

limits clamp_limits(const limits& asked) {
    const limits most;
    limits out;
    out.max_bytes = std::min(asked.max_bytes, most.max_bytes);
    out.max_depth = std::min(asked.max_depth, most.max_depth);
    out.max_recipients = std::min(asked.max_recipients, most.max_recipients);
    out.strict_text = asked.strict_text;
    out.encoding = asked.encoding;
    return out;
}

bool load_xml(std::string_view bytes, const limits& lim, loaded_xml& out, vanthu::diagnostics& problems) {
    if (!check_size(bytes, lim, problems)) return false;
    std::string_view utf8;
    if (!decode_input(bytes, lim.encoding, out.converted, utf8, problems)) return false;
    const source_text& src = out.src.emplace(utf8);
    return check_doctype(src, problems) && check_characters(src, problems) && parse_xml(src, out.doc, problems);
}

}  // namespace detail

// decode → limits → pugixml → validate (every problem) → invisible characters → build nodes →
// look at their text.
parse_result parse_record(std::string_view bytes, const limits& lim) {
    parse_result result;
    const limits effective = detail::clamp_limits(lim);
    detail::loaded_xml xml;
    if (!detail::load_xml(bytes, effective, xml, result.problems)) return result;
    const detail::source_text& src = *xml.src;
    if (!detail::check_tree_limits(xml.doc, src, effective, result.problems)) return result;
    detail::validate_record(xml.doc, src, result.problems);
    if (result.problems.has_errors()) return result;
    detail::warn_invisible(xml.doc, src, result.problems);
    result.value = detail::build_record(xml.doc, src);
    detail::check_text_encoding(result.value, effective.strict_text, result.problems);
    return result;
}

}  // namespace record
