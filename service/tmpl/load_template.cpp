// Owns load_template: reading the file, the top-level elements (page, fonts, styles, metadata, decorations).
#include "tmpl/template.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/read_file.hpp"
#include "text/normalize.hpp"
#include "text/utf8.hpp"
#include "tmpl/loader.hpp"
#include "tmpl/units.hpp"

namespace tmpl {

namespace {

constexpr std::size_t max_template_bytes = 1024 * 1024;
constexpr int max_template_depth = 100;

// Reads <page>: size, orientation, margins.
void load_page(loader& l, const pugi::xml_node& n) {
    l.check_attributes(n, {"size", "orientation", "width", "height", "margin-top", "margin-bottom", "margin-left", "margin-right"});
    model::page_setup& page = l.def.page;
    std::string size = n.attribute("size") ? n.attribute("size").value() : "A4";
    struct paper { const char* name; double w_mm, h_mm; };
    static const paper papers[] = {{"A4", 210, 297}, {"A3", 297, 420}, {"A5", 148, 210}, {"letter", 215.9, 279.4}};
    bool found = false;
    for (const paper& p : papers) {
        if (size != p.name) continue;
        page.width = p.w_mm * 72 / 25.4;
        page.height = p.h_mm * 72 / 25.4;
        found = true;
    }
    if (!found) l.error(l.where_attr(n, "size"), "unknown page size '" + size + "' (use A4, A3, A5 or letter)");
    page.width = l.read_points_attr(n, "width", page.width);
    page.height = l.read_points_attr(n, "height", page.height);
    std::string orientation = n.attribute("orientation") ? n.attribute("orientation").value() : "portrait";
    if (orientation == "landscape") std::swap(page.width, page.height);
    else if (orientation != "portrait") l.error(l.where_attr(n, "orientation"), "bad orientation '" + orientation + "' (use portrait or landscape)");
    page.margin_top = l.read_points_attr(n, "margin-top", page.margin_top);
    page.margin_bottom = l.read_points_attr(n, "margin-bottom", page.margin_bottom);
    page.margin_left = l.read_points_attr(n, "margin-left", page.margin_left);
    page.margin_right = l.read_points_attr(n, "margin-right", page.margin_right);
    if (page.margin_left + page.margin_right >= page.width || page.margin_top + page.margin_bottom >= page.height)
        l.error(l.where(n), "the margins leave no room for text");
}

// Reads <page-numbers>: where and how page numbers are printed.
void load_page_numbers(loader& l, const pugi::xml_node& n) {
    l.check_attributes(n, {"enabled", "from", "size", "top", "font"});
    model::page_numbers& pn = l.def.page.numbers;
    if (pugi::xml_attribute a = n.attribute("enabled"))
        if (read_status s = read_flag(a.value(), pn.enabled); !s) l.error(l.where_attr(n, "enabled"), s.message);
    if (pugi::xml_attribute a = n.attribute("from"))
        if (read_status s = read_integer(a.value(), pn.from_page); !s || pn.from_page < 1) l.error(l.where_attr(n, "from"), s ? "from must be 1 or more" : s.message);
    pn.size = l.read_points_attr(n, "size", pn.size);
    pn.baseline = l.read_points_attr(n, "top", pn.baseline);
    if (pugi::xml_attribute a = n.attribute("font")) {
        pn.font.family = a.value();
        bool declared = false;
        for (const auto& f : l.def.fonts) declared = declared || f.family == pn.font.family;
        if (!declared) l.error(l.where_attr(n, "font"), "unknown font family '" + pn.font.family + "'");
    }
}

// Reads <font>: a family and its four face files, relative to the fonts folder.
void load_font(loader& l, const pugi::xml_node& n) {
    l.check_attributes(n, {"family", "regular", "bold", "italic", "bold-italic"});
    model::document::font_family f;
    if (l.require_attr(n, "family")) f.family = n.attribute("family").value();
    std::string* files[] = {&f.regular, &f.bold, &f.italic, &f.bold_italic};
    const char* names[] = {"regular", "bold", "italic", "bold-italic"};
    for (int i = 0; i < 4; ++i) {
        if (!l.require_attr(n, names[i])) continue;
        *files[i] = n.attribute(names[i]).value();
        if (!is_safe_file_name(*files[i])) l.error(l.where_attr(n, names[i]), "bad font file name '" + *files[i] + "' (a file name of the fonts folder, without '/' or '..')");
    }
    for (const auto& other : l.def.fonts)
        if (other.family == f.family) l.error(l.where(n), "font family '" + f.family + "' is declared twice");
    l.def.fonts.push_back(f);
}

// Reads <metadata>: the PDF's title, author, subject, keywords and date.
void load_metadata(loader& l, const pugi::xml_node& n) {
    l.check_attributes(n, {"title", "author", "subject", "keywords", "date"});
    l.def.meta.title = l.read_text_attr(n, "title");
    l.def.meta.author = l.read_text_attr(n, "author");
    l.def.meta.subject = l.read_text_attr(n, "subject");
    l.def.meta.keywords = l.read_text_attr(n, "keywords");
    if (pugi::xml_attribute a = n.attribute("date")) {
        template_text t = l.read_text_attr(n, "date");
        if (t.size() != 1 || !t[0].is_field || !t[0].field.filters.empty() || t[0].field.path.index) {
            l.error(l.where_attr(n, "date"), "the metadata date is one field, e.g. date=\"{date}\"");
        } else {
            l.def.meta.has_date = true;
            l.def.meta.date = t[0].field.path;
        }
    }
}

// Reads <frame>, <rect> and <line>: decorations at fixed places on every page.
void load_decoration(loader& l, const pugi::xml_node& n) {
    model::decoration d;
    std::string name = n.name();
    if (name == "frame") l.check_attributes(n, {"inset", "thickness", "color"});
    else if (name == "rect") l.check_attributes(n, {"x", "y", "width", "height", "thickness", "color", "fill"});
    else l.check_attributes(n, {"x1", "y1", "x2", "y2", "thickness", "color"});
    d.thickness = l.read_points_attr(n, "thickness", d.thickness);
    if (pugi::xml_attribute a = n.attribute("color"))
        if (read_status s = read_color(a.value(), d.stroke); !s) l.error(l.where_attr(n, "color"), s.message);
    if (name == "frame") {
        double inset = l.read_points_attr(n, "inset", 10 * 72 / 25.4);
        d.what = model::decoration::kind::rect;
        d.x = d.y = inset;
        d.width = l.def.page.width - 2 * inset;
        d.height = l.def.page.height - 2 * inset;
    } else if (name == "rect") {
        d.what = model::decoration::kind::rect;
        for (const char* a : {"x", "y", "width", "height"}) l.require_attr(n, a);
        d.x = l.read_points_attr(n, "x", 0);
        d.y = l.read_points_attr(n, "y", 0);
        d.width = l.read_points_attr(n, "width", 0);
        d.height = l.read_points_attr(n, "height", 0);
        if (pugi::xml_attribute a = n.attribute("fill")) {
            d.fill = true;
            if (read_status s = read_color(a.value(), d.fill_color); !s) l.error(l.where_attr(n, "fill"), s.message);
        }
    } else {
        d.what = model::decoration::kind::line;
        for (const char* a : {"x1", "y1", "x2", "y2"}) l.require_attr(n, a);
        d.x = l.read_points_attr(n, "x1", 0);
        d.y = l.read_points_attr(n, "y1", 0);
        d.x2 = l.read_points_attr(n, "x2", 0);
        d.y2 = l.read_points_attr(n, "y2", 0);
    }
    l.def.decorations.push_back(d);
}

// The settings whose values the code reads, with the values each may take.
struct known_setting { const char* name; const char* choices; };
constexpr known_setting known_settings[] = {
    {"signer-name", "rank-name|name"},        // how a signature prints a person: rank and name, or the name alone
    {"conclusions", "in-content|separate"},   // minutes: conclusions inside "Nội dung" (NĐ30) or under their own heading
};

// Reads <set name value>: a setting of the template, used as {$name} and in tests.
void load_setting(loader& l, const pugi::xml_node& n) {
    l.check_attributes(n, {"name", "value"});
    if (!l.require_attr(n, "name") || !l.require_attr(n, "value")) return;
    const std::string name = n.attribute("name").value();
    field_path probe;
    if (!parse_field_path("$" + name, probe)) {
        l.error(l.where_attr(n, "name"), "bad setting name '" + name + "' (letters, digits, '_', '-' and '.')");
        return;
    }
    const std::string value = text::to_nfc(n.attribute("value").value());
    for (const known_setting& k : known_settings) {
        if (name != k.name) continue;
        const std::string choices = std::string("|") + k.choices + "|";
        if (choices.find("|" + value + "|") == std::string::npos)
            l.error(l.where_attr(n, "value"), "bad " + name + " '" + value + "' (use " + k.choices + ")");
    }
    if (!l.def.settings.emplace(name, value).second) l.error(l.where(n), "setting '" + name + "' is set twice");
}

// Reads the root <template> and everything in it, in the order that lets later parts use earlier ones.
void load_root(loader& l, const pugi::xml_node& root) {
    l.check_attributes(root, {"kind", "name", "pages"});
    if (pugi::xml_attribute a = root.attribute("pages")) {
        if (std::strcmp(a.value(), "per-recipient") == 0) l.def.per_recipient = true;
        else if (std::strcmp(a.value(), "whole") != 0)
            l.error(l.where_attr(root, "pages"), "bad pages '" + std::string(a.value()) + "' (use per-recipient or whole)");
    }
    std::string kind = root.attribute("kind").value();
    if (!l.require_attr(root, "kind")) {
    } else if (kind == "meeting") l.def.kind = record::kind::meeting;
    else if (kind == "ceremony") l.def.kind = record::kind::ceremony;
    else if (kind == "certification") l.def.kind = record::kind::certification;
    else l.error(l.where_attr(root, "kind"), "unknown record kind '" + kind + "' (use meeting, ceremony or certification)");
    static const char* const top[] = {"page", "page-numbers", "font", "set", "style", "metadata", "frame", "rect", "line", "border", "body"};
    for (const pugi::xml_node& n : root.children()) {
        if (n.type() == pugi::node_pcdata && text::trim(n.value()).empty()) continue;
        bool known = false;
        for (const char* t : top) known = known || std::strcmp(t, n.name()) == 0;
        if (n.type() != pugi::node_element) l.error(l.where(n), "text is not allowed in <template>");
        else if (!known) l.error(l.where(n), "unknown element <" + std::string(n.name()) + ">");
    }
    for (const char* single : {"page", "page-numbers", "metadata", "body"}) {
        pugi::xml_node first = root.child(single);
        for (pugi::xml_node again = first.next_sibling(single); again; again = again.next_sibling(single))
            l.error(l.where(again), "<" + std::string(single) + "> may appear only once");
    }
    for (const pugi::xml_node& n : root.children("page")) load_page(l, n);
    for (const pugi::xml_node& n : root.children("set")) load_setting(l, n);
    for (const pugi::xml_node& n : root.children("font")) load_font(l, n);
    for (const pugi::xml_node& n : root.children("page-numbers")) load_page_numbers(l, n);
    l.load_styles(root);
    for (const pugi::xml_node& n : root.children("metadata")) load_metadata(l, n);
    for (const pugi::xml_node& n : root.children())
        if (!std::strcmp(n.name(), "frame") || !std::strcmp(n.name(), "rect") || !std::strcmp(n.name(), "line")) load_decoration(l, n);
        else if (!std::strcmp(n.name(), "border")) load_border(l, n);
    auto body_style = l.def.styles.find("body");
    style base = body_style == l.def.styles.end() ? style{} : body_style->second;
    pugi::xml_node body = root.child("body");
    if (!body) l.error(l.where(root), "missing <body>");
    else l.def.body = l.load_children(body, context::block, base);
    if (l.def.fonts.empty()) l.error(l.where(root), "the template declares no <font>");
    if (l.def.per_recipient && l.def.kind != record::kind::certification)
        l.error(l.where_attr(root, "pages"), "pages=\"per-recipient\" is for certification templates");
}

// Drops the boxes marked preprinted="yes", at any depth.
void drop_preprinted(std::vector<elem>& elems) {
    elems.erase(std::remove_if(elems.begin(), elems.end(), [](const elem& e) { return e.preprinted; }), elems.end());
    for (elem& e : elems) {
        drop_preprinted(e.children);
        drop_preprinted(e.otherwise);
    }
}

// True while load_blank_of loads the template it names: a blank-of found then is only noted,
// not followed, so that two templates naming each other cannot recurse without end.
thread_local bool loading_blank_base = false;

// A blank-of template: the named template without its decorations and preprinted boxes,
// so that only the variable text is printed, at the same places, onto pre-printed blanks.
void load_blank_of(loader& l, const pugi::xml_node& root) {
    const std::string base = root.attribute("blank-of").value();
    if (loading_blank_base) {
        l.def.blank_of = base;  // the template that named this one reports it
        return;
    }
    l.check_attributes(root, {"kind", "name", "blank-of"});
    for (const pugi::xml_node& n : root.children())
        if (n.type() == pugi::node_element || !text::trim(n.value()).empty())
            l.error(l.where(n), "a blank-of template holds nothing: it takes everything from the template it names");
    if (base == l.def.name) {
        l.error(l.where_attr(root, "blank-of"), "a template cannot be the blank of itself");
        return;
    }
    loading_blank_base = true;
    load_result full = load_template(l.search.empty() ? std::vector<std::string>{l.dir} : l.search, base);
    loading_blank_base = false;
    for (auto& d : full.problems.items) l.problems.items.push_back(d);
    if (!full) {
        l.error(l.where_attr(root, "blank-of"), "the template '" + base + "' it is the blank of cannot be used");
        return;
    }
    if (!full.value->blank_of.empty()) {
        l.error(l.where_attr(root, "blank-of"), "'" + base + "' is itself a blank-of template");
        return;
    }
    const std::string name = l.def.name, file = l.def.file;
    l.def = *full.value;
    l.def.name = name;
    l.def.file = file;
    l.def.inputs.push_back((std::filesystem::path(l.dir) / file).string());  // after the base's own
    l.def.blank_of = base;
    l.def.decorations.clear();
    drop_preprinted(l.def.body);
    const std::string kind = root.attribute("kind").value();
    if (!kind.empty() && kind != record::kind_name(l.def.kind))
        l.error(l.where_attr(root, "kind"), "kind '" + kind + "' differs from the kind of '" + base + "'");
}

// Whether the file is a regular file inside the folder once symlinks are followed (a
// template linked to /etc/passwd or to /dev/zero is not read).
bool is_inside_folder(const std::string& folder, const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path base = fs::canonical(folder, ec);
    if (ec) return false;
    const fs::path full = fs::canonical(path, ec);
    if (ec || !fs::is_regular_file(full, ec)) return false;
    const std::string root = base.string() + "/";
    return full.string().compare(0, root.size(), root) == 0;
}

// Refuses elements nested deeper than max_template_depth, before the recursive loader
// walks them; the walk here keeps its own stack.
bool check_depth(const pugi::xml_document& doc, const std::string& shown, const std::string& source,
                 vanthu::diagnostics& problems) {
    std::vector<std::pair<pugi::xml_node, int>> todo{{doc.document_element(), 1}};
    while (!todo.empty()) {
        const auto [n, depth] = todo.back();
        todo.pop_back();
        if (depth > max_template_depth) {
            const std::size_t name_at = static_cast<std::size_t>(std::max<std::ptrdiff_t>(1, n.offset_debug()));
            vanthu::location at = vanthu::locate_offset(source.data(), source.size(), name_at - 1);  // its '<'
            at.file = shown;
            problems.error(at, "elements nested more than " + std::to_string(max_template_depth) + " deep");
            return false;
        }
        for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element) todo.emplace_back(c, depth + 1);
    }
    return true;
}

// Reads the whole file (1 MiB at most), or reports why it cannot be used.
bool read_source(const std::string& path, const std::string& shown, std::string& source, vanthu::diagnostics& problems) {
    std::ifstream in(path, std::ios::binary);
    if (!in) { problems.error({shown, 0, 0, {}}, "cannot open the template"); return false; }
    if (!vanthu::read_at_most(in, max_template_bytes, source)) { problems.error({shown, 0, 0, {}}, "the template is larger than 1 MiB"); return false; }
    std::size_t bad = text::find_invalid_utf8(source);
    if (bad != std::string::npos) {
        vanthu::location at = vanthu::locate_offset(source.data(), source.size(), bad);
        at.file = shown;
        problems.error(at, "invalid UTF-8");
        return false;
    }
    std::size_t doctype = source.find("<!DOCTYPE");
    if (doctype != std::string::npos) {
        vanthu::location at = vanthu::locate_offset(source.data(), source.size(), doctype);
        at.file = shown;
        problems.error(at, "a DOCTYPE is not allowed in a template");
        return false;
    }
    return true;
}

// Loads and checks the template file of one folder; search: every folder, for a blank-of base.
load_result load_from(const std::string& templates_dir, const std::string& name, const std::vector<std::string>& search) {
    load_result result;
    std::string shown = name + ".xml";
    std::string path = (std::filesystem::path(templates_dir) / shown).string();
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(path, ec)) && !is_inside_folder(templates_dir, path)) {
        result.problems.error({shown, 0, 0, {}}, "the template is not a regular file inside the template folder",
                              "a template may not be a link to a file elsewhere");
        return result;
    }
    std::string source;
    if (!read_source(path, shown, source, result.problems)) return result;
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_buffer(source.data(), source.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
    if (!parsed) {
        vanthu::location at = vanthu::locate_offset(source.data(), source.size(), static_cast<std::size_t>(parsed.offset));
        at.file = shown;
        result.problems.error(at, std::string("bad XML: ") + parsed.description());
        return result;
    }
    if (!check_depth(doc, shown, source, result.problems)) return result;
    auto def = std::make_shared<template_def>();
    def->name = name;
    def->file = shown;
    def->dir = templates_dir;
    def->inputs.push_back(path);
    loader l(source, shown, templates_dir, *def);
    l.search = search;
    pugi::xml_node root = doc.document_element();
    if (std::strcmp(root.name(), "template") != 0) l.error(l.where(root), "the root element must be <template>, not <" + std::string(root.name()) + ">");
    else if (root.attribute("blank-of")) load_blank_of(l, root);
    else load_root(l, root);
    result.problems = std::move(l.problems);
    std::stable_sort(result.problems.items.begin(), result.problems.items.end(), [](const auto& a, const auto& b) {
        return std::make_pair(a.where.line, a.where.column) < std::make_pair(b.where.line, b.where.column);
    });
    if (!result.problems.has_errors()) result.value = def;
    return result;
}

// The folders once each (the same folder named twice, or through a link, is searched once).
std::vector<std::string> distinct_folders(const std::vector<std::string>& folders) {
    std::vector<std::string> out;
    std::vector<std::filesystem::path> seen;
    for (const std::string& f : folders) {
        if (f.empty()) continue;
        std::error_code ec;
        const std::filesystem::path real = std::filesystem::weakly_canonical(f, ec);
        if (std::find(seen.begin(), seen.end(), real) != seen.end()) continue;
        seen.push_back(real);
        out.push_back(f);
    }
    return out;
}

}  // namespace

// Loads and checks one template file of one folder.
load_result load_template(const std::string& templates_dir, const std::string& name) {
    return load_template(std::vector<std::string>{templates_dir}, name);
}

// Loads and checks the template from the first folder that holds it.
load_result load_template(const std::vector<std::string>& folders, const std::string& name) {
    const std::string shown = name + ".xml";
    load_result result;
    if (!is_safe_file_name(name)) {
        result.problems.error({shown, 0, 0, {}}, "bad template name '" + name + "' (letters, digits, '.', '_' and '-' only, no path)");
        return result;
    }
    const std::vector<std::string> search = distinct_folders(folders);
    std::string searched;
    for (const std::string& folder : search) {
        std::error_code ec;
        const auto status = std::filesystem::symlink_status(std::filesystem::path(folder) / shown, ec);
        if (std::filesystem::exists(status)) return load_from(folder, name, search);
        searched += (searched.empty() ? "" : ", ") + folder;
    }
    result.problems.error({shown, 0, 0, {}}, "cannot open the template: no " + shown + " in " + (searched.empty() ? "no folder" : searched),
                          "templates are looked up in --templates DIR (or vanthu.templates, VANTHU_TEMPLATES), then in the installed ones");
    return result;
}

// The first load of the folders and name, then the same answer.
load_result template_memo::load(const std::vector<std::string>& folders, const std::string& name) {
    std::string key = name;
    for (const std::string& f : folders) key += '\0' + f;
    std::lock_guard<std::mutex> hold(mutex_);  // a first load by two threads at once is made once
    auto found = loaded_.find(key);
    if (found == loaded_.end()) found = loaded_.emplace(std::move(key), load_template(folders, name)).first;
    return found->second;
}

// A setting's value, or the fallback.
std::string setting_or(const template_def& t, const std::string& name, const std::string& fallback) {
    auto found = t.settings.find(name);
    return found == t.settings.end() ? fallback : found->second;
}

// Whether the body is made once per recipient.
bool makes_pages_per_recipient(const template_def& t) { return t.per_recipient; }

const char* made_for_kind(const template_def& t) { return record::kind_name(t.kind); }

// The file the template was loaded from.
const std::string& template_file(const template_def& t) { return t.file; }

// The name the template was loaded under.
const std::string& template_name(const template_def& t) { return t.name; }

// The folder the template was loaded from.
const std::string& template_folder(const template_def& t) { return t.dir; }

// The files noted while loading, and the fonts' files of every family.
template_inputs inputs_of(const template_def& t) {
    template_inputs out;
    out.files = t.inputs;
    for (const model::document::font_family& f : t.fonts)
        for (const std::string& file : {f.regular, f.bold, f.italic, f.bold_italic})
            if (!file.empty()) out.font_files.push_back(file);
    return out;
}

// The template a record kind uses when the record names none.
std::string default_template_name(const std::string& kind, const std::string& subkind) {
    if (kind == "meeting") return "minutes";
    if (kind == "ceremony") return subkind == "pledge" ? "pledge" : "ceremony";
    if (kind == "certification") return subkind == "standard" ? "certificate-standard" : "certificate-merit";
    return kind;
}

}  // namespace tmpl
