// The steps of signing, each in its own file, called from sign_pdf (sign_pdf.cpp).
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "pdf/draw_stamp.hpp"
#include "pdf/pages.hpp"
#include "sign/form.hpp"
#include "sign/sign.hpp"
#include "sign/update.hpp"

namespace sign {

// What a widget of the new signature shows.
enum class widget_look {
    nothing,  // an invisible signature (Rect [0 0 0 0])
    picture,  // the person's signature picture, centred (or the signer's name without one)
    seal,     // the seal at its real size, the body's name and the time beside or under it
    text      // an attachment's first page: the body's name and the time (a /Stamp annotation)
};

// One widget of the new signature: where it goes and what it shows.
struct widget_plan {
    std::uint32_t object = 0;  // an existing field that becomes this widget; 0 for a new object
    std::uint32_t page = 0;    // the page's object
    rect area;                 // on the page
    rect image;                // for picture and seal: where the image goes, on the page
    rect text;                 // for seal: where the body's name and the time go, on the page
    widget_look look = widget_look::nothing;
    std::string field_name;    // the field it fills or stands for (a marked place's sign-N)
};

// The text of the seal and of attachments' stamps: 10 pt on 12 pt lines, the body's name
// broken to lines of at most stamp_text_width (stamp_texts::body_lines), the time under it.
constexpr double stamp_font_size = 10;
constexpr double stamp_line = 12;
constexpr double stamp_text_width = 240;

// Where the new signature goes in the form.
struct signature_plan {
    std::string name;             // the /T of a new field (the seal, an invisible signature)
    std::vector<widget_plan> widgets;  // the signature's field(s), then the attachments' stamps
};

// plan_signature.cpp: picks the field and places the widgets (NĐ30 positions) for the role,
// the body's name on body_lines lines. Warns when the signature has to be invisible; errors
// when --field names no unsigned field.
bool plan_signature(const pdf::pdf_file& file, const document_form& form, const sign_options& options,
                    std::size_t body_lines, signature_plan& plan, vanthu::diagnostics& problems);

// The texts an appearance shows.
struct stamp_texts {
    std::string signer;  // the signer's CN
    std::string body;    // the body's name (seal and attachments)
    std::vector<std::string> body_lines;  // body broken at spaces to stamp_text_width (break_stamp_text)
    std::string time;    // yyyy-mm-ddThh:mm:ss+07:00
};

// add_appearance.cpp: the text broken at spaces into lines no wider than `width` points in
// the face at stamp_font_size (a word wider than that alone on its line); the text whole on
// one line when the face cannot be read (drawing it then says why).
std::vector<std::string> break_stamp_text(const std::string& text, const std::string& font_path, double width);

// add_appearance.cpp: draws each widget's look and writes it into the update as a form
// XObject (one font subset and the images with them). What it drew (read back, its streams
// deflated) is kept by the requests drawn, so a signer's next PDF of the same look copies
// it without drawing. Not for two threads at once.
class appearance_cache {
public:
    appearance_cache();
    ~appearance_cache();
    // The form XObjects' object numbers in the widgets' order, empty with a diagnostic on failure.
    std::vector<std::uint32_t> add(pdf_update& update, const std::vector<widget_plan>& widgets,
                                   const sign_options& options, const stamp_texts& texts,
                                   vanthu::diagnostics& problems);

    struct drawn;

private:
    drawn* find_or_draw(const std::vector<pdf::stamp_request>& stamps, vanthu::diagnostics& problems);
    std::map<std::string, std::unique_ptr<drawn>> drawn_;
};

// write_fields.cpp: the signature's field (filled or new, its own widget), the attachments'
// stamps, the pages' /Annots and the catalog's /AcroForm, in the update; appearances[i] is
// widget i's form XObject.
bool write_fields(const pdf::pdf_file& file, const document_form& form, const signature_plan& plan,
                  std::uint32_t signature, const std::vector<std::uint32_t>& appearances, pdf_update& update,
                  vanthu::diagnostics& problems);

// fill_signature.cpp: the signature dictionary with a /ByteRange and a /Contents of room
// bytes (as hex) to fill.
std::string signature_dictionary(const std::string& signer, const std::string& reason, std::time_t when,
                                 std::size_t room);
// Makes the DER of a signature over the two byte ranges; false with a diagnostic.
using der_maker = std::function<bool(std::string_view first, std::string_view second, std::string& der,
                                     vanthu::diagnostics& problems)>;
// Sets the /ByteRange of the signature dictionary at the offset, signs the two ranges and
// writes the CMS into /Contents; false with a diagnostic when signing fails or it does not fit.
bool fill_signature(std::string& file, std::size_t dictionary_at, const der_maker& make_der,
                    vanthu::diagnostics& problems);

// vietnam_time.cpp: the time in Viet Nam (UTC+07:00, no daylight saving) as a PDF date
// (D:20261204201317+07'00') and as ISO 8601 (2026-12-04T20:13:17+07:00).
std::string pdf_date(std::time_t when);
std::string iso_time(std::time_t when);
// A PDF date back as ISO 8601 ("" when it is not one).
std::string iso_from_pdf_date(const std::string& date);

// The file read for signing or verifying: on failure the reader's diagnostics are given
// again, prefixed with the action ("cannot sign", "cannot verify").
std::unique_ptr<pdf::pdf_file> read_signed_pdf(std::string_view bytes, const std::string& action,
                                               vanthu::diagnostics& problems);

}  // namespace sign
