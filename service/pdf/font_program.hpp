// A TrueType font file mapped once per process, and the subset of it one PDF embeds.
//
// libharu embeds a font by copying every table of the file but the unused glyphs' outlines:
// the glyph names of `post` (27 kB a face), metrics of all 2,602 glyphs, `name`, `cmap`; and it
// reads the file again, a few bytes a call, for every PDF. A font program is read once; its
// subset keeps only what a PDF viewer reads (outlines, metrics, hinting), renumbered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pdf {

class font_program {
public:
    // The program of the TrueType file at path, mapped (mmap, read-only) on first use and shared
    // by every document and thread after; mapped again when the file's size or modification time
    // changes (the old mapping stays while a document holds it: a font file replaced in place, as
    // by an editor, is safe; one truncated in place while mapped is not, like any mapped file). nullptr,
    // with why, when the file cannot be read or its tables are not those of a TrueType font
    // with glyf outlines.
    static std::shared_ptr<const font_program> open(const std::string& path, std::string& why);

    // A program over bytes already in memory (the tests' damaged fonts); nullptr, with why,
    // as open.
    static std::shared_ptr<const font_program> from_bytes(std::string bytes, std::string& why);

    std::uint16_t glyph_count() const { return glyphs_; }

    // The face's ascent and descent (hhea) and the advance of .notdef, in 1/1000 em, truncated
    // as libharu truncates them.
    int ascent() const { return ascent_; }
    int descent() const { return descent_; }
    int missing_width() const { return width(0); }

    // What a PDF's font descriptor needs of the face, in 1/1000 em, as libharu gave them (its
    // quirks kept, so the PDFs say what they said).
    struct pdf_metrics {
        std::string name;  // the PostScript name, then "," and the style but for Regular (up to a space)
        int ascent = 0, descent = 0, missing_width = 0;
        unsigned flags = 0;
        int italic_angle = 0, stemv = 0, x_height = 0;
        float bbox[4] = {0, 0, 0, 0};  // left, bottom, right, top
    };
    const pdf_metrics& metrics() const { return metrics_; }

    // A glyph's advance in 1/1000 em, truncated as libharu truncates it.
    std::int16_t width(std::uint16_t id) const;

    // The glyph the font's Unicode cmap (format 4, the BMP) gives a code point; 0 (.notdef) for
    // none, or when the font has no such cmap.
    std::uint16_t glyph_id(char32_t code_point) const;

    // A glyph's advance width in font units, and its outline as stored in glyf (empty for a
    // glyph with no contours, e.g. the space).
    std::uint16_t advance(std::uint16_t id) const;
    std::string_view outline(std::uint16_t id) const;

    // A TrueType file holding glyph 0 (.notdef), every glyph marked in used (indexed by glyph
    // id; ids past the font's count are ignored) and every glyph their composites are made of,
    // numbered 1, 2, ... in the order of their ids in this font. new_id[old id] is a kept
    // glyph's number in the subset, 0 for a glyph left out. Tables: OS/2, cvt, fpgm, glyf,
    // head, hhea, hmtx, loca, maxp, post (format 3: no glyph names) and prep, as a PDF's
    // FontFile2 wants them (no cmap: the PDF's CIDToGIDMap maps codes to glyphs). False, with
    // why, when a glyph of the font is damaged.
    bool subset(const std::vector<bool>& used, std::string& out, std::vector<std::uint16_t>& new_id,
                std::string& why) const;

    ~font_program();
    font_program(const font_program&) = delete;
    font_program& operator=(const font_program&) = delete;

    struct table {
        std::size_t offset = 0, length = 0;
        bool present() const { return length != 0; }
    };

private:
    font_program() = default;
    bool parse(std::string& why);
    void find_unicode_cmap();
    void read_metrics();
    std::string name_of(std::uint16_t id) const;
    bool glyph_bytes(std::uint16_t id, std::size_t& begin, std::size_t& end) const;

    std::string owned_;            // from_bytes: the bytes
    const char* mapped_ = nullptr; // open: the file, mapped read-only
    std::string_view bytes_;
    pdf_metrics metrics_;
    int ascent_ = 0, descent_ = 0;
    std::uint16_t units_per_em_ = 1000;
    table cmap_, cmap4_, name_;  // the format-4 subtable of the Unicode cmap
    table os2_, cvt_, fpgm_, glyf_, head_, hhea_, hmtx_, loca_, maxp_, post_, prep_;
    std::uint16_t glyphs_ = 0;
    std::uint16_t long_metrics_ = 0;  // hhea's numberOfHMetrics
    bool long_offsets_ = false;       // head's indexToLocFormat
};

}  // namespace pdf
