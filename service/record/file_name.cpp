// Owns the rule on ids that become file names (a recipient's PDF in a split ZIP).
#include <cctype>
#include <string>

#include "record/record.hpp"

namespace record {

namespace {

// Whether the name before its first '.' is one Windows keeps for a device.
bool reserved_on_windows(std::string_view id) {
    std::string base(id.substr(0, id.find('.')));
    while (!base.empty() && base.back() == ' ') base.pop_back();
    for (char& c : base) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (base == "CON" || base == "PRN" || base == "AUX" || base == "NUL") return true;
    return base.size() == 4 && (base.compare(0, 3, "COM") == 0 || base.compare(0, 3, "LPT") == 0) && base[3] >= '1' &&
           base[3] <= '9';
}

}  // namespace

std::string why_not_a_file_name(std::string_view id) {
    if (id.empty()) return "it is empty";
    if (id.size() > 200) return "it is " + std::to_string(id.size()) + " bytes long, over 200";
    for (unsigned char c : id) {
        if (c < 0x20 || c == 0x7F) return "it holds a control character";
        if (c == '/' || c == '\\') return std::string("it holds '") + static_cast<char>(c) + "', which separates folders";
        if (c == '<' || c == '>' || c == ':' || c == '"' || c == '|' || c == '?' || c == '*')
            return std::string("it holds '") + static_cast<char>(c) + "', which Windows refuses in file names";
    }
    if (id.find("..") != std::string_view::npos) return "it holds '..'";
    if (id.front() == '.') return "it starts with '.' (a hidden file)";
    if (id.back() == '.' || id.back() == ' ') return "it ends with '.' or a space, which Windows drops";
    if (reserved_on_windows(id)) return "it is a name Windows keeps for a device";
    return {};
}

}  // namespace record
