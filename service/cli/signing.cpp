// Owns the signing options of sign and render (signing.hpp): reading them, and loading the
// key they name with its passphrase from a file or a variable, never the command line.
#include "cli/signing.hpp"

#include <sys/prctl.h>

#include <cstdlib>
#include <cstring>
#include <ostream>

#include <openssl/crypto.h>

#include "cli/cli.hpp"
#include "cli/output.hpp"
#include "core/data_dirs.hpp"

namespace cli {

namespace {

// "36mm", "36 mm" or "36": millimetres from 5 to 100; false otherwise.
bool parse_millimetres(std::string text, double& into) {
    if (text.size() > 2 && text.compare(text.size() - 2, 2, "mm") == 0) text.resize(text.size() - 2);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    char* end = nullptr;
    into = std::strtod(text.c_str(), &end);
    return !text.empty() && end && *end == '\0' && into >= 5 && into <= 100;
}

// The passphrase from its file (one final line break dropped) or its variable; false with
// a message. The variable's bytes are wiped in place (so /proc/PID/environ no longer shows
// them) and it is unset, so that no child process inherits it.
bool read_passphrase(const signing_line& line, std::string& pass, std::string& message) {
    if (!line.pass_env.empty()) {
        char* v = std::getenv(line.pass_env.c_str());
        if (!v) {
            message = "the variable " + line.pass_env + " (--pass-env) is not set";
            return false;
        }
        pass = v;
        OPENSSL_cleanse(v, std::strlen(v));
        ::unsetenv(line.pass_env.c_str());
        return true;
    }
    if (!read_input(line.pass_file, pass, message)) return false;
    if (!pass.empty() && pass.back() == '\n') pass.pop_back();
    if (!pass.empty() && pass.back() == '\r') pass.pop_back();
    return true;
}

}  // namespace

bool take_signing_option(const std::vector<std::string>& args, std::size_t& i, signing_line& into,
                         std::string& message) {
    const std::string& a = args[i];
    std::string* target = a == "--p12"         ? &into.p12
                          : a == "--pass-file" ? &into.pass_file
                          : a == "--pass-env"  ? &into.pass_env
                          : a == "--as"        ? &into.as
                          : a == "--image"     ? &into.image_file
                          : a == "--seal-size" ? &into.seal_size
                          : a == "--reason"    ? &into.options.reason
                          : a == "--field"     ? &into.options.field
                          : a == "--name"      ? &into.options.name
                          : a == "--tsa"       ? &into.options.tsa_url
                          : a == "--tsa-ca"    ? &into.options.tsa_ca
                                               : nullptr;
    if (a == "--pass") {
        message = "the passphrase is never given on the command line: use --pass-file or --pass-env";
        return true;
    }
    if (!target) return false;
    into.any = true;
    if (i + 1 >= args.size()) {
        message = "option " + a + " needs a value";
        return true;
    }
    *target = args[++i];
    return true;
}

bool check_signing_options(signing_line& line, std::string& message) {
    if (line.p12.empty()) message = "signing needs the key: --p12 KEY.p12";
    else if (line.pass_file.empty() == line.pass_env.empty())
        message = "give the key's passphrase with one of --pass-file FILE or --pass-env VAR";
    else if (line.as != "person" && line.as != "organization")
        message = "--as takes person or organization, not '" + line.as + "'";
    else if (!line.seal_size.empty() && !parse_millimetres(line.seal_size, line.options.seal_width_mm))
        message = "--seal-size takes millimetres from 5 to 100 (36mm), not '" + line.seal_size + "'";
    line.options.as = line.as == "organization" ? sign::signer_role::organization : sign::signer_role::person;
    return message.empty();
}

int load_signing_key(signing_line& line, const std::string& fonts_dir, sign::credentials& who, std::ostream& err) {
    // Best effort: no core dump of this process, and no ptrace by other users, can show the
    // key or its passphrase. It does not stop root, nor a debugger started with the process.
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    std::string p12, pass, message;
    const bool read = read_input(line.p12, p12, message) &&
                      (line.image_file.empty() || read_input(line.image_file, line.options.image, message)) &&
                      read_passphrase(line, pass, message);
    if (!read) {
        OPENSSL_cleanse(p12.data(), p12.size());
        OPENSSL_cleanse(pass.data(), pass.size());
        err << "vanthu: " << message << '\n';
        return exit_no_input;
    }
    line.options.font_path = (fonts_dir.empty() ? vanthu::find_data_dir("fonts") : fonts_dir) +
                             "/LiberationSerif-Regular.ttf";
    vanthu::diagnostics problems;
    const bool loaded = sign::load_credentials(p12, pass, who, problems);  // cleanses pass
    OPENSSL_cleanse(p12.data(), p12.size());
    print_sign_diagnostics(problems, err);
    return loaded ? exit_ok : exit_bad_record;
}

void print_sign_diagnostics(const vanthu::diagnostics& problems, std::ostream& err) {
    for (const vanthu::diagnostic& d : problems.items) {
        err << "vanthu: " << (d.level == vanthu::severity::warning ? "warning: " : "") << d.message << '\n';
        if (!d.hint.empty()) err << "  hint: " << d.hint << '\n';
    }
}

}  // namespace cli
