// Workers with authentication required, and the clients, users and sessions of their store:
// what the tests of access rules share, on SQLite or PostgreSQL alike.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "serve_process.hpp"
#include "support/run_command.hpp"

namespace guarded {

// A scratch folder's SQLite store URL.
std::string store_of(const std::string& dir);

// `vanthu COMMAND WORDS... -Dvanthu.store=STORE` (token, user) with stdin.
test_paths::command_output store_command(const std::string& store, const std::string& command,
                                         std::vector<std::string> words, const std::string& input = {});

// A client of the API and the two secrets `vanthu token add` printed for it.
struct client {
    std::string name, token, callback_secret;
};

// Adds a client to the store (REQUIREs the two lines `token add` prints); more: further words
// of `token add` (--callback URL).
client add_client(const std::string& store, const std::string& name, const std::string& scopes = "submit,read",
                  const std::vector<std::string>& more = {});

// A worker on the store with authentication required, its spool under dir, extra settings
// after (the last -D of a key wins); REQUIREs that it listens.
std::unique_ptr<serve_test::serve_process> start_guarded(const std::string& store, const std::string& dir,
                                                         std::vector<std::string> extra = {});

// A signed-in user: the cookie's value, the CSRF token, and what the sign-in answered.
struct session {
    std::string cookie, csrf;
    serve_test::answer signed_in;
    Poco::JSON::Object::Ptr body;
};

// Signs in with a form (the password form-encoded); REQUIREs 200 and a session cookie.
session sign_in(int port, const std::string& name, const std::string& password);

// A request with the session's cookie, and its CSRF token when with_csrf; more headers after.
serve_test::answer as_user(int port, const session& s, const std::string& method, const std::string& path,
                           const std::string& body = {}, bool with_csrf = true,
                           std::map<std::string, std::string> headers = {});

// The record ids of a GET /v1/jobs answer, in its order.
std::vector<std::string> listed_ids(const serve_test::answer& a);

}  // namespace guarded
