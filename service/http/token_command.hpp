// `vanthu token add|list|revoke`: the clients of the API, in the worker's store.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace http {

// Runs the words after "token": add NAME [--scope LIST], list, revoke NAME, with the store
// configured as for serve (--config FILE, -Dkey=value, the environment). add prints the new
// token and callback secret once on out, as "token: ..." and "callback-secret: ...". Exit
// codes: 0, 64 bad usage, 65 a name taken or unknown, 69 store unavailable, 78 bad configuration.
int run_token_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Whether a client name is fit for logs, folders and URLs: 1 to 64 of letters, digits, '.',
// '_', '-', starting with a letter or digit.
bool is_client_name(const std::string& name);

}  // namespace http
