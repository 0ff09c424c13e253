// Owns the names of scopes and reading a list of them.
#include "auth/scopes.hpp"

namespace auth {

namespace {

struct named { scope s; const char* name; };
constexpr named names[] = {{scope::submit, "submit"}, {scope::read, "read"}, {scope::admin, "admin"}, {scope::signer, "signer"}};

// Spaces trimmed off both ends.
std::string_view trimmed(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

}  // namespace

const char* scope_name(scope s) {
    for (const named& n : names)
        if (n.s == s) return n.name;
    return "";
}

// The names of the scopes held, comma-separated.
std::string scopes::to_string() const {
    std::string out;
    for (const named& n : names) {
        if (!has(n.s)) continue;
        if (!out.empty()) out += ',';
        out += n.name;
    }
    return out;
}

// Each comma-separated word a known scope name.
scopes_result parse_scopes(std::string_view text) {
    scopes_result out;
    while (!trimmed(text).empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view word = trimmed(text.substr(0, comma));
        bool known = false;
        for (const named& n : names)
            if (word == n.name) {
                out.value.add(n.s);
                known = true;
            }
        if (!known) {
            out.bad = std::string(word.empty() ? "(empty)" : word);
            return out;
        }
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

bool is_role(std::string_view role) { return !role_scopes(role).empty(); }

// The scope lists of the three roles.
scopes role_scopes(std::string_view role) {
    if (role == "clerk") return parse_scopes("submit,read").value;
    if (role == "signer") return parse_scopes("submit,read,signer").value;
    if (role == "admin") return parse_scopes("submit,read,admin,signer").value;
    return {};
}

}  // namespace auth
