// The idempotency key of a submission: what a record would be rendered from, hashed.
#pragma once

#include <string>
#include <string_view>

#include "render/render.hpp"

namespace worker {

struct job_key_result {
    render::inputs_result inputs;  // the record's id, its template, the files; or why not
    std::string key;               // "<record digest>:<inputs digest>", hex SHA-256s; empty when inputs failed
    explicit operator bool() const { return static_cast<bool>(inputs); }
};

// The key of a record under the given render options (templates, fonts, a chosen template):
// the SHA-256 of its canonical text, then that of the content of every template, image and
// font file its render is made from (so a store can tell a changed record from changed files). The same record after a template edit gets another key; the same
// record with other line endings or another XML declaration gets the same one. File digests
// are remembered by path, size and modification time, so a submission reads only what changed.
job_key_result make_job_key(std::string_view record_bytes, const render::options& opts);

// The record's text as the key sees it: CR LF and lone CR as LF, a byte order mark and the
// XML declaration (with the white space after it) left out.
std::string canonical_record(std::string_view bytes);

}  // namespace worker
