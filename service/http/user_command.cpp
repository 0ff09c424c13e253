// Owns the user command: adding, listing, re-keying and disabling the users of the web page.
#include "http/user_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <ostream>

#include "auth/passwords.hpp"
#include "auth/scopes.hpp"
#include "http/store_command.hpp"
#include "http/token_command.hpp"

namespace http {

namespace {

const char* const usage =
    "usage: vanthu user add NAME --role clerk|signer|admin [--unit CODE] [--config FILE] [-Dkey=value]...\n"
    "       vanthu user list [--config FILE] [-Dkey=value]...\n"
    "       vanthu user passwd NAME [--config FILE] [-Dkey=value]...\n"
    "       vanthu user disable NAME [--config FILE] [-Dkey=value]...\n"
    "add and passwd read the password from stdin (twice on a terminal). The store keeps only its\n"
    "Argon2id hash. passwd and disable end every session of the user at once. A user's jobs\n"
    "belong to the unit, so every user of the unit sees them.\n";

// The command line, read: bad usage in error.
command_args read_args(const std::vector<std::string>& args) {
    command_args u = read_command_args(args, {"--role", "--unit"});
    const std::size_t want = u.action == "list" ? 0 : 1;
    if (!u.error.empty()) return u;
    if (u.action != "add" && u.action != "list" && u.action != "passwd" && u.action != "disable")
        u.error = u.action.empty() ? "user needs add, list, passwd or disable"
                                   : "unknown user action '" + u.action + "'";
    else if (u.words.size() != want)
        u.error = "user " + u.action + (want ? " takes one user name" : " takes no name");
    else if (u.action != "add" && !u.options.empty())
        u.error = "--role and --unit go with add only";
    else if (u.action == "add" && !auth::is_role(u.options["--role"]))
        u.error = "add needs --role clerk, signer or admin";
    else if (!u.words.empty() && !is_client_name(u.words[0]))
        u.error = "bad user name '" + u.words[0] +
                  "' (1 to 64 letters, digits, '.', '_', '-', starting with a letter or digit)";
    else if (u.options.count("--unit") && !is_client_name(u.options["--unit"]))
        u.error = "bad unit code '" + u.options["--unit"] + "' (1 to 64 letters, digits, '.', '_', '-')";
    return u;
}

// One line of input without its line end; false at the end of the input.
bool read_line(std::istream& in, std::string& line) {
    if (!std::getline(in, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

// One line typed on the terminal with the echo off, after a prompt on err.
bool read_hidden(std::istream& in, std::ostream& err, const char* prompt, std::string& line) {
    termios before{};
    const bool terminal = ::tcgetattr(STDIN_FILENO, &before) == 0;
    termios quiet = before;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    if (terminal) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);  // the echo is off before the prompt shows
    err << prompt << std::flush;
    const bool got = read_line(in, line);
    if (terminal) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
    err << "\n";
    return got;
}

// The new password: twice on a terminal (both the same), once from a pipe; checked against
// auth's rules. Empty with a message on err when refused.
std::string read_new_password(std::istream& in, std::ostream& err) {
    std::string password, again;
    const bool terminal = &in == &std::cin && ::isatty(STDIN_FILENO);
    if (terminal) {
        if (!read_hidden(in, err, "Mật khẩu mới: ", password) || !read_hidden(in, err, "Nhập lại: ", again))
            return {};
        if (password != again) {
            err << "vanthu user: the two passwords differ; nothing changed\n";
            return {};
        }
    } else if (!read_line(in, password)) {
        err << "vanthu user: no password on stdin\n";
        return {};
    }
    if (const std::string why = auth::password_problem(password); !why.empty()) {
        err << "vanthu user: password refused: " << why << "\n";
        return {};
    }
    return password;
}

// add: a new user with the password's hash.
int add_user(worker::job_store& store, command_args& u, std::istream& in, std::ostream& err) {
    const std::string password = read_new_password(in, err);
    if (password.empty()) return exit_data;
    worker::user_row row{u.words[0], auth::hash_password(password), u.options["--role"], u.options["--unit"], 0, 0};
    std::string error;
    switch (store.add_user(row, error)) {
        case worker::client_status::ok:
            err << "vanthu user: " << row.name << " added as " << row.role
                << (row.unit.empty() ? std::string(" without a unit") : " of unit " + row.unit) << "\n";
            return 0;
        case worker::client_status::exists:
            err << "vanthu user: a user named " << row.name << " exists already (disabled names stay taken)\n";
            return exit_data;
        default:
            err << "vanthu user: cannot add the user: " << error << "\n";
            return exit_unavailable;
    }
}

// list: name, role, unit, created, state; never a hash.
int list_users(worker::job_store& store, std::ostream& out, std::ostream& err) {
    std::string error;
    const std::vector<worker::user_row> users = store.list_users(error);
    if (!error.empty()) {
        err << "vanthu user: cannot list the users: " << error << "\n";
        return exit_unavailable;
    }
    out << "name\trole\tunit\tcreated\tstate\n";
    for (const worker::user_row& u : users)
        out << u.name << '\t' << u.role << '\t' << (u.unit.empty() ? "-" : u.unit) << '\t' << utc_time(u.created_ms)
            << '\t' << (u.disabled_ms ? "disabled " + utc_time(u.disabled_ms) : std::string("active")) << "\n";
    return 0;
}

// passwd and disable: both end the user's sessions; they differ in what they change.
int change_user(worker::job_store& store, const command_args& u, std::istream& in, std::ostream& err) {
    const std::string& name = u.words[0];
    std::string error;
    worker::client_status done;
    if (u.action == "passwd") {
        const std::string password = read_new_password(in, err);
        if (password.empty()) return exit_data;
        done = store.set_password(name, auth::hash_password(password), error);
    } else {
        done = store.disable_user(name, error);
    }
    if (done == worker::client_status::ok) {
        err << "vanthu user: " << name << (u.action == "passwd" ? " has a new password" : " disabled")
            << "; every session of the user has ended\n";
        return 0;
    }
    if (done == worker::client_status::not_found) {
        err << "vanthu user: no " << (u.action == "passwd" ? "" : "active ") << "user named " << name << "\n";
        return exit_data;
    }
    err << "vanthu user: cannot change the user: " << error << "\n";
    return exit_unavailable;
}

}  // namespace

int run_user_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        out << usage;
        return 0;
    }
    command_args u = read_args(args);
    if (!u.error.empty()) {
        err << "vanthu user: " << u.error << "\n" << usage;
        return exit_usage;
    }
    int code = 0;
    auto store = open_command_store(u, "user", err, code);
    if (!store) return code;
    if (u.action == "add") return add_user(*store, u, in, err);
    if (u.action == "list") return list_users(*store, out, err);
    return change_user(*store, u, in, err);
}

}  // namespace http
