// Owns line:column positions in a record's decoded text.
#include "record/steps.hpp"

#include <algorithm>

namespace record::detail {

// Indexes the starts of the lines of the text.
source_text::source_text(std::string utf8) : text_(std::move(utf8)) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

// Line and column of an offset: the line from the index, the column from locate_offset on that line.
vanthu::location source_text::locate(std::size_t offset, std::string path) const {
    if (offset > text_.size()) offset = text_.size();
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const std::size_t line_index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
    const std::size_t start = line_starts_[line_index];
    vanthu::location where = vanthu::locate_offset(text_.data() + start, text_.size() - start, offset - start);
    where.line = static_cast<int>(line_index + 1);
    where.path = std::move(path);
    return where;
}

// Position of an element's '<' (pugixml's offset points at its name).
vanthu::location source_text::locate_element(const pugi::xml_node& element, std::string path) const {
    const std::ptrdiff_t at = element.offset_debug();
    if (at <= 0) return locate(0, std::move(path));
    return locate(static_cast<std::size_t>(at - 1), std::move(path));
}

// Position of the first text inside an element, where value errors point.
vanthu::location source_text::locate_value(const pugi::xml_node& element, std::string path) const {
    for (pugi::xml_node child = element.first_child(); child; child = child.next_sibling()) {
        if (child.type() != pugi::node_pcdata && child.type() != pugi::node_cdata) continue;
        const std::ptrdiff_t at = child.offset_debug();
        if (at < 0) break;
        std::size_t pos = static_cast<std::size_t>(at);
        const std::string_view value = child.value();
        std::size_t skip = 0;
        while (skip < value.size() && (value[skip] == ' ' || value[skip] == '\t' || value[skip] == '\n' || value[skip] == '\r'))
            ++skip;
        if (skip < value.size()) return locate(pos + skip, std::move(path));
        return locate(pos, std::move(path));
    }
    return locate_element(element, std::move(path));
}

// Position of name="..." in the element's start tag, found by scanning the raw text.
vanthu::location source_text::locate_attribute(const pugi::xml_node& element, std::string_view name,
                                               std::string path) const {
    const std::ptrdiff_t at = element.offset_debug();
    if (at < 0) return locate(0, std::move(path));
    const std::size_t tag_end = text_.find('>', static_cast<std::size_t>(at));
    const std::size_t limit = tag_end == std::string::npos ? text_.size() : tag_end;
    std::size_t pos = static_cast<std::size_t>(at);
    char quote = 0;
    for (; pos < limit; ++pos) {
        const char c = text_[pos];
        if (quote != 0) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
            continue;
        }
        const bool after_space = text_[pos - 1] == ' ' || text_[pos - 1] == '\t' || text_[pos - 1] == '\n' ||
                                 text_[pos - 1] == '\r';
        if (after_space && text_.compare(pos, name.size(), name) == 0) {
            const char next = pos + name.size() < text_.size() ? text_[pos + name.size()] : '\0';
            if (next == '=' || next == ' ' || next == '\t' || next == '\n' || next == '\r')
                return locate(pos, std::move(path));
        }
    }
    return locate_element(element, std::move(path));
}

}  // namespace record::detail
