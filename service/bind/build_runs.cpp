// Owns inline content: template text, record spans and <b>/<i>/<u>/<br/> turned into styled model runs.
#include "bind/build_blocks.hpp"

namespace bind {

namespace {

// A run of text in a style, with inline emphasis added.
model::run make_run(std::string s, const tmpl::style& st, bool bold, bool italic, bool underline) {
    model::run r;
    r.text = std::move(s);
    r.font = {st.font, st.bold || bold, st.italic || italic};
    r.size = st.size;
    r.fill = st.color;
    r.underline = st.underline || underline;
    return r;
}

// Whether two runs can be one.
bool same_style(const model::run& a, const model::run& b) {
    return !a.line_break && !b.line_break && a.font == b.font && a.size == b.size && a.fill == b.fill &&
           a.underline == b.underline && a.keep_together == b.keep_together;
}

// Whether text ends a sentence already: '.', '?', '!' or '…' (and so "./."); a leader of
// dots left for handwriting ("năm .....") does not.
bool ends_sentence(const std::string& s) {
    if (s.empty()) return false;
    const char c = s.back();
    if (c == '.' && s.size() >= 2 && s[s.size() - 2] == '.') return false;
    return c == '.' || c == '?' || c == '!' || (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE2\x80\xA6") == 0);
}

// The one rule of joining text: a full stop (or the "./." of a closing) that follows text
// already ending a sentence is not added again ("Cán bộ trực ban." + "." stays one stop).
// A leader of dots ("....." left for handwriting) is never shortened.
void drop_doubled_stops(std::vector<model::run>& runs) {
    const std::string* before = nullptr;
    for (model::run& r : runs) {
        if (r.line_break) { before = nullptr; continue; }
        const bool single_stop = !r.text.empty() && r.text[0] == '.' && (r.text.size() == 1 || r.text[1] != '.');
        if (single_stop && before && ends_sentence(*before)) r.text.erase(0, 1);
        if (!r.text.empty()) before = &r.text;
    }
}

}  // namespace

// Spans of the record or the template as model runs in a style.
std::vector<model::run> build_runs(record::inline_text spans, const tmpl::style& st) {
    std::vector<model::run> out;
    out.reserve(spans.size());
    for (record::span& s : spans) {
        model::run r = make_run(std::move(s.text), st, s.bold, s.italic, s.underline);
        r.line_break = s.line_break;
        r.keep_together = s.keep_together;
        if (r.line_break) r.text.clear();
        out.push_back(std::move(r));
    }
    return out;
}

// Spaces trimmed and collapsed, empty runs dropped, runs of one style merged.
void tidy_runs(std::vector<model::run>& runs) {
    // Spaces: none at the start of a line; a single space left over from template text after
    // a space is dropped (a field's deliberate run of spaces, as in 'Số:      /BB', is kept).
    bool line_start = true, after_space = false;
    for (model::run& r : runs) {
        if (r.line_break) { line_start = true; after_space = false; continue; }
        std::size_t first = r.text.find_first_not_of(' ');
        std::size_t leading = first == std::string::npos ? r.text.size() : first;
        if (line_start || (after_space && leading == 1)) r.text.erase(0, leading);
        if (!r.text.empty()) { line_start = false; after_space = r.text.back() == ' '; }
    }
    // Trailing spaces before a line break and at the end.
    for (std::size_t i = runs.size(); i-- > 0;) {
        if (runs[i].line_break) continue;
        bool line_end = i + 1 == runs.size() || runs[i + 1].line_break;
        if (!line_end) continue;
        for (std::size_t j = i + 1; j-- > 0 && !runs[j].line_break;) {
            while (!runs[j].text.empty() && runs[j].text.back() == ' ') runs[j].text.pop_back();
            if (!runs[j].text.empty()) break;
        }
    }
    drop_doubled_stops(runs);
    std::vector<model::run> merged;
    for (model::run& r : runs) {
        if (!r.line_break && r.text.empty()) continue;
        if (!merged.empty() && same_style(merged.back(), r)) {
            merged.back().text += r.text;
            if (merged.back().source_line == 0) {  // the first field's place stands for the run
                merged.back().source_line = r.source_line;
                merged.back().source_column = r.source_column;
                merged.back().source_path = std::move(r.source_path);
            }
        } else {
            merged.push_back(std::move(r));
        }
    }
    runs = std::move(merged);
}

}  // namespace bind
