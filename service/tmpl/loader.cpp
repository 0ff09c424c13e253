// Owns positions in the template file, attribute checking and the resolution of styles.
#include "tmpl/loader.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

#include "text/normalize.hpp"
#include "tmpl/units.hpp"

namespace tmpl {

namespace {

// The style attributes every styled element accepts.
const char* const style_attributes[] = {"font", "size", "bold", "italic", "underline", "color", "align",
                                        "first-indent", "left-indent", "right-indent", "space-before",
                                        "space-after", "line-height", "keep-with-next"};

// Whether name is one of the style attributes.
bool is_style_attribute(const char* name) {
    for (const char* s : style_attributes)
        if (std::strcmp(s, name) == 0) return true;
    return false;
}

}  // namespace

// Starts loading one file.
loader::loader(std::string source, std::string file, std::string folder, template_def& out)
    : def(out), dir(std::move(folder)), source_(std::move(source)), file_(std::move(file)),
      lines_(source_.data(), source_.size()) {}

// The position of an element (its "<") or of a text.
vanthu::location loader::where(const pugi::xml_node& n) const {
    std::size_t offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, n.offset_debug()));
    if (n.type() == pugi::node_element && offset > 0 && source_[offset - 1] == '<') --offset;
    vanthu::location at = lines_.at(offset);
    at.file = file_;
    return at;
}

// The position of an attribute's name, or of its element when it cannot be found.
vanthu::location loader::where_attr(const pugi::xml_node& n, const char* attr) const {
    std::size_t start = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, n.offset_debug()));
    std::size_t end = source_.find('>', start);
    std::size_t len = std::strlen(attr);
    for (std::size_t pos = source_.find(attr, start); pos != std::string::npos && pos < end;
         pos = source_.find(attr, pos + 1)) {
        char before = source_[pos - 1];
        std::size_t after = pos + len;
        while (after < source_.size() && (source_[after] == ' ' || source_[after] == '\t' || source_[after] == '\n')) ++after;
        if ((before == ' ' || before == '\t' || before == '\n' || before == '\r') && after < source_.size() &&
            source_[after] == '=') {
            vanthu::location at = lines_.at(pos);
            at.file = file_;
            return at;
        }
    }
    return where(n);
}

// The position of a byte inside a text node.
vanthu::location loader::where_in_text(const pugi::xml_node& text_node, std::size_t offset) const {
    std::size_t start = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, text_node.offset_debug()));
    vanthu::location at = lines_.at(start + offset);
    at.file = file_;
    return at;
}

// Records one problem.
void loader::error(const vanthu::location& at, std::string message) { problems.error(at, std::move(message)); }

// Reports every attribute not allowed on the element (style attributes come with "style").
void loader::check_attributes(const pugi::xml_node& n, std::initializer_list<const char*> allowed) {
    bool styled = std::find_if(allowed.begin(), allowed.end(), [](const char* a) { return std::strcmp(a, "style") == 0; }) != allowed.end();
    for (const pugi::xml_attribute& a : n.attributes()) {
        bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* k) { return std::strcmp(k, a.name()) == 0; }) ||
                     (styled && is_style_attribute(a.name()));
        if (!known) error(where_attr(n, a.name()), "unknown attribute '" + std::string(a.name()) + "' on <" + n.name() + ">");
    }
}

// Reports a missing required attribute.
bool loader::require_attr(const pugi::xml_node& n, const char* attr) {
    if (n.attribute(attr)) return true;
    error(where(n), "missing attribute '" + std::string(attr) + "' on <" + n.name() + ">");
    return false;
}

// Reads a length attribute into one of the element's lengths, reporting a bad one.
void loader::read_length_attr(const pugi::xml_node& n, const char* attr, bool allow_percent,
                              std::optional<length>& out) {
    pugi::xml_attribute a = n.attribute(attr);
    if (!a) return;
    length len;
    if (read_status s = read_length(a.value(), allow_percent, len)) out = len;
    else error(where_attr(n, attr), s.message);
}

// Reads an absolute length attribute in points, or gives the fallback.
double loader::read_points_attr(const pugi::xml_node& n, const char* attr, double fallback) {
    pugi::xml_attribute a = n.attribute(attr);
    if (!a) return fallback;
    length len;
    if (read_status s = read_length(a.value(), false, len)) return len.points(0);
    else error(where_attr(n, attr), s.message);
    return fallback;
}

// Reads an attribute holding template text and checks its fields.
template_text loader::read_text_attr(const pugi::xml_node& n, const char* attr) {
    pugi::xml_attribute a = n.attribute(attr);
    if (!a) return {};
    vanthu::location at = where_attr(n, attr);
    template_text t = parse_template_text(a.value(), [&](std::size_t, const std::string& m) { error(at, m); });
    for (text_piece& piece : t)
        if (!piece.is_field) piece.literal = text::to_nfc(piece.literal);
    check_text(t, at);
    return t;
}

// Applies the style attributes an element carries to a style.
void loader::apply_style_attributes(const pugi::xml_node& n, style& st) {
    for (const pugi::xml_attribute& a : n.attributes()) {
        std::string name = a.name();
        if (!is_style_attribute(a.name())) continue;
        read_status s;
        length len;
        auto as_points = [&](double& target) {
            if ((s = read_length(a.value(), false, len))) target = len.points(0);
        };
        if (name == "font") {
            bool declared = std::any_of(def.fonts.begin(), def.fonts.end(), [&](const auto& f) { return f.family == a.value(); });
            if (!declared) s = {false, "unknown font family '" + std::string(a.value()) + "' (declare it with <font family=...>)"};
            else st.font = a.value();
        }
        else if (name == "size") as_points(st.size);
        else if (name == "bold") s = read_flag(a.value(), st.bold);
        else if (name == "italic") s = read_flag(a.value(), st.italic);
        else if (name == "underline") s = read_flag(a.value(), st.underline);
        else if (name == "color") s = read_color(a.value(), st.color);
        else if (name == "align") s = read_align(a.value(), st.alignment);
        else if (name == "first-indent") as_points(st.first_indent);
        else if (name == "left-indent") as_points(st.left_indent);
        else if (name == "right-indent") as_points(st.right_indent);
        else if (name == "space-before") as_points(st.space_before);
        else if (name == "space-after") as_points(st.space_after);
        else if (name == "line-height") s = read_number(a.value(), st.line_height);
        else if (name == "keep-with-next") s = read_flag(a.value(), st.keep_with_next);
        if (!s) error(where_attr(n, a.name()), s.message);
    }
}

// Reads every <style>, resolving bases.
void loader::load_styles(const pugi::xml_node& root) {
    // Styles may be declared in any order; a base must be declared, cycles are refused.
    std::map<std::string, pugi::xml_node> declared;
    for (const pugi::xml_node& n : root.children("style")) {
        check_attributes(n, {"name", "base", "style"});
        if (n.attribute("style")) error(where_attr(n, "style"), "unknown attribute 'style' on <style> (use base=)");
        if (!require_attr(n, "name")) continue;
        if (!declared.emplace(n.attribute("name").value(), n).second)
            error(where(n), "style '" + std::string(n.attribute("name").value()) + "' is declared twice");
    }
    std::function<bool(const std::string&, int)> resolve = [&](const std::string& name, int depth) -> bool {
        if (def.styles.count(name)) return true;
        const pugi::xml_node& n = declared.at(name);
        style st;
        if (pugi::xml_attribute base = n.attribute("base")) {
            if (!declared.count(base.value())) {
                error(where_attr(n, "base"), "unknown style '" + std::string(base.value()) + "'");
            } else if (depth > 16 || !resolve(base.value(), depth + 1)) {
                error(where_attr(n, "base"), "style '" + name + "' is based on itself");
                return false;
            } else {
                st = def.styles.at(base.value());
            }
        }
        apply_style_attributes(n, st);
        def.styles[name] = st;
        return true;
    };
    for (const auto& entry : declared) resolve(entry.first, 0);
}

// The style of an element: its named style (or the inherited one) with its own attributes applied.
style loader::resolve_style(const pugi::xml_node& n, const style& inherited) {
    style st = inherited;
    if (pugi::xml_attribute name = n.attribute("style")) {
        auto found = def.styles.find(name.value());
        if (found == def.styles.end()) error(where_attr(n, "style"), "unknown style '" + std::string(name.value()) + "'");
        else st = found->second;
    }
    apply_style_attributes(n, st);
    return st;
}

// Whether a name is a plain file name: no path, no "..", no hidden file.
bool is_safe_file_name(const std::string& name) {
    if (name.empty() || name.size() > 128 || name[0] == '.') return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return name.find("..") == std::string::npos;
}

}  // namespace tmpl
