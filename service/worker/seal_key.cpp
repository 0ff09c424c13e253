// Owns the worker's signing key (seal_key.hpp): loading it from vanthu.sign.* and the hook
// that seals what a job renders.
#include "worker/seal_key.hpp"

#include <sys/prctl.h>

#include <cstdlib>
#include <cstring>

#include <openssl/crypto.h>

#include "core/read_file.hpp"

namespace worker {

namespace {

constexpr const char* pass_variable = "VANTHU_SIGN_PASSPHRASE";

// A small file read whole, or the reason it was not.
bool read_small(const std::string& path, std::size_t limit, std::string& into, std::string& error) {
    const vanthu::file_read read = vanthu::read_regular_file(path, limit);
    if (!read.bytes) {
        error = "cannot read " + path + ": " + read.refused;
        return false;
    }
    into = *read.bytes;
    return true;
}

// The passphrase from its file (one final line break dropped) or the variable.
bool read_passphrase(const settings& s, std::string& pass, std::string& error) {
    if (!s.sign_pass_file.empty()) {
        if (!read_small(s.sign_pass_file, 4096, pass, error)) return false;
        while (!pass.empty() && (pass.back() == '\n' || pass.back() == '\r')) pass.pop_back();
        return true;
    }
    char* v = std::getenv(pass_variable);
    if (!v) {
        error = std::string("vanthu.sign.p12 needs its passphrase: vanthu.sign.pass_file, or the variable ") +
                pass_variable;
        return false;
    }
    pass = v;
    OPENSSL_cleanse(v, std::strlen(v));
    ::unsetenv(pass_variable);
    return true;
}

}  // namespace

bool load_seal_key(const settings& s, seal_key& into, std::string& error) {
    if (s.sign_p12.empty()) return true;
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);  // no core dump, no ptrace by other users
    std::string p12, pass;
    const bool read = read_small(s.sign_p12, 1u << 20, p12, error) && read_passphrase(s, pass, error) &&
                      (s.sign_image.empty() || read_small(s.sign_image, 8u << 20, into.options.image, error));
    vanthu::diagnostics problems;
    const bool loaded = read && sign::load_credentials(p12, pass, into.who, problems);  // cleanses pass
    OPENSSL_cleanse(p12.data(), p12.size());
    OPENSSL_cleanse(pass.data(), pass.size());
    if (!read) return false;
    if (!loaded) {
        error = "cannot open the signing key " + s.sign_p12 + ": " +
                (problems.items.empty() ? std::string("unknown reason") : problems.items.front().message);
        return false;
    }
    into.options.as = sign::signer_role::organization;
    into.options.seal_width_mm = s.sign_seal_size_mm;
    into.options.name = s.sign_name;
    into.options.reason = s.sign_reason;
    into.options.tsa_url = s.sign_tsa;
    into.options.tsa_ca = s.sign_tsa_ca;
    into.options.font_path = s.fonts + "/LiberationSerif-Regular.ttf";
    into.trust_file = s.sign_trust;
    into.loaded = true;
    return true;
}

std::function<bool(std::string& pdf, std::string& message)> seal_each_pdf(const seal_key& key) {
    auto signer = std::make_shared<sign::signer>(key.who, key.options);
    return [signer](std::string& pdf, std::string& message) {
        vanthu::diagnostics problems;
        std::string out;
        if (signer->sign(pdf, out, problems) != sign::sign_status::done) {
            message = "cannot seal the PDF: " +
                      (problems.items.empty() ? std::string("unknown reason") : problems.items.back().message);
            return false;
        }
        pdf = std::move(out);
        return true;
    };
}

bool seal_pdf(const seal_key& key, std::string& pdf, std::string& message) { return seal_each_pdf(key)(pdf, message); }

}  // namespace worker
