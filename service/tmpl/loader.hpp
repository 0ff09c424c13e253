// The state of loading one template file: source text, positions, problems, loop scopes.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <utility>
#include <vector>

#include "tmpl/ast.hpp"
#include "tmpl/parse_text.hpp"

namespace tmpl {

// Where the body elements may appear: each context allows its own elements.
enum class context {
    block,       // body, column, keep, cell with blocks
    inline_text, // p, item, cell with text, b, i, u
    columns,     // inside <columns>: <column>
    table,       // inside <table>: <header>, <row>
    row,         // inside <header> or <row>: <cell>
    list,        // inside <list>: <item>
    signatures   // inside <signatures>: <signature>
};

class loader {
public:
    loader(std::string source, std::string file, std::string dir, template_def& out);
    loader(const loader&) = delete;  // lines_ points into source_
    loader& operator=(const loader&) = delete;

    // Positions, for diagnostics.
    vanthu::location where(const pugi::xml_node& n) const;
    vanthu::location where_attr(const pugi::xml_node& n, const char* attr) const;
    vanthu::location where_in_text(const pugi::xml_node& text_node, std::size_t offset) const;
    void error(const vanthu::location& at, std::string message);

    // Attributes: unknown ones reported; the value of one, or null.
    void check_attributes(const pugi::xml_node& n, std::initializer_list<const char*> allowed);
    bool require_attr(const pugi::xml_node& n, const char* attr);
    // Reads a length attribute into `out` when present.
    void read_length_attr(const pugi::xml_node& n, const char* attr, bool allow_percent,
                          std::optional<length>& out);
    double read_points_attr(const pugi::xml_node& n, const char* attr, double fallback);
    template_text read_text_attr(const pugi::xml_node& n, const char* attr);

    // Styles: the named style, the style attributes of an element applied to a base.
    void load_styles(const pugi::xml_node& root);
    style resolve_style(const pugi::xml_node& n, const style& inherited);
    void apply_style_attributes(const pugi::xml_node& n, style& st);

    // Fields: loop scopes and checking of paths and formatters against the schema.
    void push_scope(const std::string& var, std::vector<std::string> steps);
    void pop_scope();
    bool resolve_path(const field_path& p, std::vector<std::string>& steps, record::field_info& info) const;
    void check_expr(const expr& e, const vanthu::location& at);
    void check_text(const template_text& t, const vanthu::location& at);
    bool check_each(const field_path& p, const vanthu::location& at, std::vector<std::string>& steps);
    void check_condition(const condition& c, const vanthu::location& at);
    std::vector<std::string> narrow_scope(const condition& c) const;

    // The body.
    std::vector<elem> load_children(const pugi::xml_node& parent, context ctx, const style& inherited);

    template_def& def;
    std::string dir;
    std::vector<std::string> search;  // every template folder, in order (a blank-of base is looked up there)
    vanthu::diagnostics problems;

private:
    bool load_element(const pugi::xml_node& n, context ctx, const style& inherited, std::vector<elem>& out);
    void load_text_node(const pugi::xml_node& n, context ctx, std::vector<elem>& out);
    void load_paragraph(const pugi::xml_node& n, elem& e, const style& inherited);
    void load_table(const pugi::xml_node& n, elem& e, const style& inherited);
    void load_cell(const pugi::xml_node& n, elem& e, const style& inherited);
    void load_list(const pugi::xml_node& n, elem& e, const style& inherited);
    void load_rule_or_spacer(const pugi::xml_node& n, elem& e);
    void load_signatures(const pugi::xml_node& n, elem& e, const style& inherited);
    void load_image(const pugi::xml_node& n, elem& e);
    void load_qr(const pugi::xml_node& n, elem& e);
    void load_box(const pugi::xml_node& n, elem& e, const style& inherited);
    void load_loop(const pugi::xml_node& n, context ctx, elem& e, const style& inherited);
    void load_if(const pugi::xml_node& n, context ctx, elem& e, const style& inherited);
    void check_row_cells(const elem& table);

    std::string source_;
    std::string file_;
    mutable vanthu::offset_locator lines_{nullptr, 0};  // over source_: every element asks where it is
    std::vector<std::pair<std::string, std::vector<std::string>>> scopes_;
};

// load_border.cpp: <border>, the ornamental frame, added to the template's decorations.
void load_border(loader& l, const pugi::xml_node& n);

// Static checks of names and files.
bool is_safe_file_name(const std::string& name);

}  // namespace tmpl
