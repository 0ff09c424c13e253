// A record (RECORDS.md, version 1): parsed, validated, normalised to NFC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"

namespace record {

// One run of inline text: a stretch with one set of styles, or a line break.
struct span {
    std::string text;         // NFC UTF-8, whitespace already collapsed as in HTML
    bool bold = false;        // inside <b>
    bool italic = false;      // inside <i>
    bool underline = false;   // inside <u>
    bool line_break = false;  // a <br/>; text is empty
    bool keep_together = false;  // set by bind: its spaces break a line only when it cannot fit one (a name)
};
using inline_text = std::vector<span>;

// What the schema says an element's content is.
enum class value_type : std::uint8_t {
    none,      // only child elements (or nothing)
    string,    // plain text, no markup
    text,      // inline text: <b>, <i>, <u>, <br/> allowed
    date,      // YYYY-MM-DD
    datetime,  // YYYY-MM-DDTHH:MM
    integer    // a non-negative whole number
};

struct civil_date {
    int year = 0;
    int month = 0;  // 1-12
    int day = 0;    // 1-31, valid for the month
};

enum class kind : std::uint8_t {
    meeting,       // <meeting>: minutes
    ceremony,      // <ceremony>: pledge, award, commemoration
    certification  // <certification>: certificates for many recipients
};

// An element of the record, validated against the schema. Children keep document order (a
// proceedings section mixes p, speech and list). A record of 10,000 recipients has 40,000 of
// them, so a node keeps its place as a link to its parent and its index, not as a path.
// Nodes are moved, never copied: the links point into the tree they were built in.
struct node {
    std::string_view tag;    // the schema's name of the element (static storage)
    std::vector<std::pair<std::string, std::string>> attributes;  // NFC, in document order
    std::vector<node> children;

    std::string str;         // string/text content as plain text (text: the spans concatenated, <br/> as '\n')
    inline_text runs;        // type text with styles or line breaks; empty when the text is plain: it is str
    int line = 0;            // where the element starts in the source
    int column = 0;
    value_type type = value_type::none;

    node() = default;
    node(node&&) = default;
    node& operator=(node&&) = default;
    node(const node&) = delete;
    node& operator=(const node&) = delete;

    // Where it is in the record, e.g. /meeting/attendees/person[3].
    std::string path() const;
    // Typed values, read from str (validated for its type): zero for a node of another type.
    civil_date date() const;      // type date or datetime
    int hour() const;             // type datetime
    int minute() const;           // type datetime
    std::int64_t integer() const; // type integer
    // The first child with this tag, or nullptr.
    const node* child(std::string_view name) const;
    // Every child with this tag, in order.
    std::vector<const node*> children_named(std::string_view name) const;
    // The attribute's value, or nullptr.
    const std::string* attribute(std::string_view name) const;

private:
    friend struct node_links;
    const node* parent_ = nullptr;  // null for the root and its own children (the root moves with its record)
    int index_ = 0;                 // its [n] in the path (from 1) when the schema lets it repeat, else 0
    kind kind_ = kind::meeting;     // of the record, which names the root
    bool is_root_ = false;
};

struct record {
    enum kind kind = kind::meeting;
    std::string id;             // the sender's id (idempotency key)
    std::string template_name;  // the root's template attribute, or empty
    std::string subkind;        // the root's kind attribute (pledge, merit ...), or empty
    bool revise = false;        // revise="yes": a worker takes it as the next revision of its id
    node root;                  // the root element
};

// A copy of a record, every node below its root too, each knowing its place (path()) as in
// the original: for a batch's threads, which each bind their own.
record copy_record(const record& r);

// Limits (RECORDS.md). A service may lower them, never raise them, and may refuse more.
struct limits {
    std::size_t max_bytes = 32u * 1024u * 1024u;
    int max_depth = 64;
    int max_recipients = 10000;
    bool strict_text = false;  // text that looks like VNI, TCVN3 or UTF-8 encoded twice is an error, not a warning
    std::string encoding;      // a record with no BOM and no declaration is in it (--encoding); empty: UTF-8, else guessed
};

// The outcome of parsing: a record, or every problem found.
struct parse_result {
    record value;
    vanthu::diagnostics problems;  // errors reject the record; warnings do not

    explicit operator bool() const { return !problems.has_errors(); }
};

// Parses and validates one record from its raw bytes (any accepted encoding).
// Its diagnostics carry line, column and path; the caller adds the file name.
parse_result parse_record(std::string_view bytes, const limits& lim = {});

// What the schema (version 1) says of a path, for templates to check their fields.
struct field_info {
    bool exists = false;     // the path names an element or attribute of the schema
    bool repeated = false;   // the element may occur more than once under its parent
    bool attribute = false;  // the last step is an attribute ("@count")
    value_type type = value_type::none;  // for attributes: string, date or integer
};

// Looks up a path of steps below the root, e.g. {"chair", "name"},
// {"attendees", "group", "@count"}, {"proceedings", "section", "*"} (any child).
field_info lookup_field(enum kind k, const std::vector<std::string>& steps);

// The name of a kind as in the root element: "meeting", "ceremony", "certification".
const char* kind_name(enum kind k);

// Whether text may be a record's id: 1-128 characters of [A-Za-z0-9._:-].
bool is_record_id(std::string_view id);

// The name of a content type as the published schema says it: none, string, text, date,
// datetime, integer.
const char* type_name(value_type t);

// An attribute of the schema as forms are built from it.
struct schema_attribute {
    std::string name;
    std::string label;                  // Vietnamese; the name when the table has none
    value_type type = value_type::string;
    bool required = false;
    std::string check;                  // none, schema_version, record_id, template_name, one_of, clock_time, unique_id
    std::vector<std::string> choices;   // one_of: the values allowed
};

// An element of the schema with its attributes and, in the schema table's order, its children
// (those of a shared group such as person included).
struct schema_element {
    std::string tag;
    std::string label;                  // Vietnamese; the tag when the table has none
    value_type type = value_type::none;
    bool required = false;              // must occur at least once under its parent
    bool repeated = false;              // may occur more than once
    std::vector<schema_attribute> attributes;
    std::vector<schema_element> children;
};

// The schema (version 1) of a kind as a tree, from its root: the one table, walked.
schema_element describe_schema(enum kind k);

// What a record's text says before the schema is asked: whether it is XML at all, its root
// and id, and the fields a list of documents shows. For drafts, which are kept whatever
// else they break, and for documents whose record is all that is known.
struct record_facts {
    bool well_formed = false;      // decoded, no DOCTYPE, parsed as XML 1.0
    std::string root;              // the root element's name
    std::optional<enum kind> kind;  // set when the root names a kind
    std::optional<std::string> id;  // the root's id attribute, when it has one
    vanthu::location root_at;      // where the root starts
    vanthu::location id_at;        // where its id attribute stands (the root when it has none)
    std::string title;             // /*/title, else /certification/heading; whitespace collapsed
    std::string number;            // /*/number, else /certification/decision/@number
    std::string date;              // /*/date as written
    vanthu::diagnostics problems;  // why it is not well formed
};

// Reads a record's facts (any accepted encoding, under the limits' size).
record_facts read_facts(std::string_view bytes, const limits& lim = {});

// Why an id cannot name a file that is unpacked from a ZIP on Linux, Windows or macOS ("" when
// it can): empty, over 200 bytes, a '/', '\\' or other character Windows refuses (< > : " | ? *),
// a control character, '.' first or '.' or a space last, '..', or a name Windows reserves (CON,
// PRN, AUX, NUL, COM1-9, LPT1-9, with any extension and in any case).
std::string why_not_a_file_name(std::string_view id);

}  // namespace record
