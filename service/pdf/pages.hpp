// Our own PDFs read back at the object level, and their pages copied into new PDFs:
// one batch document cut into one file per recipient, or chunks merged into one file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "pdf/objects.hpp"

namespace pdf {

// One object of a PDF read back: its value and, for a stream, its raw (still encoded) data.
struct stored_object {
    value dict;             // the object's value (a stream's dictionary)
    std::string_view data;  // a stream's bytes inside the file; empty for other objects
    bool is_stream = false;
};

// A PDF as libharu writes it (a classic xref table, no encryption), with the incremental
// updates the signer appends (more classic sections chained by /Prev; the last one wins),
// read lazily: objects are parsed on first use and kept. It owns its bytes.
class pdf_file {
public:
    // Reads the header, cross-reference table, trailer and page list. Failures are
    // diagnostics naming the object and the offset; the result is then unusable.
    static std::unique_ptr<pdf_file> read(std::string bytes, vanthu::diagnostics& problems);

    std::size_t page_count() const { return pages_.size(); }
    // The object number of page i (from 0), in document order.
    std::uint32_t page_object(std::size_t i) const { return pages_[i]; }
    // The object numbers one past the highest in the table.
    std::uint32_t object_count() const { return static_cast<std::uint32_t>(offsets_.size()); }
    // The /Info dictionary (a null value when the file has none).
    const value& info() const { return info_; }
    // The header's version, e.g. "1.3".
    const std::string& version() const { return version_; }
    // A number no other pdf_file of the process has, to tell files apart.
    std::uint64_t serial() const { return serial_; }
    // The whole file as read.
    std::string_view bytes() const { return bytes_; }
    // The last section's trailer (Root, Info, Size, ID ...).
    const value& trailer() const { return trailer_; }
    // The offset of the last cross-reference section (the next update's /Prev).
    std::size_t last_xref() const { return last_xref_; }
    // How many cross-reference sections (revisions) the file has: 1 without updates.
    std::size_t revisions() const { return revisions_; }
    // The page's entries inherited from the page tree (Resources, MediaBox, CropBox, Rotate).
    const value& inherited(std::size_t i) const { return inherited_[i]; }

    // The object, parsed on first use; nullptr with a diagnostic when it is missing or bad.
    const stored_object* object(std::uint32_t number, vanthu::diagnostics& problems) const;
    // Whether parsed objects stay for the next use (the default). A file whose pages are
    // copied once (a chunk of a long batch) lets each go as soon as it is written out.
    void keep_parsed(bool keep) { keep_parsed_ = keep; }
    // Called once an object is written out: it is let go unless the file keeps them.
    void done_with(std::uint32_t number) const;

private:
    pdf_file() = default;
    bool read_xref(vanthu::diagnostics& problems);
    bool read_xref_section(std::size_t start, std::vector<bool>& known, value& trailer,
                           vanthu::diagnostics& problems);
    bool collect_pages(const value& node, int depth, value inherited, vanthu::diagnostics& problems);

    std::string bytes_;
    std::uint64_t serial_ = 0;
    std::string version_;
    std::vector<std::size_t> offsets_;  // per object number; 0 = free
    value trailer_;
    std::size_t last_xref_ = 0;
    std::size_t revisions_ = 0;
    value info_;
    std::vector<std::uint32_t> pages_;
    std::vector<value> inherited_;      // per page, a dictionary
    std::size_t tree_nodes_ = 0;        // page tree nodes visited, to stop on cycles
    mutable std::vector<std::unique_ptr<stored_object>> parsed_;
    mutable std::vector<bool> loading_; // objects being parsed, to stop on a Length loop
    bool keep_parsed_ = true;
};

// Where an assembled PDF's bytes go, in order, as they are made; false (with a message) stops.
using byte_sink = std::function<bool(std::string_view bytes, std::string& message)>;

// Builds a new PDF out of pages of read-back PDFs: each page with everything it refers to
// (content, resources, fonts, font files, images), renumbered; one page tree, the Info of
// the first source. The same calls give the same bytes, whether kept or sent to a sink.
class page_assembler {
public:
    // Without a sink the output is kept and finish returns it; with one, the bytes go to the
    // sink as pages are appended (a few hundred kB at a time) and only the cross-reference
    // offsets and page numbers stay, so memory does not grow with the output.
    explicit page_assembler(byte_sink sink = {});
    ~page_assembler();
    page_assembler(const page_assembler&) = delete;
    page_assembler& operator=(const page_assembler&) = delete;

    // Appends pages [first, first + count) of the file. Objects shared by pages of the same
    // file (fonts) are written once per output. False with a diagnostic on a bad structure
    // or when the sink refuses the bytes.
    bool add_pages(const pdf_file& from, std::size_t first, std::size_t count,
                   vanthu::diagnostics& problems);
    // Bytes written so far (sent to the sink or kept).
    std::size_t size() const;
    // Makes room for a kept output of about this many bytes, so a long merge grows its buffer
    // once; nothing with a sink.
    void reserve(std::size_t bytes);
    // Without a sink: writes the page tree, catalog, Info, cross-reference table and trailer
    // and returns the whole file. The assembler is then empty again.
    std::string finish();
    // With a sink: writes the same end of the file to the sink; false with a diagnostic when
    // the sink refuses it. The assembler is then empty again.
    bool close(vanthu::diagnostics& problems);

private:
    struct impl;
    std::unique_ptr<impl> self_;
};

// One file per part: parts[i] pages each, in order (their sum must be the page count).
// Each part goes to the sink as soon as it is made; false from the sink stops.
using part_sink = std::function<bool(std::size_t part, std::string pdf)>;
bool split_pages(const pdf_file& from, const std::vector<std::size_t>& parts, const part_sink& sink,
                 vanthu::diagnostics& problems);

// Every page of every file, in order, as one PDF.
std::string merge_pdfs(const std::vector<const pdf_file*>& files, vanthu::diagnostics& problems);

}  // namespace pdf
