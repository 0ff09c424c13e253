// Owns the text dump of laid-out pages that golden tests compare.
#include <cmath>
#include <cstdio>
#include <string>

#include "layout/page.hpp"

namespace layout {

namespace {

// A number rounded to 0.01, without "-0.00".
std::string fixed2(double v) {
    double r = std::round(v * 100) / 100;
    if (r == 0) r = 0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", r);
    return buf;
}

// A number rounded to 0.01 with trailing zeros dropped ("13", "10.5").
std::string short_number(double v) {
    std::string s = fixed2(v);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

// A colour as "#rrggbb".
std::string hex_color(const model::color& c) {
    const auto byte = [](double v) { return static_cast<unsigned>(std::lround(std::fmin(1.0, std::fmax(0.0, v)) * 255)); };
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
    return buf;
}

// " name=#rrggbb" after a box, or nothing for black.
std::string color_suffix(const char* name, const model::color& c) {
    if (c == model::color{}) return {};
    return std::string(" ") + name + "=" + hex_color(c);
}

// "serif", "serif/b", "serif/i" or "serif/bi".
std::string face_name(const model::font_key& f) {
    std::string s = f.family;
    if (f.bold || f.italic) s += "/";
    if (f.bold) s += "b";
    if (f.italic) s += "i";
    return s;
}

// Text between double quotes, with '"' and '\' escaped.
std::string quoted(const std::string& text) {
    std::string s = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') s += '\\';
        s += c;
    }
    return s + "\"";
}

// The lines of one page, in painting order: rects, images, lines, then texts in reading order.
void dump_page(const page& p, std::size_t number, std::string& out) {
    out += "page " + std::to_string(number) + " " + fixed2(p.width) + "x" + fixed2(p.height) + "\n";
    for (const rect_box& r : p.rects) {
        out += "rect " + fixed2(r.x) + " " + fixed2(r.y) + " w=" + fixed2(r.width) + " h=" + fixed2(r.height);
        if (r.stroked) out += " t=" + short_number(r.thickness) + color_suffix("stroke", r.stroke);
        if (r.filled) out += " fill=" + hex_color(r.fill);
        out += "\n";
    }
    for (const image_box& i : p.images) {
        out += "image " + fixed2(i.x) + " " + fixed2(i.y) + " w=" + fixed2(i.width) + " h=" + fixed2(i.height) + " " +
               quoted(i.path) + "\n";
    }
    for (const line_box& l : p.lines) {
        out += "line " + fixed2(l.x1) + " " + fixed2(l.y1) + " " + fixed2(l.x2) + " " + fixed2(l.y2) +
               " t=" + short_number(l.thickness) + color_suffix("stroke", l.stroke) + "\n";
    }
    for (const text_box& t : p.texts) {
        out += "text " + fixed2(t.x) + " " + fixed2(t.y) + " w=" + fixed2(t.width) + " " + face_name(t.font) + " " +
               short_number(t.size) + " " + quoted(t.text) + color_suffix("fill", t.fill) + "\n";
    }
}

}  // namespace

// One header line per page ("page 1 595.28x841.89") and one line per box, coordinates
// rounded to 0.01, so that a change shows as a small diff.
std::string dump_pages(const std::vector<page>& pages) {
    std::string out;
    for (std::size_t i = 0; i < pages.size(); ++i) dump_page(pages[i], i + 1, out);
    return out;
}

}  // namespace layout
