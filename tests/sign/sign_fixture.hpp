// What the signing tests share: a test PKI made with the openssl command (no key is kept in
// the tree), a rendered document, unsigned signature fields added the way the renderer will
// write them, and the external checkers (pdfsig, qpdf, openssl cms).
#pragma once

#include <string>
#include <vector>

#include "support/run_command.hpp"

namespace sign_test {

// The test PKI: a root, an intermediate, an RSA-2048 person and an ECDSA P-256 organisation,
// each signer in a PKCS#12 with its chain; made once per test program.
struct pki {
    std::string dir;
    std::string ca_pem;      // the root, PEM
    std::string person_p12;  // CN Nguyễn Văn An (RSA-2048)
    std::string org_p12;     // CN and O Công an thành phố Hải Phòng (P-256)
    std::string pass_file;   // the passphrase of both, one line
    std::string nss_dir;     // an NSS database trusting the root (for pdfsig)
};
const pki& test_pki();

// An unsigned signature field to add, on page (from 0), in PDF points.
struct unsigned_field {
    std::string name;
    std::size_t page = 0;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// The PDF with the fields added (an incremental update of unsigned /FT /Sig widgets, listed in
// /AcroForm and in their pages' /Annots), as the renderer will write them.
std::string add_unsigned_fields(const std::string& pdf, const std::vector<unsigned_field>& fields);

// The certification sample rendered (3 pages, one certificate each), with sign-1 in the blank
// of page 1's signature block and attachment-1 at the top left of page 2 (standing in for an
// annex's first page).
std::string certificate_with_fields();

// Runs vanthu with the arguments.
test_paths::command_output vanthu(const std::vector<std::string>& args);

// pdfsig's report of the file against the test PKI's NSS database.
std::string pdfsig(const std::string& pdf);

// The bytes a signature covers and its /Contents (DER), from the index-th /ByteRange (from 0).
struct signed_parts {
    std::string content;
    std::string der;
};
signed_parts extract_signature(const std::string& pdf_bytes, std::size_t index);

// Writes bytes to a file; fails the test when it cannot.
void write_file(const std::string& path, const std::string& bytes);

// How many times the text occurs.
std::size_t count(const std::string& text, const std::string& what);

}  // namespace sign_test
