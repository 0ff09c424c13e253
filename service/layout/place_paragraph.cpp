// Owns setting a paragraph: indents, label, lines aligned or justified, underlines, rule below.
#include <algorithm>

#include "layout/flow.hpp"

namespace layout {

namespace {

// A fragment with its place on a line.
struct placed {
    double x = 0;
    const fragment* piece = nullptr;
    bool after_space = false;        // a space separates it from the previous placed fragment
    bool space_underlined = false;   // that space belongs to an underlined run
    int spaces = 0;                  // how many spaces stand before it
};

// Height and baseline of one line.
struct line_metrics {
    double size = 0, ascent = 0, descent = 0;
    double height = 0, baseline = 0;
};

// The run whose size an empty line takes.
const model::run& empty_line_style(const line& l, const model::paragraph& p) {
    static const model::run fallback{};
    for (const word& w : l.words) {
        if (w.break_style) return *w.break_style;
    }
    return p.runs.empty() ? fallback : p.runs.front();
}

// The line's height (line_height times its largest size) and its baseline, with the
// leading shared above and below the tallest ascent and descent.
line_metrics measure_line(const line& l, const std::vector<word>& label, const model::paragraph& p,
                          const font_metrics& metrics) {
    line_metrics m;
    const model::run* last = nullptr;  // fragments of one run in a row need asking once
    const auto take = [&](const model::run& r) {
        if (&r == last) return;
        last = &r;
        m.size = std::max(m.size, r.size);
        m.ascent = std::max(m.ascent, metrics.ascent(r.font, r.size));
        m.descent = std::max(m.descent, metrics.descent(r.font, r.size));
    };
    for (const std::vector<word>* words : {&l.words, &label}) {
        for (const word& w : *words) {
            for (const fragment& f : w.parts) take(*f.style);
        }
    }
    if (m.size <= 0) take(empty_line_style(l, p));
    m.height = p.line_height * m.size;
    m.baseline = (m.height - (m.ascent + m.descent)) / 2 + m.ascent;
    return m;
}

// Places the words of a line from x: justified lines spread the extra width over the spaces.
std::vector<placed> place_words(const std::vector<word>& words, double x, double extra_per_space) {
    std::vector<placed> out;
    out.reserve(words.size() + 1);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const word& w = words[i];
        if (i > 0) x += words[i - 1].space_after + extra_per_space;
        double fx = x;
        for (std::size_t k = 0; k < w.parts.size(); ++k) {
            const model::run* space = i > 0 ? words[i - 1].space_style : nullptr;
            const bool after_space = i > 0 && k == 0;
            out.push_back(placed{fx, &w.parts[k], after_space, k == 0 && space && space->underline,
                                 after_space ? words[i - 1].space_count : 0});
            fx += w.parts[k].width;
        }
        x += w.width;
    }
    return out;
}

// Whether two runs draw text the same way.
bool same_look(const model::run& a, const model::run& b) {
    return a.font == b.font && a.size == b.size && a.fill == b.fill;
}

// Text boxes for placed fragments; on lines that are not justified, neighbours of the same
// look share a box (the space between them included); inside a word they always do (a name
// held together by its no-break spaces is one box).
void emit_text(const std::vector<placed>& pieces, bool merge, double baseline, page& out) {
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const placed& p = pieces[i];
        const model::run& r = *p.piece->style;
        if ((merge || !p.after_space) && i > 0 && same_look(*pieces[i - 1].piece->style, r)) {
            text_box& box = out.texts.back();
            box.text += std::string(static_cast<std::size_t>(p.spaces), ' ') + p.piece->text;
            box.width = p.x + p.piece->width - box.x;
            continue;
        }
        out.texts.push_back(text_box{p.x, baseline, p.piece->width, p.piece->text, r.font, r.size, r.fill});
    }
}

// Underlines under underlined fragments, one line per stretch (across underlined spaces).
void emit_underlines(const std::vector<placed>& pieces, double baseline, page& out) {
    bool open = false;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const placed& p = pieces[i];
        const model::run& r = *p.piece->style;
        if (!r.underline) {
            open = false;
            continue;
        }
        const double y = baseline + r.size * 0.12;
        const bool joins = open && (!p.after_space || p.space_underlined);
        if (joins) {
            out.lines.back().x2 = p.x + p.piece->width;
            continue;
        }
        out.lines.push_back(line_box{p.x, y, p.x + p.piece->width, y, r.size * 0.05, r.fill});
        open = true;
    }
}

// The widest a justified line may stretch a gap between words: 1.5 times the font size.
constexpr double max_gap_ems = 1.5;

// Whether spreading the line's slack over its gaps keeps every gap (one space's advance and
// its share of the slack) within max_gap_ems of the gap's font size.
bool gaps_stay_narrow(const line& l) {
    const double extra = (l.available - l.natural) / double(l.words.size() - 1);
    for (std::size_t i = 0; i + 1 < l.words.size(); ++i) {
        const word& w = l.words[i];
        const double size = w.space_style ? w.space_style->size : w.parts.empty() ? 0 : w.parts.back().style->size;
        const double space = w.space_count > 0 ? w.space_after / w.space_count : w.space_after;
        if (space + extra > max_gap_ems * size + tolerance) return false;
    }
    return true;
}

// Whether a line is set justified: not the last, not before a forced break, two words or more,
// and not one whose gaps would open wider than max_gap_ems (it is set ragged instead, as
// "Đường dẫn:" before a URL that takes the next line).
bool is_justified(const line& l, model::align a) {
    return a == model::align::justify && !l.last && !l.forced && l.words.size() > 1 && gaps_stay_narrow(l);
}

// The line's left edge after alignment, and the extra width per space of a justified line.
std::pair<double, double> align_line(const line& l, model::align a) {
    const double slack = l.available - l.natural;
    switch (a) {
    case model::align::center: return {l.start + slack / 2, 0};
    case model::align::right: return {l.start + slack, 0};
    case model::align::justify:
        if (is_justified(l, a)) return {l.start, slack / double(l.words.size() - 1)};
        return {l.start, 0};
    case model::align::left: break;
    }
    return {l.start, 0};
}

// Where the text of each line starts and how wide it may be, label and indents included.
line_frame frame_lines(const model::paragraph& p, double width, double label_width, double label_gap,
                       const flow_context& ctx) {
    line_frame f;
    const bool labelled = label_width > 0 || p.label_width > 0;
    f.rest_start = p.left_indent + (labelled ? p.label_width : 0);
    f.first_start = labelled ? p.left_indent + p.first_indent + std::max(p.label_width, label_width + label_gap)
                             : p.left_indent + p.first_indent;
    f.first_start = std::max(0.0, f.first_start);
    f.rest_start = std::max(0.0, f.rest_start);
    f.first_available = width - p.right_indent - f.first_start;
    f.rest_available = width - p.right_indent - f.rest_start;
    if (f.first_available <= 0 || f.rest_available <= 0) {
        ctx.problems.warning({}, "paragraph indents leave no room for text; indents ignored",
                             "make left_indent, first_indent, right_indent and label_width smaller");
        f = line_frame{0, width, 0, width};
    }
    return f;
}

// Adds the rule below the paragraph under its widest line, and grows the last slab to hold it.
void add_rule_below(const model::paragraph& p, const std::vector<line>& lines, double last_baseline,
                    double last_descent, double width, slab& last) {
    const model::rule_below& rb = p.rule;
    if (rb.measure == model::rule_measure::none || lines.empty()) return;
    const line* widest = &lines.front();
    for (const line& l : lines) {
        if (l.natural > widest->natural) widest = &l;
    }
    const auto [left, extra] = align_line(*widest, p.alignment);
    const double drawn = widest->natural + extra * double(widest->words.empty() ? 0 : widest->words.size() - 1);
    double length = rb.measure == model::rule_measure::text ? rb.fraction * drawn : rb.length;
    length = std::min(length, width);
    double x = left;
    if (p.alignment == model::align::center) x = left + drawn / 2 - length / 2;
    if (p.alignment == model::align::right) x = left + drawn - length;
    x = std::clamp(x, 0.0, width - length);
    const double y = last_baseline + last_descent + rb.gap + rb.thickness / 2;
    last.content.lines.push_back(line_box{x, y, x + length, y, rb.thickness, {}});
    last.height = std::max(last.height, y + rb.thickness / 2);
    last.keeps.back().second = last.height;
}

}  // namespace

// Sets a paragraph in a width: one slab per line so that pages may break between lines.
std::vector<slab> place_paragraph(const model::paragraph& p, double width, const flow_context& ctx) {
    const std::vector<word> label = shape_runs(p.label, ctx);
    double label_width = 0, label_gap = 0;
    for (const word& w : label) label_width += w.width + w.space_after;
    if (!label.empty()) label_gap = ctx.metrics.text_width(p.label.front().font, " ", p.label.front().size);
    const line_frame frame = frame_lines(p, width, label_width, label_gap, ctx);
    const std::vector<word> words = shape_runs(p.runs, ctx);
    std::vector<line> lines = p.alignment == model::align::center ? balance_lines(words, frame, ctx.metrics)
                                                                   : break_lines(words, frame, ctx.metrics);

    std::vector<slab> out;
    out.reserve(lines.size());
    line_metrics m;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const line& l = lines[i];
        const std::vector<word> no_label;
        m = measure_line(l, i == 0 ? label : no_label, p, ctx.metrics);
        slab s;
        s.height = m.height;
        s.keeps.push_back({0, m.height});
        // Widow and orphan control: the first two and the last two lines stay together.
        s.keep_with_next = p.keep_with_next || (i + 1 < lines.size() && (i == 0 || i + 2 == lines.size()));
        if (i == 0 && !label.empty()) {
            const double label_x = std::max(0.0, p.left_indent + p.first_indent);
            emit_text(place_words(label, label_x, 0), true, m.baseline, s.content);
        }
        const auto [x, extra] = align_line(l, p.alignment);
        const std::vector<placed> pieces = place_words(l.words, x, extra);
        emit_text(pieces, !is_justified(l, p.alignment), m.baseline, s.content);
        emit_underlines(pieces, m.baseline, s.content);
        out.push_back(std::move(s));
    }
    out.front().space_before = p.space_before;
    out.back().space_after = p.space_after;
    out.back().keep_with_next = p.keep_with_next;
    add_rule_below(p, lines, m.baseline, m.descent, width, out.back());
    return out;
}

}  // namespace layout
