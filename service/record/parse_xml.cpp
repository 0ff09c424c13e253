// Owns step 3 of parse_record: pugixml's parse of the decoded text, fetching nothing, made strict.
#include "record/steps.hpp"

namespace record::detail {

namespace {

// Reports a problem of step 3a at its place.
void report_markup(const source_text& src, const markup_problem& p, vanthu::diagnostics& problems) {
    problems.error(src.locate(p.offset, p.path), p.message, p.hint);
}

}  // namespace

// Parses the text as UTF-8 keeping whitespace text (it matters in inline text); one root
// element. pugixml is lenient ('&' left as text, text outside the root dropped): step 3a finds
// that, and of its problem and pugixml's, the first in the text is reported.
bool parse_xml(const source_text& src, pugi::xml_document& doc, vanthu::diagnostics& problems) {
    const markup_problem strict = find_markup_problem(src.text());
    const unsigned options = pugi::parse_default | pugi::parse_ws_pcdata;
    const pugi::xml_parse_result result =
        doc.load_buffer(src.text().data(), src.text().size(), options, pugi::encoding_utf8);
    if (!result) {
        const std::size_t at = result.offset < 0 ? 0 : static_cast<std::size_t>(result.offset);
        if (strict && strict.offset <= at) report_markup(src, strict, problems);
        else problems.error(src.locate(at), std::string("malformed XML: ") + result.description());
        return false;
    }
    if (strict) {
        report_markup(src, strict, problems);
        return false;
    }
    return true;
}

}  // namespace record::detail
