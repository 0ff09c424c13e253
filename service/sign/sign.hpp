// PAdES signing and verifying of finished PDF bytes (after pdf/): a CAdES detached signature
// appended as an incremental update, so earlier bytes, and earlier signatures, stay valid.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace sign {

// A signer's key, certificate and chain, read from a PKCS#12 file. Holds OpenSSL objects;
// moved, never copied; the key is freed (and cleansed by OpenSSL) with it.
class credentials {
public:
    credentials();
    ~credentials();
    credentials(credentials&&) noexcept;
    credentials& operator=(credentials&&) noexcept;

    // The certificate's subject CN ("" when none).
    std::string common_name() const;
    // The certificate's subject O, else its CN: the body a seal stands for.
    std::string organization() const;

    struct impl;
    impl* get() const { return self_.get(); }

private:
    std::unique_ptr<impl> self_;
};

// Reads the PKCS#12 bytes with the passphrase, which is cleansed (OPENSSL_cleanse) and
// emptied whatever the outcome. False with a diagnostic (never the passphrase) when the
// file is not PKCS#12, the passphrase is wrong, or it holds no key and certificate.
bool load_credentials(std::string_view p12, std::string& passphrase, credentials& into,
                      vanthu::diagnostics& problems);

// Who signs: NĐ30 draws a person's signature and an organisation's seal differently.
enum class signer_role {
    person,       // the signature image in the person's place (the last unsigned sign-N)
    organization  // the seal over the left third of that place, the body and time in text
};

struct sign_options {
    signer_role as = signer_role::person;
    std::string image;           // PNG bytes: the signature picture or the seal; empty for none
    double seal_width_mm = 36;   // the seal's real width on paper (aspect kept)
    std::string reason;          // /Reason, UTF-8
    std::string field;           // the field to fill (person); empty: the last unsigned sign-N
    std::string name;            // the body's name shown by a seal; empty: the certificate's O or CN
    std::string tsa_url;         // an RFC 3161 time-stamping service (http:// or https://); empty for none
    std::string tsa_ca;          // PEM file of the CAs an https:// service's certificate must chain to; empty: the system's
    std::string font_path;       // the TrueType face of the appearance's text
    std::time_t now = 0;         // the signing time; 0 for the clock
};

// How signing ended.
enum class sign_status {
    done,     // out holds the signed PDF
    bad_pdf,  // the PDF cannot be read or updated, or has no such field (the input's fault)
    failed    // the appearance, the CMS or the time-stamp could not be made
};

// Appends to pdf, in out, an incremental update holding the signature: its dictionary, its
// field and widgets (visible in the template's sign-N / attachment-N fields, else
// invisible on page 1 with a warning), the page's /Annots and the catalog's /AcroForm.
// Diagnostics ("cannot sign: ...") say why when it is not done.
sign_status sign_pdf(std::string_view pdf, const credentials& who, const sign_options& options, std::string& out,
              vanthu::diagnostics& problems);

// Signs many PDFs with one key, one look and one signing time (options.now, the clock when
// 0, read once): a batch's certificates, the PDFs of a split ZIP. What does not change from
// one PDF to the next (the drawn appearances of each field size, their deflated streams, the
// room the CMS needs) is made on first use and kept. The same bytes as sign_pdf with the same
// options and time. Not for two threads at once: one signer per thread.
class signer {
public:
    signer(const credentials& who, sign_options options);
    ~signer();
    signer(signer&&) noexcept;
    signer& operator=(signer&&) noexcept;

    sign_status sign(std::string_view pdf, std::string& out, vanthu::diagnostics& problems);

    struct state;

private:
    std::unique_ptr<state> self_;
};

// What verify_pdf found about one signature.
struct signature_report {
    std::string field;            // the field's name (/T)
    std::string same_as;          // an earlier field holding the same signature (the seal's
                                  // text on an attachment), empty otherwise
    std::string signer;           // the signing certificate's subject CN
    std::string signing_time;     // /M as yyyy-mm-ddThh:mm:ss+hh:mm (claimed by the signer)
    std::string timestamp_time;   // the time-stamp token's time (UTC), empty without one
    bool timestamped = false;     // the signer info carries a time-stamp token
    bool timestamp_ok = false;    // the token is a TSA's signature over this signature's value
                                  // (with trust anchors: a TSA they vouch for)
    bool signature_ok = false;    // the CMS verifies over the ByteRange bytes
    std::string problem;          // why not, or why the ByteRange is wrong
    bool range_ok = false;        // ByteRange is [0 a b c] with only /Contents left out
    std::size_t revision = 0;     // the revision whose end the ByteRange reaches (from 1)
    std::size_t revisions = 0;    // how many revisions the file has
    bool whole_file() const { return revision == revisions; }
    bool valid() const { return signature_ok && range_ok && (!timestamped || timestamp_ok); }
};

struct verify_options {
    std::string ca_file;  // PEM trust anchors; empty: the signer's chain is not checked
};

// Each signed signature field of the PDF, in /AcroForm order. Diagnostics for a PDF that
// cannot be read.
std::vector<signature_report> verify_pdf(std::string_view pdf, const verify_options& options,
                                         vanthu::diagnostics& problems);

}  // namespace sign
