// The front door: one record in, one PDF out, through the whole pipeline.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "record/certificate.hpp"
#include "core/diagnostic.hpp"
#include "layout/page.hpp"
#include "record/record.hpp"
#include "tmpl/template.hpp"

namespace render {

struct options {
    std::string templates_dir;   // folder of template files, searched first
    std::vector<std::string> more_templates_dirs;  // searched after it, in order (the installed templates)
    std::string fonts_dir;       // folder of font files
    std::string template_name;   // overrides the record's template attribute and the default
    record::limits limits;       // never above RECORDS.md's
    bool keep_pages = false;     // keep the laid-out pages in the result (layout dumps)
    // Recipients per libharu document in a per-recipient batch: each chunk is saved and freed,
    // then merged into the one PDF (render_record) or cut into one PDF each (render_split), so
    // memory stays flat with the batch size. At least 1.
    std::size_t chunk_recipients = 500;
    // Threads that bind, lay out, paint and save a batch's chunks at once (this thread merges
    // or cuts the chunks in order): the same bytes for any number. 1: this thread does it all,
    // one chunk at a time. The command and the worker default to available_cores().
    std::size_t jobs = 1;
    // Runaway templates and records: pages a document may have (each recipient of a
    // certification adds 4 more), and the wall time a render may take (0 = no limit). Past
    // either, the render stops with an error naming the limit.
    std::size_t max_pages = 10000;
    std::chrono::milliseconds time_limit{0};
    // When set, the render stops at the next place that looks at the time limit, as if it had
    // passed (failure::time_limit, "a request to stop" in the message): a cancelled job.
    const std::atomic<bool>* stop = nullptr;
    // Called after each recipient of a per-recipient template (pages done, pages in all).
    std::function<void(std::size_t done, std::size_t total)> progress;
    // Certificates carry a verification code (and a QR code of its address) when a key is set:
    // the issuing body's secret of at least 32 bytes, and the public address of its page.
    std::string verify_key;
    std::string public_url;
    // When set, every finished PDF passes through it before it leaves, and may be replaced
    // (signed, service/sign): render_record's PDF, render_to's (which then sends it whole, not
    // as it is painted), and each PDF of render_split and render_zip, which are finished on a
    // thread of their own while the next ones are painted, one after another, in order. False
    // (with a message) stops the render: it fails as internal.
    std::function<bool(std::string& pdf, std::string& message)> finish_pdf;
    // When set, templates are loaded through it: once for all the renders that share it (one
    // command's records), instead of once per render.
    tmpl::template_memo* templates = nullptr;
};

// Why a render failed; each maps to one exit code of the command.
enum class failure {
    none,          // rendered
    bad_record,    // the record breaks RECORDS.md (exit 65)
    bad_template,  // the template is missing or wrong, or asks for more pages than the limit (exit 78)
    time_limit,    // the render took longer than options::time_limit (exit 75; a job is retried)
    internal       // fonts, layout or PDF writing failed (exit 70)
};

// What a rendered result holds.
enum class output_kind {
    pdf,  // one PDF (render_record, render_to)
    zip   // a ZIP of one PDF per recipient (render_zip)
};

struct result {
    failure status = failure::none;
    output_kind kind = output_kind::pdf;
    std::string pdf;                   // the output's bytes when rendered: the PDF, or the ZIP when kind is zip
    std::size_t page_count = 0;        // pages laid out: of the PDF, or of every PDF in the ZIP
    std::string record_id;             // the record's id, once parsed
    std::string template_name;         // the template used
    vanthu::diagnostics problems;      // errors, and warnings of a good render
    std::vector<layout::page> pages;   // with options::keep_pages
    // The certificates of a certification rendered with a verification key, with their codes:
    // what a register keeps so that each code's page can say whom it certifies.
    std::vector<record::issued_certificate> certificates;
    explicit operator bool() const { return status == failure::none; }
};

// The cores this process may run on (its CPU affinity), at least 1: the default of
// options::jobs for the command and the worker.
std::size_t available_cores();

// record bytes -> parse -> template -> bind -> fonts -> layout -> PDF bytes.
// Nothing is written anywhere: the caller decides where the bytes go.
result render_record(std::string_view record_bytes, const options& opts);

// Where render_split hands each recipient's PDF; false (with a message) stops the batch.
using pdf_sink = std::function<bool(const std::string& recipient_id, const std::string& pdf, std::string& message)>;

// Where render_to sends the PDF, in order, as it is made: each call gets the record's id (the
// same on every call, to name the output) and the next bytes. Nothing is sent for a bad record
// or template, nor before the first chunk of a batch is painted; a render failing after the first
// bytes leaves the sink with part of a PDF, which the caller discards. False (with a message)
// stops the render: it fails as internal, with the message among its problems.
using byte_sink = std::function<bool(const std::string& record_id, std::string_view bytes, std::string& message)>;

// render_record, with the PDF handed to the sink as it is made instead of kept in the result
// (its pdf stays empty): a per-recipient batch goes out page by page, so memory holds one
// chunk of recipients, never the whole output. Same bytes as render_record.
result render_to(std::string_view record_bytes, const options& opts, const byte_sink& sink);
// The same, taking the bytes: they are freed as soon as the record is parsed, so that a long
// batch does not hold its record twice, as bytes and as nodes, while it renders.
result render_to(std::string&& record_bytes, const options& opts, const byte_sink& sink);

// One PDF per recipient of a certification whose template makes its pages per recipient
// (pages="per-recipient"), in record order, each handed to the sink as soon as it is made.
// The result carries no PDF; its status and problems are those of the whole batch.
result render_split(std::string_view record_bytes, const options& opts, const pdf_sink& sink);

// render_split, with the PDFs gathered as <recipient id>.pdf into one ZIP (zip_writer.hpp:
// stored entries, fixed dates, so the same record gives the same bytes by every path) that is
// handed to the sink as it is written, like render_to's PDF. The result's kind is zip.
result render_zip(std::string_view record_bytes, const options& opts, const byte_sink& sink);
// The same, with the ZIP's bytes kept in the result.
result render_zip(std::string_view record_bytes, const options& opts);

// Only the first stage: parse and validate.
record::parse_result check_record(std::string_view record_bytes, const options& opts);

// Loads and checks, without rendering, the template a record would use (options::template_name,
// the record's, or its kind's default); with no record, options::template_name alone.
tmpl::load_result check_template(const record::record* r, const options& opts);

// What a render of a record would be made from, found without rendering: the record (parsed
// and valid), the template it would use, and every file of that template and of its fonts.
struct inputs_result {
    failure status = failure::none;  // none, bad_record or bad_template
    vanthu::diagnostics problems;
    std::string record_id;
    bool revise = false;             // the record's revise="yes"
    std::string template_name;
    std::string template_file;       // the template's own file
    bool per_recipient = false;      // the template makes its pages per recipient (it can be split)
    std::vector<std::string> files;  // template files and images, then fonts (paths as opened)
    explicit operator bool() const { return status == failure::none; }
};
inputs_result find_inputs(std::string_view record_bytes, const options& opts);

}  // namespace render
