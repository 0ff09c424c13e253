// vanthu sign and vanthu verify: PAdES signatures of finished PDFs (service/sign).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cli {

// vanthu sign IN.pdf -o OUT.pdf --p12 KEY.p12 (--pass-file F | --pass-env VAR) [...]:
// args without the command word. Returns the exit code.
int run_sign(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// vanthu verify FILE.pdf [--ca FILE]: prints each signature; 0 only when there is at least
// one and every one is valid, else 1 (64 usage, 65 not a readable PDF, 66 missing input).
int run_verify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cli
