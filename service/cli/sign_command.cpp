// Owns the sign and verify commands: their options, the key's passphrase kept out of the
// command line and the logs, the signed file written whole or not at all.
#include "cli/sign_command.hpp"

#include <ostream>

#include "cli/cli.hpp"
#include "cli/help.hpp"
#include "cli/output.hpp"
#include "cli/signing.hpp"
#include "sign/sign.hpp"

namespace cli {

namespace {

constexpr int exit_not_valid = 1;  // verify: no signature, or one that is not valid

struct sign_line {
    std::string input, output, fonts_dir;
    signing_line signing;
    bool help = false;
};

// Reads sign's options; false with a message.
bool parse_sign(const std::vector<std::string>& args, sign_line& cl, std::string& message) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (take_signing_option(args, i, cl.signing, message)) {
            if (!message.empty()) return false;
        } else if (a == "-h" || a == "--help") {
            return cl.help = true;
        } else if (a == "-o" || a == "--output" || a == "--fonts") {
            if (i + 1 >= args.size()) {
                message = "option " + a + " needs a value";
                return false;
            }
            (a == "--fonts" ? cl.fonts_dir : cl.output) = args[++i];
        } else if (a.size() > 1 && a[0] == '-') {
            message = "unknown option " + a;
            return false;
        } else if (cl.input.empty()) {
            cl.input = a;
        } else {
            message = "one PDF at a time";
            return false;
        }
    }
    if (cl.input.empty() || cl.output.empty() || cl.signing.p12.empty()) {
        message = "sign needs IN.pdf, -o OUT.pdf and --p12 KEY.p12";
        return false;
    }
    return check_signing_options(cl.signing, message);
}

// Writes the report of one signature, a few lines.
void print_report(const sign::signature_report& r, std::size_t index, std::ostream& out) {
    out << "signature " << index << " (field " << r.field << "): " << (r.valid() ? "valid" : "NOT VALID") << '\n';
    if (!r.same_as.empty()) out << "  the same signature as field " << r.same_as << " (shown on another page)\n";
    out        << "  signer: " << (r.signer.empty() ? "unknown" : r.signer) << '\n'
        << "  signed at: " << (r.signing_time.empty() ? "unknown" : r.signing_time) << " (claimed by the signer)\n";
    if (r.timestamped)
        out << "  time-stamp: " << (r.timestamp_time.empty() ? "unreadable" : r.timestamp_time)
            << (r.timestamp_ok ? "" : " (does not verify)") << '\n';
    if (r.range_ok)
        out << "  covers: revision " << r.revision << " of " << r.revisions
            << (r.whole_file() ? ", the whole file" : "; later revisions were appended after it") << '\n';
    if (!r.problem.empty()) out << "  problem: " << r.problem << '\n';
}

}  // namespace

int run_sign(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
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
    std::string pdf;
    if (!read_input(cl.input, pdf, message)) {
        err << "vanthu: " << message << '\n';
        return exit_no_input;
    }
    sign::credentials who;
    if (const int code = load_signing_key(cl.signing, cl.fonts_dir, who, err); code != exit_ok) return code;
    vanthu::diagnostics problems;
    std::string signed_pdf;
    const sign::sign_status status = sign::sign_pdf(pdf, who, cl.signing.options, signed_pdf, problems);
    print_sign_diagnostics(problems, err);
    // A PDF that cannot be used is bad input (65); a failure after it was read is ours (70).
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
    print_sign_diagnostics(problems, err);
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
