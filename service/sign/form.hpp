// The document's interactive form as the signer sees it: the catalog, its /AcroForm and the
// signature fields, read from the latest revision of a PDF.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "pdf/pages.hpp"
#include "sign/cos.hpp"

namespace sign {

// One signature field (/FT /Sig, own or inherited).
struct signature_field {
    std::uint32_t object = 0;     // the field's object
    std::string name;             // /T
    std::uint32_t value = 0;      // /V's object (the signature dictionary); 0 when unsigned
    rect area;                    // its (first) widget's /Rect
    std::uint32_t page = 0;       // its (first) widget's /P; 0 when absent
    bool is_signed() const { return value != 0; }
};

struct document_form {
    std::uint32_t catalog = 0;          // the catalog's object
    pdf::value catalog_dict;            // its dictionary
    std::uint32_t acroform_object = 0;  // /AcroForm's object; 0 when direct or absent
    pdf::value acroform;                // /AcroForm (an empty dictionary when absent)
    pdf::value fields;                  // /AcroForm /Fields, resolved (an array, maybe empty)
    std::vector<signature_field> signatures;  // in /Fields order, kids after their parent
};

// Reads the catalog, the form and its signature fields; false with a diagnostic ("action: ...")
// when the catalog or the form is malformed.
bool read_form(const pdf::pdf_file& file, document_form& form, const std::string& action,
               vanthu::diagnostics& problems);

// The object's value when it is a dictionary reached by reference; nullptr otherwise.
const pdf::value* dictionary_at(const pdf::pdf_file& file, const pdf::value& reference,
                                vanthu::diagnostics& problems);

}  // namespace sign
