// The CMS side of a PAdES signature: making the CAdES detached SignedData, asking a
// time-stamping service for a token, and reading both back.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "sign/sign.hpp"

namespace sign {

// DER of a CAdES detached SignedData over first + second (the two byte ranges), SHA-256:
// signed attributes content-type, message-digest and signing-certificate-v2, no signingTime
// (PAdES forbids it: the time is the PDF's /M, or a time-stamp); the chain included. With
// a tsa_url, the signature value is time-stamped (id-aa-signatureTimeStampToken); an https://
// service's certificate is checked against tsa_ca (a PEM file; empty: the system's CAs).
bool make_signature(std::string_view first, std::string_view second, const credentials& who,
                    const std::string& tsa_url, const std::string& tsa_ca, std::string& der,
                    vanthu::diagnostics& problems);

// make_signature without a time-stamp for many PDFs with one key: the SignedData is built by
// OpenSSL once (for each length the signature value comes in), then each PDF's digest and
// signature value are written into a copy; the same DER make_signature makes. Not for two
// threads at once.
class signature_template {
public:
    explicit signature_template(const credentials& who);
    bool make(std::string_view first, std::string_view second, std::string& der, vanthu::diagnostics& problems);

private:
    struct shape {
        std::string der;
        std::size_t digest_at = 0, value_at = 0;  // where the placeholders stand in it
    };
    bool make_attributes(vanthu::diagnostics& problems);
    const shape* shape_for(std::size_t value_length, vanthu::diagnostics& problems);

    const credentials& who_;
    std::string attributes_;  // the signed attributes' DER with the placeholder digest
    std::size_t attributes_digest_at_ = 0;
    std::map<std::size_t, shape> shapes_;  // by the signature value's length
};

// The DER bytes to reserve for make_signature's output with this key, measured by a trial
// signature over dummy bytes (one private-key operation): its size, plus the most an ECDSA
// value can vary and a few bytes of DER lengths, plus room for a time-stamp token (with its
// service's chain) when one is asked for. 0 with a diagnostic when the trial fails.
std::size_t signature_room(const credentials& who, bool timestamped, vanthu::diagnostics& problems);

// The DER of an RFC 3161 time-stamp token (a SignedData) over the SHA-256 of the bytes,
// from the service at the URL: http://, or https:// (TLS 1.2 or later, the service's
// certificate chained to a CA of ca_file, a PEM file, or of the system's when it is empty, and
// naming the URL's host). False with a diagnostic on any failure.
bool fetch_timestamp(const std::string& url, const std::string& ca_file, std::string_view stamped, std::string& token,
                     vanthu::diagnostics& problems);

// The time of a time-stamp token, as yyyy-mm-ddThh:mm:ssZ; empty when it cannot be read.
std::string timestamp_time(std::string_view token);

// OpenSSL's first queued error as text (the queue is emptied).
std::string openssl_error();

}  // namespace sign
