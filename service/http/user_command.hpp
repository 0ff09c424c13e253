// `vanthu user add|list|passwd|disable`: the users of the web page, in the worker's store.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace http {

// Runs the words after "user": add NAME --role clerk|signer|admin [--unit CODE], list,
// passwd NAME, disable NAME, with the store configured as for serve (--config FILE,
// -Dkey=value, the environment). add and passwd read the password from `in`: twice with the
// echo off when it is a terminal, once (one line) from a pipe. Exit codes: 0, 64 bad usage,
// 65 a name taken or unknown or a password refused, 69 store unavailable, 78 bad configuration.
int run_user_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace http
