// The signing options sign and render share (--p12, --pass-file, --as, --image ...), and the
// key they name loaded with its passphrase kept off the command line.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "sign/sign.hpp"

namespace cli {

struct signing_line {
    std::string p12, pass_file, pass_env, image_file, as = "person";
    std::string seal_size;   // e.g. "36mm"
    sign::sign_options options;
    bool any = false;        // one of the options was given
};

// When args[i] is a signing option, takes it (and its value, moving i past it) and returns
// true; message is set when it lacks its value or is --pass. False for any other word.
bool take_signing_option(const std::vector<std::string>& args, std::size_t& i, signing_line& into,
                         std::string& message);

// Checks the options once all are read: a key, one way to its passphrase, a known role, a
// seal size in millimetres. False with a message.
bool check_signing_options(signing_line& line, std::string& message);

// Reads the key file, its passphrase and the image, and loads the key: exit_ok, or the exit
// code once the reason is printed (66 an input missing, 65 a key that cannot be opened). The
// passphrase and the key file's bytes are cleansed from memory whatever the outcome; the
// process is made non-dumpable first. fonts_dir: the appearance's font (empty: installed).
int load_signing_key(signing_line& line, const std::string& fonts_dir, sign::credentials& who, std::ostream& err);

// Prints diagnostics, each with "vanthu: " and its hint.
void print_sign_diagnostics(const vanthu::diagnostics& problems, std::ostream& err);

}  // namespace cli
