// Owns the diagnostic list and its one-line text form.
#include "core/diagnostic.hpp"

namespace vanthu {

void diagnostics::error(location where, std::string message, std::string hint) {
    items.push_back({severity::error, std::move(where), std::move(message), std::move(hint)});
}

void diagnostics::warning(location where, std::string message, std::string hint) {
    items.push_back({severity::warning, std::move(where), std::move(message), std::move(hint)});
}

bool diagnostics::has_errors() const {
    for (const auto& d : items)
        if (d.level == severity::error) return true;
    return false;
}

std::string format_diagnostic(const diagnostic& d) {
    std::string out;
    if (!d.where.file.empty()) out += d.where.file + ":";
    if (d.where.line > 0) {
        out += std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ":";
    }
    if (!out.empty()) out += " ";
    if (!d.where.path.empty()) out += d.where.path + ": ";
    if (d.level == severity::warning) out += "warning: ";
    out += d.message;
    if (!d.hint.empty()) out += " (" + d.hint + ")";
    return out;
}

std::string format_diagnostics(const diagnostics& list) {
    std::string out;
    for (const auto& d : list.items) out += format_diagnostic(d) + "\n";
    return out;
}

location offset_locator::at(std::size_t offset) {
    if (offset > size_) offset = size_;
    if (offset < offset_) {  // backwards: from the start again
        offset_ = 0;
        line_ = column_ = 1;
    }
    for (; offset_ < offset; ++offset_) {
        if (text_[offset_] == '\n') {
            ++line_;
            column_ = 1;
        } else if ((static_cast<unsigned char>(text_[offset_]) & 0xC0) != 0x80) {
            ++column_;
        }
    }
    location where;
    where.line = line_;
    where.column = column_;
    return where;
}

location locate_offset(const char* text, std::size_t size, std::size_t offset) {
    return offset_locator(text, size).at(offset);
}

}  // namespace vanthu
