// Owns turning styled runs into measured words: the only break opportunities are spaces.
#include <cstdio>
#include <set>
#include <string_view>
#include <utility>

#include "layout/flow.hpp"
#include "text/utf8.hpp"

namespace layout {

namespace {

// Whether a word starts with punctuation that belongs to the word before it ("," "." ":" ")" ...).
bool starts_with_closing_punctuation(std::string_view s) {
    if (s.empty()) return false;
    if (std::string_view(",.;:!?)]}%").find(s.front()) != std::string_view::npos) return true;
    static const std::string_view closers[] = {"\xC2\xBB" /* » */, "\xE2\x80\x9D" /* ” */,
                                               "\xE2\x80\x99" /* ’ */, "\xE2\x80\xA6" /* … */};
    for (std::string_view c : closers) {
        if (s.substr(0, c.size()) == c) return true;
    }
    return false;
}

// Whether a word is only a dash, as in "Bà Rịa - Vũng Tàu" or "Độc lập - Tự do":
// such a dash stays at the end of the line, never starts the next one.
bool is_lone_dash(const std::vector<fragment>& parts) {
    std::size_t bytes = 0;
    for (const fragment& f : parts) bytes += f.text.size();
    if (bytes > 3) return false;  // no dash is longer than 3 bytes: spare building the text
    std::string all;
    for (const fragment& f : parts) all += f.text;
    return all == "-" || all == "\xE2\x80\x93" /* – */ || all == "\xE2\x80\x94" /* — */;
}

// Builds the words of a paragraph one character at a time.
class word_builder {
public:
    explicit word_builder(const flow_context& ctx) : ctx_(ctx) {}

    // Adds the bytes of non-space characters in the style of run r.
    void add_char(std::string_view bytes, const model::run& r) {
        if (!in_word_) {
            current_ = word{};
            in_word_ = true;
        }
        if (glue_ != nullptr) {  // a no-break space between two characters: it stays in the word
            const double width = ctx_.metrics.text_width(glue_->font, " ", glue_->size);
            current_.parts.push_back(fragment{" ", glue_, width, true});
            glue_ = nullptr;
        }
        if (current_.parts.empty() || current_.parts.back().style != &r || current_.parts.back().glue)
            current_.parts.push_back(fragment{{}, &r, 0});
        current_.parts.back().text.append(bytes);
    }

    // A single space of a run kept together, after a character: glue if a character follows,
    // else an ordinary space.
    void add_glue(const model::run& r) {
        if (!in_word_ || glue_ != nullptr) {
            add_space(r);
            return;
        }
        glue_ = &r;
    }

    // The end of a run: a kept-together space at its end is an ordinary one.
    void end_run() { settle_glue(); }

    // A space in the style of run r: ends the word. Incidental whitespace was
    // collapsed upstream, so a run of spaces here is deliberate (the blank in
    // "Số:      /BB-PC07" that the clerk fills by hand) and keeps its width.
    void add_space(const model::run& r) {
        settle_glue();
        finish_word();
        if (words_.empty() || words_.back().break_after) return;
        const double width = ctx_.metrics.text_width(r.font, " ", r.size);
        if (words_.back().space_style == nullptr) {
            words_.back().space_style = &r;
            words_.back().space_after = width;
            words_.back().space_count = 1;
        } else {
            words_.back().space_after += width;
            ++words_.back().space_count;
        }
    }

    // A forced line break: ends the line after the last word, or makes an empty line.
    void add_break(const model::run& r) {
        settle_glue();
        finish_word();
        if (words_.empty() || words_.back().break_after) words_.push_back(word{});
        word& w = words_.back();
        w.break_after = true;
        w.break_style = &r;
        w.space_after = 0;
        w.space_count = 0;
        w.space_style = nullptr;
    }

    // Makes room for the words of about this many bytes of text (a word and its space take 6 or more).
    void expect_bytes(std::size_t bytes) { words_.reserve(bytes / 6 + 1); }

    // Ends the text and hands the words over.
    std::vector<word> take() {
        settle_glue();
        finish_word();
        if (!words_.empty() && !words_.back().break_after) {
            words_.back().space_after = 0;
            words_.back().space_count = 0;
            words_.back().space_style = nullptr;
        }
        return std::move(words_);
    }

private:
    // A glue space that no character followed becomes an ordinary space.
    void settle_glue() {
        if (glue_ == nullptr) return;
        const model::run& r = *glue_;
        glue_ = nullptr;
        add_space(r);
    }

    // Measures the word being built and appends it, glued to the previous word if it
    // starts with closing punctuation (a space before ":" is not a break opportunity).
    void finish_word() {
        if (!in_word_) return;
        in_word_ = false;
        for (fragment& f : current_.parts) {
            if (!f.glue) f.width = ctx_.metrics.text_width(f.style->font, f.text, f.style->size);
            current_.width += f.width;
        }
        const bool glue = !words_.empty() && words_.back().space_style != nullptr &&
                          (starts_with_closing_punctuation(current_.parts.front().text) ||
                           is_lone_dash(current_.parts));
        if (!glue) {
            words_.push_back(std::move(current_));
            return;
        }
        word& prev = words_.back();
        prev.parts.push_back(fragment{" ", prev.space_style, prev.space_after});
        prev.width += prev.space_after + current_.width;
        for (fragment& f : current_.parts) prev.parts.push_back(std::move(f));
        prev.space_after = 0;
        prev.space_count = 0;
        prev.space_style = nullptr;
        merge_same_style(prev);
    }

    // Joins neighbouring fragments of one word that share a run.
    static void merge_same_style(word& w) {
        std::vector<fragment> merged;
        for (fragment& f : w.parts) {
            if (!merged.empty() && merged.back().style == f.style && !merged.back().glue && !f.glue) {
                merged.back().text += f.text;
                merged.back().width += f.width;
            } else {
                merged.push_back(std::move(f));
            }
        }
        w.parts = std::move(merged);
    }

    const flow_context& ctx_;
    std::vector<word> words_;
    word current_;
    bool in_word_ = false;
    const model::run* glue_ = nullptr;  // a kept-together space waiting for the next character
};

// The face of a run as named in warnings: family, /b, /i.
std::string face_name(const model::font_key& font) {
    return font.family + (font.bold ? "/b" : "") + (font.italic ? "/i" : "");
}

// What is drawn for a character the run's face has no glyph for: U+FFFD when the face
// has it, else '?': a visible mark, never a silent blank. Warns once per face and
// character in the document, naming the character and where the text came from.
std::string replace_missing(char32_t cp, const model::run& r, const flow_context& ctx) {
    const bool has_fffd = ctx.metrics.has_glyph(r.font, U'\uFFFD');
    const std::string face = face_name(r.font);
    if (ctx.reported_glyphs == nullptr || ctx.reported_glyphs->insert({face, cp}).second) {
        std::string shown;
        text::append_utf8(shown, cp);
        char code[16];
        std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
        vanthu::location where;
        where.line = r.source_line;
        where.column = r.source_column;
        where.path = r.source_path;
        ctx.problems.warning(where, std::string("no glyph for ") + code + " '" + shown + "' in font '" + face +
                                        "'; drawn as " + (has_fffd ? "U+FFFD" : "'?'"),
                             "use a font that covers the text, or change the text");
    }
    return has_fffd ? std::string("\xEF\xBF\xBD") : std::string("?");
}

}  // namespace

// The face's answers, found by its key among those made for the same metrics.
glyph_cache::face_glyphs& glyph_cache::face(const font_metrics& metrics, const model::font_key& font) {
    for (const std::unique_ptr<face_glyphs>& f : faces_)
        if (f->metrics() == &metrics && f->font() == font) return *f;
    faces_.push_back(std::make_unique<face_glyphs>(metrics, font));
    return *faces_.back();
}

// Splits runs into words at spaces (run boundaries inside a word are not breaks) and measures them.
// Characters that stand together in a run go into their word as one stretch of bytes.
std::vector<word> shape_runs(const std::vector<model::run>& runs, const flow_context& ctx) {
    word_builder builder(ctx);
    std::size_t bytes = 0;
    for (const model::run& r : runs) bytes += r.text.size();
    builder.expect_bytes(bytes);
    glyph_cache own;  // when the caller keeps none (one paragraph on its own)
    glyph_cache& glyphs = ctx.glyphs ? *ctx.glyphs : own;
    for (const model::run& r : runs) {
        if (r.line_break) {
            builder.add_break(r);
            continue;
        }
        if (r.text.empty()) continue;
        glyph_cache::face_glyphs& face = glyphs.face(ctx.metrics, r.font);
        const std::string_view s = r.text;
        std::size_t pos = 0;
        std::size_t pending = 0;  // start of the characters not handed to the builder yet
        while (pos < s.size()) {
            const std::size_t start = pos;
            const unsigned char lead = static_cast<unsigned char>(s[pos]);
            const char32_t cp = lead < 0x80 ? static_cast<char32_t>(s[pos++]) : text::next_code_point(s, pos);
            const bool space = cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r';
            if (!space && face.has(cp)) continue;
            if (pending < start) builder.add_char(s.substr(pending, start - pending), r);
            pending = pos;
            if (space && cp == U' ' && r.keep_together) builder.add_glue(r);
            else if (space) builder.add_space(r);
            else builder.add_char(replace_missing(cp, r, ctx), r);
        }
        if (pending < s.size()) builder.add_char(s.substr(pending), r);
        builder.end_run();
    }
    return builder.take();
}

}  // namespace layout
