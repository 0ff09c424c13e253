// One libharu document with an error handler that records instead of aborting.
#pragma once

#include <hpdf.h>

#include <string>

namespace pdf {

// The last error libharu reported through the handler.
struct haru_error {
    HPDF_STATUS code = HPDF_OK;    // libharu error number, HPDF_OK when none
    HPDF_STATUS detail = HPDF_OK;  // libharu's detail number (often errno)
};

// A libharu document with UTF-8 encoders and full compression.
struct session {
    HPDF_Doc doc = nullptr;
    haru_error error;  // written by the handler; its address is given to libharu
};

// Creates the document in s (s must not move afterwards). False if libharu fails.
bool open_session(session& s);

// Frees the document, if any.
void close_session(session& s);

// Takes the recorded error (and clears it in libharu too).
haru_error take_error(session& s);

// "libharu error 0x1017 (detail 2)".
std::string describe_error(const haru_error& e);

}  // namespace pdf
