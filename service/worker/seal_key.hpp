// The body's own signing key (vanthu.sign.*), loaded once when the worker starts: what seals
// the results of jobs asking sign=organization, and checks the persons' signatures sent back.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "sign/sign.hpp"
#include "worker/config.hpp"

namespace worker {

struct seal_key {
    sign::credentials who;
    sign::sign_options options;  // as organization: the seal's image, size, name, reason, time-stamping
    std::string trust_file;      // PEM anchors a person's signature must chain to ("": integrity only)
    bool loaded = false;         // vanthu.sign.p12 is set and opened
};

// Loads the key named by the settings (nothing when vanthu.sign.p12 is empty). The passphrase
// comes from vanthu.sign.pass_file, else the variable VANTHU_SIGN_PASSPHRASE, which is wiped
// and unset once read; it is cleansed from memory after use and never logged. The process is
// made non-dumpable. False with the reason when the key cannot be opened.
bool load_seal_key(const settings& s, seal_key& into, std::string& error);

// The render hook (render::options::finish_pdf) that signs every finished PDF of one render
// with the key, by a signer of its own (one signing time per job).
std::function<bool(std::string& pdf, std::string& message)> seal_each_pdf(const seal_key& key);

// Signs one PDF with the key; false with the reason.
bool seal_pdf(const seal_key& key, std::string& pdf, std::string& message);

}  // namespace worker
