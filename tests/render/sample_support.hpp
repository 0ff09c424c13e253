// Shared helpers of the end-to-end tests: samples, rendering, poppler.
#pragma once

#include <string>
#include <vector>

#include "render/render.hpp"

namespace sample_support {

// Every samples/*.xml, sorted by name.
std::vector<std::string> sample_files();
// Whether a sample is a batch of hundreds of certificates, too long for a golden dump
// (samples/certification-*.xml with more than 20 recipients).
bool is_batch_sample(const std::string& path);
// Render options pointing at the source tree's templates and fonts.
render::options source_tree_options();
// Runs a poppler tool (pdftotext -raw, pdffonts, pdfinfo) on PDF bytes.
struct poppler_output { std::string out, err; int exit_code = -1; };
poppler_output run_poppler(const std::string& tool, const std::vector<std::string>& args,
                           const std::string& pdf_bytes, const std::string& scratch_name);
// Collapses whitespace runs to one space and trims, so wrapped lines compare as text.
std::string collapse(const std::string& s);
// The printable text leaves (string and text elements) of a record, in order.
std::vector<std::string> text_leaves(const record::node& root);

}  // namespace sample_support
