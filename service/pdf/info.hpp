// The document information dictionary: title, author, dates.
#pragma once

#include <hpdf.h>

#include <string>
#include <string_view>

#include "model/document.hpp"

namespace pdf {

// A PDF text string for UTF-8 text: the BOM FE FF then UTF-16BE.
std::string encode_utf16be(std::string_view utf8);

// Writes Title, Author, Subject, Keywords (UTF-16 when not ASCII), Creator
// "vanthu", and CreationDate and ModDate from the metadata (Vietnam time, +07'00').
bool set_metadata(HPDF_Doc doc, const model::metadata& meta);

}  // namespace pdf
