// The CMS side of a PAdES signature: making the CAdES detached SignedData, asking a
// time-stamping service for a token, and reading both back.
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "sign/sign.hpp"

namespace sign {

// DER of a CAdES detached SignedData over first + second (the two byte ranges), SHA-256:
// signed attributes content-type, message-digest and signing-certificate-v2, no signingTime
// (PAdES forbids it: the time is the PDF's /M, or a time-stamp); the chain included. With
// a tsa_url, the signature value is time-stamped (id-aa-signatureTimeStampToken).
bool make_signature(std::string_view first, std::string_view second, const credentials& who,
                    const std::string& tsa_url, std::string& der, vanthu::diagnostics& problems);

// The DER bytes to reserve for make_signature's output with this key, measured by a trial
// signature over dummy bytes (one private-key operation): its size, plus the most an ECDSA
// value can vary and a few bytes of DER lengths, plus room for a time-stamp token (with its
// service's chain) when one is asked for. 0 with a diagnostic when the trial fails.
std::size_t signature_room(const credentials& who, bool timestamped, vanthu::diagnostics& problems);

// The DER of an RFC 3161 time-stamp token (a SignedData) over the SHA-256 of the bytes,
// from the service at the http:// URL; false with a diagnostic on any failure.
bool fetch_timestamp(const std::string& url, std::string_view stamped, std::string& token,
                     vanthu::diagnostics& problems);

// The time of a time-stamp token, as yyyy-mm-ddThh:mm:ssZ; empty when it cannot be read.
std::string timestamp_time(std::string_view token);

// OpenSSL's first queued error as text (the queue is emptied).
std::string openssl_error();

}  // namespace sign
