// How layout measures text: an interface that pdf/ implements with the real fonts.
#pragma once

#include <string_view>

#include "model/document.hpp"

namespace layout {

class font_metrics {
public:
    virtual ~font_metrics() = default;
    // Advance width of UTF-8 text in points at the given size.
    virtual double text_width(const model::font_key& font, std::string_view utf8, double size) const = 0;
    // Ascent above the baseline, points, positive.
    virtual double ascent(const model::font_key& font, double size) const = 0;
    // Descent below the baseline, points, positive.
    virtual double descent(const model::font_key& font, double size) const = 0;
    // Whether the face has a glyph for the code point.
    virtual bool has_glyph(const model::font_key& font, char32_t code_point) const = 0;
};

}  // namespace layout
