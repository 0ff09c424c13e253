// Owns the rule on record ids: what the root's id attribute (and a draft's name) may be.
#include "record/record.hpp"

namespace record {

bool is_record_id(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && c != '.' && c != '_' && c != ':' && c != '-') return false;
    }
    return true;
}

}  // namespace record
