// Diagnostics: what went wrong, where, and what to do about it.
#pragma once

#include <string>
#include <vector>

namespace vanthu {

enum class severity {
    error,   // the input is rejected; nothing is rendered
    warning  // rendering goes on, the user should look
};

// A place in an input file. line and column start at 1; 0 means unknown.
struct location {
    std::string file;  // file name as the user gave it; empty for stdin or a record in memory
    int line = 0;
    int column = 0;
    std::string path;  // element path, e.g. /meeting/attendees/person[3]/name
};

struct diagnostic {
    severity level = severity::error;
    location where;
    std::string message;  // what is wrong, lower case, no final full stop
    std::string hint;     // optional: how to fix it
};

// A list of diagnostics found in one input.
struct diagnostics {
    std::vector<diagnostic> items;

    void error(location where, std::string message, std::string hint = {});
    void warning(location where, std::string message, std::string hint = {});
    bool has_errors() const;
    bool empty() const { return items.empty(); }
};

// "line:column: /path: message" (records) or "file:line:column: message" (templates):
// the file is printed when set, the path when set, line:column when known.
std::string format_diagnostic(const diagnostic& d);

// Every diagnostic, one per line, each line ending in '\n'.
std::string format_diagnostics(const diagnostics& list);

// Line and column (both from 1) of a byte offset in a text; columns count characters (UTF-8 code points).
location locate_offset(const char* text, std::size_t size, std::size_t offset);

// locate_offset for many offsets of one text, asked mostly in increasing order (a parser's
// nodes): each answer goes on from the last one instead of from the start of the text.
class offset_locator {
public:
    offset_locator(const char* text, std::size_t size) : text_(text), size_(size) {}
    location at(std::size_t offset);

private:
    const char* text_;
    std::size_t size_;
    std::size_t offset_ = 0;  // where the last answer was
    int line_ = 1, column_ = 1;
};

}  // namespace vanthu
