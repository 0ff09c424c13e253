// Owns the lifetime of a libharu document and the recording of its errors.
#include "pdf/session.hpp"

#include <cstdio>

namespace pdf {

namespace {

// libharu calls this on every error; we keep the first one until taken.
void record_error(HPDF_STATUS code, HPDF_STATUS detail, void* user_data) {
    auto* e = static_cast<haru_error*>(user_data);
    if (e->code != HPDF_OK) return;
    e->code = code;
    e->detail = detail;
}

}  // namespace

// A new libharu document with compression on (text is written by show_text, with no encoder).
bool open_session(session& s) {
    close_session(s);
    s.error = {};
    s.doc = HPDF_New(record_error, &s.error);
    if (!s.doc) return false;
    bool ok = HPDF_SetCompressionMode(s.doc, HPDF_COMP_ALL) == HPDF_OK;
    if (!ok) close_session(s);
    return ok;
}

// Frees the libharu document.
void close_session(session& s) {
    if (s.doc) HPDF_Free(s.doc);
    s.doc = nullptr;
}

// Returns and clears the recorded error.
haru_error take_error(session& s) {
    haru_error e = s.error;
    s.error = {};
    if (s.doc) HPDF_ResetError(s.doc);
    return e;
}

// The error as text for a diagnostic.
std::string describe_error(const haru_error& e) {
    char text[64];
    std::snprintf(text, sizeof text, "libharu error 0x%04X (detail %u)",
                  static_cast<unsigned>(e.code), static_cast<unsigned>(e.detail));
    return text;
}

}  // namespace pdf
