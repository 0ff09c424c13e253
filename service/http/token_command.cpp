// Owns the token command: creating, listing and revoking the clients of the API.
#include "http/token_command.hpp"

#include <cctype>
#include <ostream>

#include "auth/scopes.hpp"
#include "auth/secrets.hpp"
#include "http/store_command.hpp"

namespace http {

namespace {

const char* const usage =
    "usage: vanthu token add NAME [--scope submit,read,admin] [--callback URL] [--config FILE] [-Dkey=value]...\n"
    "       vanthu token list [--config FILE] [-Dkey=value]...\n"
    "       vanthu token revoke NAME [--config FILE] [-Dkey=value]...\n"
    "A client calls the API with 'Authorization: Bearer <token>'; the store keeps only the token's\n"
    "digest, so the token is printed once, by add. The default scopes are submit,read. --callback\n"
    "is where the events of the client's jobs go unless a job names its own (?callback=); events\n"
    "are signed with the callback secret add prints, and go only to hosts in vanthu.callbacks.allow.\n";

// The command line, read: bad usage in error.
command_args read_args(const std::vector<std::string>& args) {
    command_args t = read_command_args(args, {"--scope", "--callback"});
    const std::size_t want = t.action == "list" ? 0 : 1;
    if (t.error.empty() && t.action != "add" && t.action != "list" && t.action != "revoke")
        t.error = t.action.empty() ? "token needs add, list or revoke" : "unknown token action '" + t.action + "'";
    else if (t.error.empty() && t.words.size() != want)
        t.error = "token " + t.action + (want ? " takes one client name" : " takes no name");
    return t;
}

// add: a new client with fresh secrets, printed once.
int add_client(worker::job_store& store, const command_args& t, std::ostream& out, std::ostream& err) {
    const std::string& name = t.words[0];
    if (!is_client_name(name)) {
        err << "vanthu token: bad client name '" << name
            << "' (1 to 64 letters, digits, '.', '_', '-', starting with a letter or digit)\n";
        return exit_usage;
    }
    const auto asked = t.options.find("--scope");
    const auth::scopes_result scopes = auth::parse_scopes(asked == t.options.end() ? "submit,read" : asked->second);
    if (!scopes || scopes.value.empty()) {
        err << "vanthu token: unknown scope '" << (scopes ? std::string("(none)") : scopes.bad)
            << "' (submit, read, admin, signer)\n";
        return exit_usage;
    }
    const auto url = t.options.find("--callback");
    const std::string callback_url = url == t.options.end() ? "" : url->second;
    if (!callback_url.empty()) {
        const std::string scheme = callback_url.substr(0, callback_url.find("://"));
        if (scheme != "http" && scheme != "https") {
            err << "vanthu token: the callback '" << callback_url << "' is not an http:// or https:// URL\n";
            return exit_usage;
        }
    }
    const std::string token = auth::new_secret(), callback = auth::new_secret();
    worker::client_row row{name, auth::digest_secret(token), scopes.value.to_string(), callback, callback_url, 0, 0};
    std::string error;
    switch (store.add_client(row, error)) {
        case worker::client_status::ok:
            out << "token: " << token << "\ncallback-secret: " << callback << "\n";
            err << "vanthu token: client " << name << " added with scopes " << row.scopes
                << "; the token is shown only this once\n";
            return 0;
        case worker::client_status::exists:
            err << "vanthu token: a client named " << name << " exists already (revoked names stay taken)\n";
            return exit_data;
        default:
            err << "vanthu token: cannot add the client: " << error << "\n";
            return exit_unavailable;
    }
}

// list: name, scopes, created, state; never a secret.
int list_clients(worker::job_store& store, std::ostream& out, std::ostream& err) {
    std::string error;
    const std::vector<worker::client_row> clients = store.list_clients(error);
    if (!error.empty()) {
        err << "vanthu token: cannot list the clients: " << error << "\n";
        return exit_unavailable;
    }
    out << "name\tscopes\tcreated\tstate\n";
    for (const worker::client_row& c : clients)
        out << c.name << '\t' << c.scopes << '\t' << utc_time(c.created_ms) << '\t'
            << (c.revoked_ms ? "revoked " + utc_time(c.revoked_ms) : std::string("active")) << "\n";
    return 0;
}

// revoke: the token stops working at once.
int revoke_client(worker::job_store& store, const std::string& name, std::ostream& err) {
    std::string error;
    switch (store.revoke_client(name, error)) {
        case worker::client_status::ok:
            err << "vanthu token: client " << name << " revoked\n";
            return 0;
        case worker::client_status::not_found:
            err << "vanthu token: no active client named " << name << "\n";
            return exit_data;
        default:
            err << "vanthu token: cannot revoke the client: " << error << "\n";
            return exit_unavailable;
    }
}

}  // namespace

bool is_client_name(const std::string& name) {
    if (name.empty() || name.size() > 64 || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
    return true;
}

int run_token_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        out << usage;
        return 0;
    }
    const command_args t = read_args(args);
    if (!t.error.empty()) {
        err << "vanthu token: " << t.error << "\n" << usage;
        return exit_usage;
    }
    int code = 0;
    auto store = open_command_store(t, "token", err, code);
    if (!store) return code;
    if (t.action == "add") return add_client(*store, t, out, err);
    if (t.action == "list") return list_clients(*store, out, err);
    return revoke_client(*store, t.words[0], err);
}

}  // namespace http
