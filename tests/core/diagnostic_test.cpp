// Diagnostics: the one-line form users read and positions counted in characters.
#include <catch2/catch.hpp>

#include <string>

#include "core/diagnostic.hpp"

TEST_CASE("a_record_problem_reads_line_column_path_message", "[core]") {
    vanthu::diagnostic d;
    d.where.line = 12;
    d.where.column = 5;
    d.where.path = "/meeting/chair";
    d.message = "missing <name>";
    CHECK(vanthu::format_diagnostic(d) == "12:5: /meeting/chair: missing <name>");
    d.where.file = "hop.xml";
    CHECK(vanthu::format_diagnostic(d) == "hop.xml:12:5: /meeting/chair: missing <name>");
}

TEST_CASE("a_template_problem_reads_file_line_column_message", "[core]") {
    vanthu::diagnostics list;
    list.error({"templates/minutes.xml", 3, 7, ""}, "unknown element <paragraf>", "did you mean <p>?");
    list.warning({"", 0, 0, ""}, "nothing to say");
    CHECK(list.has_errors());
    CHECK(vanthu::format_diagnostics(list) ==
          "templates/minutes.xml:3:7: unknown element <paragraf> (did you mean <p>?)\n"
          "warning: nothing to say\n");
}

TEST_CASE("warnings_alone_are_not_errors", "[core]") {
    vanthu::diagnostics list;
    list.warning({}, "a character has no glyph");
    CHECK_FALSE(list.has_errors());
}

TEST_CASE("columns_count_vietnamese_characters_not_bytes", "[core]") {
    const std::string text = "<a>\n  <tên>Đạt</tên>";
    // "Đạt" is 3 characters and 6 bytes; the offset of "</tên>" is after it.
    const auto offset = text.find("</tên>");
    const vanthu::location at = vanthu::locate_offset(text.data(), text.size(), offset);
    CHECK(at.line == 2);
    CHECK(at.column == 11);  // 2 spaces + "<tên>" (5 characters) + "Đạt" (3) + 1
}
