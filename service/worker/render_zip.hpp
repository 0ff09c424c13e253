// A ZIP of one PDF per recipient: what a split render (POST ...?split=1) answers with.
#pragma once

#include <string_view>

#include "render/render.hpp"

namespace worker {

// Renders a per-recipient certification into a ZIP holding <recipient id>.pdf for each
// recipient, in record order; the ZIP's bytes are in result::pdf. The entries are stored
// (PDFs are compressed already) with fixed dates, so the same record gives the same bytes.
render::result render_zip(std::string_view record_bytes, const render::options& opts);

}  // namespace worker
