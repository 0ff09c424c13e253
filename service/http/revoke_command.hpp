// `vanthu revoke` and `vanthu render --register`: the certificate register, from the command line.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace http {

// Runs the words after "revoke": RECORD_ID RECIPIENT_ID [--reason TEXT], with the store
// configured as for serve. Exit codes: 0 revoked (or revoked already), 64 bad usage, 65 no such
// certificate, 69 store unavailable, 78 bad configuration.
int run_revoke_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Runs `render ... --register` (the words from "render"): the store's settings (--config FILE,
// -Dkey=value) are taken out of the words and the store opened; the rest is vanthu render's.
int run_registering_render(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                           std::ostream& err);

}  // namespace http
