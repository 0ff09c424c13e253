// What the hostile tests share: records and templates to attack with, and one render through the command.
#pragma once

#include <string>
#include <vector>

#include "support/run_command.hpp"

namespace hostile {

// A small valid meeting record (one line per element, the title on line 5).
std::string good_meeting();

// The outcome of one `vanthu render -o DIR/ ...`: the command's output and what it left in DIR.
struct render_outcome {
    test_paths::command_output run;
    std::vector<std::string> written;  // file names found in DIR afterwards
};

// Writes the record bytes to a scratch file and renders it into an empty scratch folder,
// with extra arguments (e.g. --templates DIR) before the record.
render_outcome render_bytes(const std::string& test_name, const std::string& bytes,
                            const std::vector<std::string>& extra = {});

// Writes bytes to a file, creating nothing else.
void write_bytes(const std::string& path, const std::string& bytes);

// A scratch copy of templates/ (every default template), for a test to add files to.
std::string copy_templates(const std::string& test_name);

// Inserts a new line holding `line` right after the first <body> of a template's text and
// returns that line's number (1-based), so tests name places without counting the template's lines.
int insert_after_body(std::string& xml, const std::string& line);

// Whether text contains part.
bool contains(const std::string& text, const std::string& part);

// Checks a refused template (Catch2 assertions): exit 78, the message on stderr, nothing written.
void require_bad_template(const render_outcome& o, const std::string& message);

}  // namespace hostile
