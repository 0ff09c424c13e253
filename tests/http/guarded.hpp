// Workers with authentication required, and the clients and users of their store: what the
// tests of access rules share, on SQLite or PostgreSQL alike.
#pragma once

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

// The record ids of a GET /v1/jobs answer, in its order.
std::vector<std::string> listed_ids(const serve_test::answer& a);

}  // namespace guarded
