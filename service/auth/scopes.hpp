// What a client or a user may do: scopes, parsed from "submit,read" and checked per request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace auth {

enum class scope : std::uint8_t {
    submit = 1,  // post records: render now, queue jobs, revise
    read = 2,    // read its own jobs and results
    admin = 4,   // metrics, every client's tokens, users
    signer = 8   // ask for a digital signature (issue 16)
};

// A set of scopes.
class scopes {
public:
    scopes() = default;
    bool has(scope s) const { return (bits_ & static_cast<std::uint8_t>(s)) != 0; }
    void add(scope s) { bits_ = static_cast<std::uint8_t>(bits_ | static_cast<std::uint8_t>(s)); }
    bool empty() const { return bits_ == 0; }
    bool operator==(const scopes& o) const { return bits_ == o.bits_; }
    // "submit,read" in the order of the enum.
    std::string to_string() const;

private:
    std::uint8_t bits_ = 0;
};

// The result of reading a list of scopes: the set, or the first word that is not a scope.
struct scopes_result {
    scopes value;
    std::string bad;  // empty when every word was a scope
    explicit operator bool() const { return bad.empty(); }
};

// The name of one scope: "submit", "read", "admin", "signer".
const char* scope_name(scope s);

// Reads "submit,read" (commas, no spaces needed; an empty list is no scope at all).
scopes_result parse_scopes(std::string_view text);

// Whether a word is a user's role: "clerk", "signer" or "admin".
bool is_role(std::string_view role);

// What a user of a role may do: a clerk submits and reads, a signer also signs, an admin does
// everything; no scope at all for a word that is not a role.
scopes role_scopes(std::string_view role);

}  // namespace auth
