// Owns the sign and verify commands: their options, the key's passphrase kept out of the
// command line and the logs, the signed file written whole or not at all.
#include "cli/sign_command.hpp"

#include <sys/prctl.h>

#include <cstdlib>
#include <cstring>
#include <ostream>

#include <openssl/crypto.h>

#include "cli/cli.hpp"
#include "cli/help.hpp"
#include "cli/output.hpp"
#include "core/data_dirs.hpp"
#include "sign/sign.hpp"

namespace cli {

namespace {

constexpr int exit_not_valid = 1;  // verify: no signature, or one that is not valid

struct sign_line {
    std::string input, output, p12, pass_file, pass_env, image, fonts_dir, as = "person";
    std::string seal_size;  // e.g. "36mm"
    sign::sign_options options;
    bool help = false;
};

// Prints the diagnostics, each with "vanthu: " and its hint.
void print_diagnostics(const vanthu::diagnostics& problems, std::ostream& err) {
    for (const vanthu::diagnostic& d : problems.items) {
        err << "vanthu: " << (d.level == vanthu::severity::warning ? "warning: " : "") << d.message << '\n';
        if (!d.hint.empty()) err << "  hint: " << d.hint << '\n';
    }
}

// "36mm", "36 mm" or "36": millimetres from 5 to 100; false otherwise.
bool parse_millimetres(std::string text, double& into) {
    if (text.size() > 2 && text.compare(text.size() - 2, 2, "mm") == 0) text.resize(text.size() - 2);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    char* end = nullptr;
    into = std::strtod(text.c_str(), &end);
    return !text.empty() && end && *end == '\0' && into >= 5 && into <= 100;
}

// Reads sign's options; false with a message.
bool parse_sign(const std::vector<std::string>& args, sign_line& cl, std::string& message) {
    auto refuse = [&](std::string why) {
        message = std::move(why);
        return false;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= args.size()) return refuse("option " + a + " needs a value");
            into = args[++i];
            return true;
        };
        bool ok = true;
        if (a == "-h" || a == "--help") return cl.help = true;
        else if (a == "-o" || a == "--output") ok = value(cl.output);
        else if (a == "--p12") ok = value(cl.p12);
        else if (a == "--pass-file") ok = value(cl.pass_file);
        else if (a == "--pass-env") ok = value(cl.pass_env);
        else if (a == "--as") ok = value(cl.as);
        else if (a == "--image") ok = value(cl.image);
        else if (a == "--seal-size") ok = value(cl.seal_size);
        else if (a == "--reason") ok = value(cl.options.reason);
        else if (a == "--field") ok = value(cl.options.field);
        else if (a == "--name") ok = value(cl.options.name);
        else if (a == "--tsa") ok = value(cl.options.tsa_url);
        else if (a == "--fonts") ok = value(cl.fonts_dir);
        else if (a == "--pass") return refuse("the passphrase is never given on the command line: use --pass-file or --pass-env");
        else if (a.size() > 1 && a[0] == '-') return refuse("unknown option " + a);
        else if (cl.input.empty()) cl.input = a;
        else return refuse("one PDF at a time");
        if (!ok) return false;
    }
    if (cl.input.empty() || cl.output.empty() || cl.p12.empty())
        return refuse("sign needs IN.pdf, -o OUT.pdf and --p12 KEY.p12");
    if (cl.pass_file.empty() == cl.pass_env.empty())
        return refuse("give the key's passphrase with one of --pass-file FILE or --pass-env VAR");
    if (cl.as != "person" && cl.as != "organization") return refuse("--as takes person or organization, not '" + cl.as + "'");
    cl.options.as = cl.as == "person" ? sign::signer_role::person : sign::signer_role::organization;
    if (!cl.seal_size.empty() && !parse_millimetres(cl.seal_size, cl.options.seal_width_mm))
        return refuse("--seal-size takes millimetres from 5 to 100 (36mm), not '" + cl.seal_size + "'");
    return true;
}

// The passphrase from its file (one final line break dropped) or its variable; false with
// a message. The variable's bytes are wiped in place (so /proc/PID/environ no longer shows
// them) and it is unset, so that no child process inherits it.
bool read_passphrase(const sign_line& cl, std::string& pass, std::string& message) {
    if (!cl.pass_env.empty()) {
        char* v = std::getenv(cl.pass_env.c_str());
        if (!v) {
            message = "the variable " + cl.pass_env + " (--pass-env) is not set";
            return false;
        }
        pass = v;
        OPENSSL_cleanse(v, std::strlen(v));
        ::unsetenv(cl.pass_env.c_str());
        return true;
    }
    if (!read_input(cl.pass_file, pass, message)) return false;
    if (!pass.empty() && pass.back() == '\n') pass.pop_back();
    if (!pass.empty() && pass.back() == '\r') pass.pop_back();
    return true;
}

// Reads the inputs named on the line; the exit code (exit_ok when all were read).
int read_sign_inputs(const sign_line& cl, std::string& pdf, std::string& p12, std::string& image,
                     std::ostream& err) {
    std::string message;
    bool ok = read_input(cl.input, pdf, message) && read_input(cl.p12, p12, message) &&
              (cl.image.empty() || read_input(cl.image, image, message));
    if (!ok) err << "vanthu: " << message << '\n';
    return ok ? exit_ok : exit_no_input;
}

// Writes the report of one signature, a few lines.
void print_report(const sign::signature_report& r, std::size_t index, std::ostream& out) {
    out << "signature " << index << " (field " << r.field << "): " << (r.valid() ? "valid" : "NOT VALID") << '\n';
    if (!r.same_as.empty()) out << "  the same signature as field " << r.same_as << " (shown on another page)\n";
    out        << "  signer: " << (r.signer.empty() ? "unknown" : r.signer) << '\n'
        << "  signed at: " << (r.signing_time.empty() ? "unknown" : r.signing_time) << " (claimed by the signer)\n";
    if (!r.timestamp_time.empty()) out << "  time-stamp: " << r.timestamp_time << '\n';
    if (r.range_ok)
        out << "  covers: revision " << r.revision << " of " << r.revisions
            << (r.whole_file() ? ", the whole file" : "; later revisions were appended after it") << '\n';
    if (!r.problem.empty()) out << "  problem: " << r.problem << '\n';
}

}  // namespace

int run_sign(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    // Best effort: no core dump of this process, and no ptrace by other users, can show the
    // key or its passphrase. It does not stop root, nor a debugger started with the process.
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    sign_line cl;
    std::string message;
    if (!parse_sign(args, cl, message)) {
        err << "vanthu: " << message << '\n' << command_help("sign");
        return exit_usage;
    }
    if (cl.help) {
        out << command_help("sign");
        return exit_ok;
    }
    std::string pdf, p12, pass;
    if (const int code = read_sign_inputs(cl, pdf, p12, cl.options.image, err); code != exit_ok) return code;
    if (!read_passphrase(cl, pass, message)) {
        OPENSSL_cleanse(pass.data(), pass.size());
        err << "vanthu: " << message << '\n';
        return exit_no_input;
    }
    cl.options.font_path = (cl.fonts_dir.empty() ? vanthu::find_data_dir("fonts") : cl.fonts_dir) +
                           "/LiberationSerif-Regular.ttf";
    vanthu::diagnostics problems;
    sign::credentials who;
    const bool key_ok = sign::load_credentials(p12, pass, who, problems);  // cleanses pass
    OPENSSL_cleanse(p12.data(), p12.size());
    std::string signed_pdf;
    const sign::sign_status status = key_ok ? sign::sign_pdf(pdf, who, cl.options, signed_pdf, problems)
                                            : sign::sign_status::bad_pdf;
    print_diagnostics(problems, err);
    // A PDF or key that cannot be used is bad input (65); a failure after both were read is ours (70).
    if (status != sign::sign_status::done) return status == sign::sign_status::bad_pdf ? exit_bad_record : exit_internal;
    if (!write_file_atomically(cl.output, signed_pdf, message)) {
        err << "vanthu: " << message << '\n';
        return exit_cannot_write;
    }
    err << "vanthu: signed " << cl.input << " as " << who.common_name() << " into " << cl.output << '\n';
    return exit_ok;
}

int run_verify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string input, message;
    sign::verify_options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            out << command_help("verify");
            return exit_ok;
        }
        if (a == "--ca" && i + 1 < args.size()) options.ca_file = args[++i];
        else if ((a.size() > 1 && a[0] == '-') || !input.empty()) message = a == "--ca" ? "--ca needs a file" : "unexpected " + a;
        else input = a;
    }
    if (input.empty() && message.empty()) message = "verify needs a PDF";
    if (!message.empty()) {
        err << "vanthu: " << message << '\n' << command_help("verify");
        return exit_usage;
    }
    std::string pdf, ca;
    if (!read_input(input, pdf, message) || (!options.ca_file.empty() && !read_input(options.ca_file, ca, message))) {
        err << "vanthu: " << message << '\n';
        return exit_no_input;
    }
    vanthu::diagnostics problems;
    const std::vector<sign::signature_report> reports = sign::verify_pdf(pdf, options, problems);
    print_diagnostics(problems, err);
    if (problems.has_errors()) return exit_bad_record;
    bool all_valid = !reports.empty();
    for (std::size_t i = 0; i < reports.size(); ++i) {
        print_report(reports[i], i + 1, out);
        all_valid = all_valid && reports[i].valid();
    }
    if (reports.empty()) out << input << ": no signature\n";
    return all_valid ? exit_ok : exit_not_valid;
}

}  // namespace cli
