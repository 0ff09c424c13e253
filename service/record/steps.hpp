// The steps of parse_record, each in its own file; internal to record/.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "core/diagnostic.hpp"
#include "record/record.hpp"
#include "record/schema.hpp"

namespace record::detail {

// The decoded UTF-8 text of a record, with an index of its lines for fast line:column.
// Locating remembers the last place found, so that places asked for in document order
// (building the nodes) cost the bytes between them, not a scan from a checkpoint each.
// Not thread-safe: one source_text belongs to one parse. It does not own the text.
class source_text {
public:
    explicit source_text(std::string_view utf8);

    std::string_view text() const { return text_; }
    // Line and column (characters) of a byte offset, with the path set.
    vanthu::location locate(std::size_t offset, std::string path = {}) const;
    // Where an element starts (its '<').
    vanthu::location locate_element(const pugi::xml_node& element, std::string path) const;
    // Where an element's text content starts (its first text child), else the element.
    vanthu::location locate_value(const pugi::xml_node& element, std::string path) const;
    // Where an attribute's name stands in the element's start tag, else the element.
    vanthu::location locate_attribute(const pugi::xml_node& element, std::string_view name,
                                      std::string path) const;

private:
    // Where a stretch of checkpoint_stride bytes starts: its offset, line and column.
    struct checkpoint {
        std::size_t offset;
        int line;
        int column;
    };
    static constexpr std::size_t checkpoint_stride = 4096;

    // Line and column of an offset, scanned forward from a known place at or before it.
    static checkpoint advance(std::string_view text, checkpoint from, std::size_t offset);

    std::string_view text_;
    std::vector<checkpoint> checkpoints_;
    mutable checkpoint last_{0, 1, 1};  // the place located last (a cache, not state)
};

// Step 1: the bytes as UTF-8 (BOM, UTF-16, windows-1258): utf8 views the bytes when they are
// UTF-8 already, else storage, which then holds the converted text; false with a diagnostic
// on bad bytes.
bool decode_input(std::string_view bytes, const std::string& forced, std::string& storage, std::string_view& utf8,
                  vanthu::diagnostics& problems);

// Step 2a: limits checked on the raw bytes (size) before anything else.
bool check_size(std::string_view bytes, const limits& lim, vanthu::diagnostics& problems);
// Step 2b: any DOCTYPE, found on the decoded text before pugixml sees it.
bool check_doctype(const source_text& src, vanthu::diagnostics& problems);
// Step 2b': characters XML forbids (NUL and other C0 controls, U+FFFE, U+FFFF).
bool check_characters(const source_text& src, vanthu::diagnostics& problems);
// Step 2c: depth and recipient count, on the parsed tree before validation.
bool check_tree_limits(const pugi::xml_document& doc, const source_text& src, const limits& lim,
                       vanthu::diagnostics& problems);

// A well-formedness problem found by find_markup_problem: where, what, how to fix it.
struct markup_problem {
    std::size_t offset = std::string_view::npos;  // byte offset in the text; npos: none found
    std::string message;                          // "malformed XML: ..."
    std::string hint;
    std::string path;                             // set for a second root element
    explicit operator bool() const { return offset != std::string_view::npos; }
};
// Step 3a: what pugixml lets through but XML 1.0 forbids, in one pass over the text: a '&' that
// is not a predefined entity or a character reference XML allows, text (or a second element)
// outside the root, '<' in an attribute value. Comments, CDATA and processing instructions are
// skipped. It stops quietly where the markup itself is broken: pugixml says why.
markup_problem find_markup_problem(std::string_view text);

// Step 3: pugixml parse of the decoded text, strict as XML 1.0 (step 3a); false with
// "malformed XML" on failure, at the first problem of the two.
bool parse_xml(const source_text& src, pugi::xml_document& doc, vanthu::diagnostics& problems);

// The caller's limits, never above those of RECORDS.md.
limits clamp_limits(const limits& asked);

// Steps 1 to 3 done: the text as UTF-8 (in converted when the bytes were not) and its tree.
struct loaded_xml {
    std::string converted;
    std::optional<source_text> src;
    pugi::xml_document doc;
};
// Steps 2a, 1, 2b, 2b' and 3 in that order: size, decoding, DOCTYPE, characters, XML; false
// at the first that fails, with its problem.
bool load_xml(std::string_view bytes, const limits& lim, loaded_xml& out, vanthu::diagnostics& problems);

// Step 4: every problem of the tree against the schema.
void validate_record(const pugi::xml_document& doc, const source_text& src, vanthu::diagnostics& problems);

// Step 4b: a warning naming the path of each element or attribute whose text holds a zero
// width space, a word joiner or a byte order mark (normalize_nfc drops them, and soft hyphens).
void warn_invisible(const pugi::xml_document& doc, const source_text& src, vanthu::diagnostics& problems);
// Whether text holds a soft hyphen or one of those characters; the text without them.
bool has_invisible(std::string_view s);
std::string drop_invisible(std::string_view s);

// Step 5: the record's nodes from a tree that validated. The tree is emptied as the nodes are
// made, so that the two are not both whole at once.
record build_record(pugi::xml_document& doc, const source_text& src);

// Step 6: texts (element values, attributes) that look like VNI or TCVN3 bytes or UTF-8 encoded
// twice (text::find_misencoding), each a warning at its element, or an error when strict.
void check_text_encoding(const record& rec, bool strict, vanthu::diagnostics& problems);

// A child's path: parent/tag, with [index] (from 1) when the schema lets it repeat.
std::string child_path(const std::string& parent, std::string_view tag, bool repeated, int index);

// Typed values read from text; each returns false when the text is not of its type.
bool read_date(std::string_view s, civil_date& out);
bool read_datetime(std::string_view s, civil_date& date, int& hour, int& minute);
bool read_clock_time(std::string_view s, int& hour, int& minute);
bool read_integer(std::string_view s, std::int64_t& out);

// NFC of text (text::to_nfc), without calling utf8proc when every character is one that
// NFC leaves alone (ASCII, Latin, precomposed Vietnamese): the text as it is. Soft hyphens and
// invisible format characters are dropped first (drop_invisible): nothing draws them.
std::string normalize_nfc(std::string_view s);

// The raw text content of an element (its text and CDATA children, concatenated).
std::string raw_content(const pugi::xml_node& element);
// Inline text of an element (<b> <i> <u> <br/>), collapsed as in HTML, trimmed, NFC.
inline_text read_inline_text(const pugi::xml_node& element);
// The plain text of spans: texts concatenated, line breaks as '\n'.
std::string plain_text(const inline_text& runs);

}  // namespace record::detail
