// Owns the line breaker: greedy first fit at spaces, forced breaks, overlong words cut.
#include "layout/flow.hpp"

namespace layout {

namespace {

// Collects words into lines, knowing where each line starts and how wide it may be.
class line_maker {
public:
    explicit line_maker(const line_frame& frame) : frame_(frame) { open_line(); }

    // The width the current line may still take for one more word, spaces included.
    double room_for(const word& w) const {
        const line& l = current_;
        if (l.words.empty()) return l.available - w.width;
        return l.available - (l.natural + l.words.back().space_after + w.width);
    }

    bool empty() const { return current_.words.empty(); }
    double available() const { return current_.available; }
    // The width of the lines after the first.
    double next_available() const { return frame_.rest_available; }

    // Appends a word to the current line.
    void add(word w) {
        if (!current_.words.empty()) current_.natural += current_.words.back().space_after;
        current_.natural += w.width;
        current_.words.push_back(std::move(w));
    }

    // Closes the current line and opens the next.
    void close_line(bool forced) {
        current_.forced = forced;
        lines_.push_back(std::move(current_));
        open_line();
    }

    // The lines, the last one marked (a forced break at the very end adds no empty line).
    std::vector<line> finish() {
        if (!current_.words.empty() || lines_.empty()) lines_.push_back(std::move(current_));
        lines_.back().last = true;
        return std::move(lines_);
    }

private:
    // Starts an empty line with the first line's or the other lines' frame.
    void open_line() {
        current_ = line{};
        const bool first = lines_.empty();
        current_.start = first ? frame_.first_start : frame_.rest_start;
        current_.available = first ? frame_.first_available : frame_.rest_available;
    }

    line_frame frame_;
    std::vector<line> lines_;
    line current_;
};

}  // namespace

// Greedy first fit: a word goes on the current line if it fits, else it opens the next
// line. Only spaces and forced breaks end lines, so a syllable is never split unless it alone
// is wider than the line: such a word (a URL, a path, a name that cannot fit) is cut where
// split_word finds a place, and starts on the current line when a soft cut's head fits there.
std::vector<line> break_lines(std::vector<word> words, const line_frame& frame, const font_metrics& metrics) {
    line_maker maker(frame);
    std::size_t next = 0;  // the next word of `words` to place
    word rest;             // the tail of a word cut at the end of a line, placed before words[next]
    bool has_rest = false;
    while (has_rest || next < words.size()) {
        word w = has_rest ? std::move(rest) : std::move(words[next++]);
        has_rest = false;
        if (!maker.empty() && maker.room_for(w) < -tolerance) {
            if (w.width > maker.next_available() + tolerance) {
                auto [head, tail] = split_word(w, maker.room_for(w) + w.width, metrics, cut_kind::soft);
                if (!head.parts.empty()) {
                    maker.add(std::move(head));
                    maker.close_line(false);
                    rest = std::move(tail);
                    has_rest = true;
                    continue;
                }
            }
            maker.close_line(false);
        }
        if (maker.empty() && !w.parts.empty() && maker.room_for(w) < -tolerance) {
            auto [head, tail] = split_word(w, maker.available(), metrics);
            maker.add(std::move(head));
            if (tail.parts.empty()) {
                maker.close_line(tail.break_after);
                continue;
            }
            maker.close_line(false);
            rest = std::move(tail);
            has_rest = true;
            continue;
        }
        const bool forced = w.break_after;
        maker.add(std::move(w));
        if (forced) maker.close_line(true);
    }
    return maker.finish();
}

}  // namespace layout
