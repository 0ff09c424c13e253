// Owns line:column positions in a record's decoded text.
#include "record/steps.hpp"

namespace record::detail {

// Indexes the text every checkpoint_stride bytes (line and column there), so that locating
// an offset reads at most one stride, even on a record that is one long line.
source_text::source_text(std::string_view utf8) : text_(utf8) {
    checkpoint here{0, 1, 1};
    checkpoints_.push_back(here);
    for (std::size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') {
            ++here.line;
            here.column = 1;
        } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
            ++here.column;  // a column is a character, not a byte of one
        }
        if ((i + 1) % checkpoint_stride == 0) {
            here.offset = i + 1;
            checkpoints_.push_back(here);
        }
    }
}

// Counts lines and characters from a known place up to offset (offset >= from.offset).
source_text::checkpoint source_text::advance(std::string_view text, checkpoint from, std::size_t offset) {
    const char* p = text.data();
    for (std::size_t i = from.offset; i < offset; ++i) {
        if (p[i] == '\n') {
            ++from.line;
            from.column = 1;
        } else if ((static_cast<unsigned char>(p[i]) & 0xC0) != 0x80) {
            ++from.column;  // a column is a character, not a byte of one
        }
    }
    from.offset = offset;
    return from;
}

// Line and column of an offset: from the last place located when it lies between the
// checkpoint before the offset and the offset, else from that checkpoint.
vanthu::location source_text::locate(std::size_t offset, std::string path) const {
    if (offset > text_.size()) offset = text_.size();
    const checkpoint& mark = checkpoints_[offset / checkpoint_stride];
    const checkpoint& from = last_.offset <= offset && last_.offset > mark.offset ? last_ : mark;
    last_ = advance(text_, from, offset);
    vanthu::location where;
    where.line = last_.line;
    where.column = last_.column;
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
