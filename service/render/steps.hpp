// The steps the front door (render.cpp) and the batch (batch.cpp) share; internal to render/.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "bind/bind.hpp"
#include "core/deadline.hpp"
#include "core/diagnostic.hpp"
#include "model/document.hpp"
#include "render/render.hpp"
#include "tmpl/template.hpp"

namespace render::detail {

// What the stages before layout give: the record and its checked template.
struct prepared {
    record::record rec;
    std::shared_ptr<const tmpl::template_def> tpl;
    bind::resolved_fonts fonts;  // the template's, resolved once for every recipient
    vanthu::deadline deadline;  // options::time_limit from the start of the render
};

// Moves the diagnostics of one stage into the result.
// The template folders, in search order: templates_dir, then more_templates_dirs.
std::vector<std::string> template_folders(const options& opts);

void take_problems(result& out, vanthu::diagnostics&& from);

// Binds the template to the record (or to the record seen with one recipient).
bool bind_into(const prepared& p, const options& opts, result& out, model::document& doc);
// The same, to a copy of the record (a painting thread's, seen with one recipient).
bool bind_into(const prepared& p, const record::record& rec, const options& opts, result& out, model::document& doc);

// Marks a failure of fonts or painting (a failure already named, such as a template's, stays).
void fail_internal(result& out);

// Takes layout's diagnostics: an error there is the template's failure, or the time limit's.
void take_layout_problems(result& out, vanthu::diagnostics&& from, const vanthu::deadline& deadline);

// Hands a whole PDF to the caller's sink; false with the sink's message as a diagnostic.
bool send_whole(const byte_sink& sink, const std::string& record_id, std::string_view bytes,
                vanthu::diagnostics& problems);

// A per-recipient template into one PDF, a chunk of recipients per libharu document; kept in
// the result without a sink, handed to the sink as it is made with one (batch.cpp).
void render_per_recipient(prepared& p, const options& opts, result& out, const byte_sink* sink);

// One PDF per recipient, each handed to the sink as soon as it is cut from its chunk (batch.cpp).
void split_per_recipient(prepared& p, const options& opts, const pdf_sink& sink, result& out);

}  // namespace render::detail
