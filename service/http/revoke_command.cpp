// Owns the certificate register's commands: vanthu revoke, and the store behind vanthu render
// --register (the vanthu program links no store, so both run in vanthu-serve).
#include "http/revoke_command.hpp"

#include <cstdlib>
#include <ostream>

#include "cli/cli.hpp"
#include "http/store_command.hpp"

namespace http {

namespace {

const char* const usage =
    "usage: vanthu revoke RECORD_ID RECIPIENT_ID [--reason TEXT] [--config FILE] [-Dkey=value]...\n"
    "\n"
    "Revokes the certificates of a recipient of a certification record in the worker's register\n"
    "(under every register number it was issued with): its verification page (GET /verify/CODE)\n"
    "then says it was revoked, and when. The reason is kept in the register, never shown.\n"
    "The store is serve's: --config FILE, -Dvanthu.store=..., the environment.\n"
    "\n"
    "exit codes: 0 revoked (or revoked already), 64 usage, 65 no such certificate,\n"
    "            69 store unavailable, 78 bad configuration\n";

// Who did it, as the register keeps it: the operator's login name.
std::string operator_name() {
    const char* user = std::getenv("USER");
    return std::string("command:") + (user && *user ? user : "unknown");
}

}  // namespace

int run_revoke_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        out << usage;
        return 0;
    }
    command_args a = read_command_args(args, {"--reason"});
    if (a.error.empty() && (a.action.empty() || a.words.size() != 1)) a.error = "give RECORD_ID RECIPIENT_ID";
    if (!a.error.empty()) {
        err << "vanthu revoke: " << a.error << "\n" << usage;
        return exit_usage;
    }
    int code = 0;
    auto store = open_command_store(a, "revoke", err, code);
    if (!store) return code;
    const std::string& record_id = a.action;
    const std::string& recipient_id = a.words[0];
    const worker::revoke_result r =
        store->revoke_certificates(record_id, recipient_id, std::nullopt, operator_name(), a.options["--reason"]);
    switch (r.status) {
        case worker::revoke_status::revoked:
            out << "revoked " << r.count << " certificate(s) of " << recipient_id << " in " << record_id << "\n";
            return 0;
        case worker::revoke_status::unchanged:
            out << "the certificates of " << recipient_id << " in " << record_id << " were revoked already\n";
            return 0;
        case worker::revoke_status::not_found:
            err << "vanthu revoke: no registered certificate of " << recipient_id << " in " << record_id << "\n";
            return exit_data;
        case worker::revoke_status::store_error:
            break;
    }
    err << "vanthu revoke: the store failed: " << r.error << "\n";
    return exit_unavailable;
}

int run_registering_render(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                           std::ostream& err) {
    // The store's words out, the render's kept in order.
    std::vector<std::string> store_words, render_words;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& w = args[i];
        const bool split_value = (w == "-D" || w == "--config" || w == "-c") && i + 1 < args.size();
        if (w.rfind("-D", 0) == 0 || w.rfind("--config", 0) == 0 || w == "-c") {
            store_words.push_back(w);
            if (split_value) store_words.push_back(args[++i]);
        } else {
            render_words.push_back(w);
        }
    }
    const command_args a = read_command_args(store_words, {});
    if (!a.error.empty()) {
        err << "vanthu render: " << a.error << "\n";
        return exit_usage;
    }
    int code = 0;
    auto store = open_command_store(a, "render", err, code);
    if (!store) return code;
    const cli::certificate_registrar registrar = [&store](const std::vector<record::issued_certificate>& issued,
                                                          std::string& error) {
        return store->register_certificates("", "", issued, error);
    };
    return cli::run_registering(render_words, registrar, in, out, err);
}

}  // namespace http
