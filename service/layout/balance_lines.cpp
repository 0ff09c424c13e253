// Owns balancing centred headings: lines of like length, cut where a reader would cut a name.
#include <algorithm>

#include "layout/flow.hpp"
#include "text/vietnamese.hpp"

namespace layout {

namespace {

// The shortest line of a balanced heading is at least this share of its longest.
constexpr double min_evenness = 0.4;

// Number of words over all lines (a word cut because it was too long counts twice).
std::size_t count_words(const std::vector<line>& lines) {
    std::size_t n = 0;
    for (const line& l : lines) n += l.words.size();
    return n;
}

// The text of a line's first three words, enough to match what opens a part of a name.
std::string line_start(const line& l) {
    std::string out;
    for (std::size_t i = 0; i < l.words.size() && i < 3; ++i) {
        if (i > 0) out += ' ';
        for (const fragment& f : l.words[i].parts) out += f.text;
    }
    return out;
}

// The text of a line's last three words.
std::string line_end(const line& l) {
    std::string out;
    for (std::size_t i = l.words.size() > 3 ? l.words.size() - 3 : 0; i < l.words.size(); ++i) {
        if (!out.empty()) out += ' ';
        for (const fragment& f : l.words[i].parts) out += f.text;
    }
    return out;
}

// Whether some cut falls inside the words of a name part ("CÔNG AN THÀNH / PHỐ HẢI PHÒNG").
bool splits_a_part(const std::vector<line>& lines) {
    for (std::size_t i = 0; i + 1 < lines.size(); ++i)
        if (text::splits_name_part(line_end(lines[i]), line_start(lines[i + 1]))) return true;
    return false;
}

// Whether every line but the last ends where a reader cuts a heading: after ',' or ';', or
// before the words that open a part of a name ("TỈNH THANH HÓA", "VÀ CNCH").
bool cuts_well(const std::vector<line>& lines) {
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const line& l = lines[i];
        const std::string& end = l.words.empty() || l.words.back().parts.empty() ? std::string()
                                                                                 : l.words.back().parts.back().text;
        const bool after_comma = !end.empty() && (end.back() == ',' || end.back() == ';');
        if (!after_comma && !text::opens_name_part(line_start(lines[i + 1]))) return false;
    }
    return true;
}

// The shortest line's natural width over the longest's.
double evenness(const std::vector<line>& lines) {
    double shortest = 1e300, longest = 0;
    for (const line& l : lines) {
        shortest = std::min(shortest, l.natural);
        longest = std::max(longest, l.natural);
    }
    return longest > 0 ? shortest / longest : 1;
}

// The ways to set words in as many lines as the greedy set, cutting no word: the greedy set,
// then each set a narrower frame (centred on the same axis) gives, down to the most even one
// (never narrower than half the width).
std::vector<std::vector<line>> narrowing_sets(const std::vector<word>& words, const line_frame& frame,
                                              std::vector<line> greedy, const font_metrics& metrics) {
    std::vector<std::vector<line>> sets;
    const std::size_t lines = greedy.size(), word_count = count_words(greedy);
    const double limit = std::min(frame.first_available, frame.rest_available) / 2;
    double shrink = 0;
    sets.push_back(std::move(greedy));
    while (sets.size() < 64) {
        double tightest = 1e300;  // the least room any line has left: shrink past it to change the set
        for (const line& l : sets.back()) tightest = std::min(tightest, l.available - l.natural);
        shrink += std::max(tightest, 0.0) + 0.01;
        if (shrink > limit) break;
        line_frame narrower = frame;
        narrower.first_start += shrink / 2;
        narrower.rest_start += shrink / 2;
        narrower.first_available -= shrink;
        narrower.rest_available -= shrink;
        std::vector<line> tried = break_lines(words, narrower, metrics);
        if (tried.size() != lines || count_words(tried) != word_count) break;
        sets.push_back(std::move(tried));
    }
    return sets;
}

// The words [from, to) as one line at a place of the frame.
line make_line(const std::vector<word>& words, std::size_t from, std::size_t to, double start, double available) {
    line l;
    l.start = start;
    l.available = available;
    for (std::size_t i = from; i < to; ++i) {
        if (i > from) l.natural += words[i - 1].space_after;
        l.natural += words[i].width;
        l.words.push_back(words[i]);
    }
    l.forced = to > from && words[to - 1].break_after;
    return l;
}

// Every way to set the words in two lines that fit the frame: unlike a narrower frame, it
// finds a second line longer than the first ("CẢNH SÁT PCCC / TỈNH THỪA THIÊN HUẾ").
std::vector<std::vector<line>> two_line_sets(const std::vector<word>& words, const line_frame& frame) {
    std::vector<std::vector<line>> sets;
    for (std::size_t cut = 1; cut < words.size(); ++cut) {
        line first = make_line(words, 0, cut, frame.first_start, frame.first_available);
        line second = make_line(words, cut, words.size(), frame.rest_start, frame.rest_available);
        if (first.natural > first.available + tolerance || second.natural > second.available + tolerance) continue;
        second.last = true;
        sets.push_back({std::move(first), std::move(second)});
    }
    return sets;
}

// The natural width of a set's longest line.
double longest(const std::vector<line>& lines) {
    double w = 0;
    for (const line& l : lines) w = std::max(w, l.natural);
    return w;
}

// One stretch of a heading between forced breaks, balanced: of the sets that keep its number
// of lines, the most even one whose every cut falls where a reader cuts a name, if one is
// even enough; else the most even one ("TM. CẢNH SÁT PCCC / TỈNH THANH HÓA", not
// "... TỈNH THANH / HÓA"; "CỤC XÂY DỰNG PHONG TRÀO / BẢO VỆ ANTQ", not "... PHONG / TRÀO ...");
// failing that, the most even one that cuts inside no part's words ("THÀNH / PHỐ").
std::vector<line> balance_stretch(const std::vector<word>& words, const line_frame& frame, const font_metrics& metrics) {
    std::vector<line> greedy = break_lines(words, frame, metrics);
    if (greedy.size() < 2 || greedy.size() > 4 || count_words(greedy) != words.size()) return greedy;
    std::vector<std::vector<line>> sets = greedy.size() == 2 ? two_line_sets(words, frame)
                                                             : narrowing_sets(words, frame, std::move(greedy), metrics);
    std::stable_sort(sets.begin(), sets.end(),
                     [](const std::vector<line>& a, const std::vector<line>& b) { return longest(a) < longest(b); });
    for (std::vector<line>& set : sets)
        if (cuts_well(set) && evenness(set) >= min_evenness) return std::move(set);
    for (std::vector<line>& set : sets)  // else the most even that cuts inside no part's words
        if (!splits_a_part(set)) return std::move(set);
    return std::move(sets.front());
}

}  // namespace

// A centred title or signature line of two to four lines reads better with lines of like
// length. The breaks the text itself makes (a <br/> of the record or the template) stay:
// each stretch between them is balanced on its own.
std::vector<line> balance_lines(const std::vector<word>& words, const line_frame& frame,
                                const font_metrics& metrics) {
    std::vector<line> out;
    std::vector<word> stretch;
    line_frame stretch_frame = frame;
    for (std::size_t i = 0; i < words.size(); ++i) {
        stretch.push_back(words[i]);
        if (!words[i].break_after && i + 1 < words.size()) continue;
        for (line& l : balance_stretch(stretch, stretch_frame, metrics)) {
            l.last = false;
            out.push_back(std::move(l));
        }
        stretch.clear();
        stretch_frame.first_start = frame.rest_start;  // a stretch after a break starts on a later line
        stretch_frame.first_available = frame.rest_available;
    }
    if (out.empty()) return break_lines(words, frame, metrics);
    out.back().last = true;
    return out;
}

}  // namespace layout
