// Hand-made pages and fonts for the PDF writer's tests (no layout involved).
#pragma once

#include <string>
#include <vector>

#include "layout/page.hpp"
#include "model/document.hpp"
#include "pdf/writer.hpp"

namespace sample {

// The "serif" family: the four Liberation Serif faces in fonts/.
model::document::font_family serif_family();

// Every Vietnamese vowel in its six tone forms, lower then upper case, and đ Đ:
// one line of text per entry.
std::vector<std::string> vietnamese_letter_lines();

// One A4 page: the letter lines in each of the four faces, placed top to bottom.
// Returns the text lines in painting order through `lines`.
layout::page letters_page(const pdf::writer& metrics, std::vector<std::string>& lines);

// Metadata of a meeting's minutes.
model::metadata minutes_metadata();

// Writes bytes to a file.
void save(const std::string& path, const std::string& bytes);

}  // namespace sample
