// Owns the widgets' appearances: the stamps drawn by pdf/ (draw_stamps, one page each)
// copied into the update as form XObjects, with the fonts and images their pages use. A
// signer keeps what it drew (appearance_cache): the same look is drawn and deflated once.
#include <zlib.h>

#include <cstdio>
#include <map>

#include "pdf/font_program.hpp"
#include "sign/parts.hpp"
#include "text/utf8.hpp"

namespace sign {

// The stamps drawn for one set of requests, read back, with the streams libharu left
// uncompressed (an image's soft mask) deflated once: their dictionary and data by number.
struct appearance_cache::drawn {
    std::unique_ptr<pdf::pdf_file> file;
    struct packed_stream {
        pdf::value dict;   // /Filter and /Length set
        std::string data;  // deflated
    };
    std::map<std::uint32_t, packed_stream> packed;
};

namespace {

constexpr std::size_t kept_looks = 32;  // a batch has one or two; a stray mix must not grow without end

// The stream's dictionary and data, deflated when it had no /Filter.
appearance_cache::drawn::packed_stream pack_stream(const pdf::stored_object& obj) {
    appearance_cache::drawn::packed_stream out{obj.dict, std::string(obj.data)};
    if (!out.dict.find("Filter")) {
        uLongf size = compressBound(static_cast<uLong>(out.data.size()));
        std::string packed(size, '\0');
        if (compress2(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(out.data.data()),
                      static_cast<uLong>(out.data.size()), Z_BEST_SPEED) == Z_OK) {
            packed.resize(size);
            out.data = std::move(packed);
            set_entry(out.dict, "Filter", make_name("FlateDecode"));
        }
    }
    set_entry(out.dict, "Length", make_number(static_cast<double>(out.data.size())));
    return out;
}

// Copies objects of the drawn stamps into the update under new numbers, each once; streams
// come deflated from the cache (packed on first use there).
class object_copier {
public:
    object_copier(appearance_cache::drawn& from, pdf_update& to, vanthu::diagnostics& problems)
        : from_(from), to_(to), problems_(problems) {}

    // The new number of the object, copied with everything it refers to on first use.
    std::uint32_t copy(std::uint32_t number) {
        if (auto known = numbers_.find(number); known != numbers_.end()) return known->second;
        const std::uint32_t fresh = to_.new_object();
        numbers_[number] = fresh;
        const pdf::stored_object* obj = from_.file->object(number, problems_);
        std::string body;
        if (obj && obj->is_stream) body = stream_body(number, *obj);
        else if (obj) write(obj->dict, body);
        else body = "null";
        to_.put(fresh, std::move(body));
        return fresh;
    }
    // A stream object's dictionary (its references copied) and its deflated data.
    std::string stream_body(std::uint32_t number, const pdf::stored_object& obj) {
        auto packed = from_.packed.find(number);
        if (packed == from_.packed.end()) packed = from_.packed.emplace(number, pack_stream(obj)).first;
        std::string body;
        write(packed->second.dict, body);
        body.reserve(body.size() + packed->second.data.size() + 20);
        return body.append("\nstream\n").append(packed->second.data).append("\nendstream");
    }
    // The value in PDF syntax, its references copied.
    void write(const pdf::value& v, std::string& out) {
        pdf::write_value(v, out, [this](std::uint32_t n) { return copy(n); });
    }

private:
    appearance_cache::drawn& from_;
    pdf_update& to_;
    vanthu::diagnostics& problems_;
    std::map<std::uint32_t, std::uint32_t> numbers_;
};

// The body's name, a line at a time, then the time, from `top` down.
std::vector<pdf::stamp_line> body_and_time(const stamp_texts& texts, double x, double top, pdf::line_align align) {
    std::vector<pdf::stamp_line> lines;
    double y = top - stamp_line + 2;  // the first line's baseline
    for (const std::string& line : texts.body_lines) {
        lines.push_back({line, x, y, align});
        y -= stamp_line;
    }
    if (lines.empty()) {
        lines.push_back({texts.body, x, y, align});
        y -= stamp_line;
    }
    lines.push_back({texts.time, x, y, align});
    return lines;
}

// What the stamp shows, in the widget's own coordinates.
pdf::stamp_request stamp_for(const widget_plan& w, const sign_options& options, const stamp_texts& texts) {
    pdf::stamp_request r;
    r.width = w.area.width();
    r.height = w.area.height();
    r.font_path = options.font_path;
    r.image_x = w.image.x0 - w.area.x0;
    r.image_y = w.image.y0 - w.area.y0;
    r.image_width = w.image.width();
    r.image_height = w.image.height();
    if (w.look == widget_look::picture && !options.image.empty()) r.png = options.image;
    if (w.look == widget_look::picture && options.image.empty()) {
        const double middle = r.height / 2;
        const auto centre = pdf::line_align::centre;
        r.lines = {{texts.signer, r.width / 2, middle + 2, centre}, {texts.time, r.width / 2, middle - stamp_line + 2, centre}};
    } else if (w.look == widget_look::seal) {
        // In the box the plan chose (seal_text_box): ending by the seal when left of it,
        // else from the box's left edge.
        r.png = options.image;
        const bool left_of_seal = w.text.x1 <= w.image.x0;
        const double x = (left_of_seal ? w.text.x1 : w.text.x0) - w.area.x0, top = w.text.y1 - w.area.y0;
        const auto align = left_of_seal ? pdf::line_align::right : pdf::line_align::left;
        r.lines = body_and_time(texts, x, top, align);
    } else if (w.look == widget_look::text) {
        r.lines = body_and_time(texts, 2, r.height, pdf::line_align::left);
    }
    return r;
}

// << /Type /XObject /Subtype /Form /BBox [0 0 w h] ... >> with the content given.
std::string form_header(double width, double height, const std::string& resources, const std::string& filter,
                        std::size_t length) {
    std::string bbox;
    pdf::write_value_as_is(make_rect({0, 0, width, height}), bbox);
    return "<< /Type /XObject /Subtype /Form /BBox " + bbox + (resources.empty() ? "" : " /Resources " + resources) +
           (filter.empty() ? "" : " /Filter " + filter) + " /Length " + std::to_string(length) + " >>";
}

// Writes page i of the drawn stamps as the form XObject numbered form.
bool copy_page_as_form(const pdf::pdf_file& file, std::size_t i, object_copier& copier, std::uint32_t form,
                       pdf_update& update, vanthu::diagnostics& problems) {
    const pdf::stored_object* page = file.object(file.page_object(i), problems);
    const pdf::value* contents = page ? page->dict.find("Contents") : nullptr;
    const pdf::stored_object* content =
        contents && contents->kind == pdf::value_kind::reference ? file.object(contents->number, problems) : nullptr;
    rect box;
    const pdf::value* media = file.inherited(i).find("MediaBox");
    if (!content || !content->is_stream || !media || !read_rect(*media, box)) {
        problems.error({}, "cannot sign: the signature's appearance cannot be made");
        return false;
    }
    std::string resources, filter;
    if (const pdf::value* r = file.inherited(i).find("Resources")) copier.write(*r, resources);
    if (const pdf::value* f = content->dict.find("Filter")) copier.write(*f, filter);
    update.put(form, form_header(box.width(), box.height(), resources, filter, content->data.size()) + "\nstream\n" +
                         std::string(content->data) + "\nendstream");
    return true;
}

// Everything that changes what draw_stamps makes of the requests, as one string: the
// numbers exactly (hex floats), the picture by its hash, each line's text and place.
std::string look_key(const std::vector<pdf::stamp_request>& stamps) {
    std::string key;
    char number[40];
    auto add = [&](double v) {
        std::snprintf(number, sizeof number, "%a ", v);
        key += number;
    };
    for (const pdf::stamp_request& r : stamps) {
        for (double v : {r.width, r.height, r.image_x, r.image_y, r.image_width, r.image_height, r.font_size}) add(v);
        key += std::to_string(std::hash<std::string_view>{}(r.png)) + ' ' + std::to_string(r.png.size()) + ' ';
        key += r.font_path + '\n';
        for (const pdf::stamp_line& line : r.lines) {
            add(line.x);
            add(line.y);
            key += std::to_string(static_cast<int>(line.align)) + ' ' + line.utf8 + '\n';
        }
        key += '\f';
    }
    return key;
}

}  // namespace

std::vector<std::string> break_stamp_text(const std::string& text, const std::string& font_path, double width) {
    std::string why;
    std::shared_ptr<const pdf::font_program> face = pdf::font_program::open(font_path, why);
    if (!face || text.empty() || text::find_invalid_utf8(text) != std::string::npos) return {text};
    auto width_of = [&](std::string_view s) {  // points at stamp_font_size
        double thousandths = 0;
        for (std::size_t at = 0; at < s.size();) thousandths += face->width(face->glyph_id(text::next_code_point(s, at)));
        return thousandths * stamp_font_size / 1000;
    };
    std::vector<std::string> lines;
    std::string line;
    for (std::size_t from = 0; from < text.size();) {
        std::size_t space = text.find(' ', from);
        if (space == std::string::npos) space = text.size();
        const std::string word = text.substr(from, space - from);
        from = space + 1;
        if (word.empty()) continue;
        const std::string longer = line.empty() ? word : line + ' ' + word;
        if (!line.empty() && width_of(longer) > width) {
            lines.push_back(line);
            line = word;
        } else {
            line = longer;
        }
    }
    if (!line.empty()) lines.push_back(line);
    return lines.empty() ? std::vector<std::string>{text} : lines;
}

appearance_cache::appearance_cache() = default;
appearance_cache::~appearance_cache() = default;

std::vector<std::uint32_t> appearance_cache::add(pdf_update& update, const std::vector<widget_plan>& widgets,
                                                 const sign_options& options, const stamp_texts& texts,
                                                 vanthu::diagnostics& problems) {
    std::vector<std::uint32_t> forms;
    std::vector<pdf::stamp_request> stamps;
    for (const widget_plan& w : widgets) {
        forms.push_back(update.new_object());
        if (w.look == widget_look::nothing) update.put(forms.back(), form_header(0, 0, {}, {}, 0) + "\nstream\n\nendstream");
        else stamps.push_back(stamp_for(w, options, texts));
    }
    if (stamps.empty()) return forms;
    drawn* look = find_or_draw(stamps, problems);
    if (!look) return {};
    object_copier copier(*look, update, problems);
    for (std::size_t i = 0, page = 0; i < widgets.size(); ++i) {
        if (widgets[i].look == widget_look::nothing) continue;
        if (!copy_page_as_form(*look->file, page++, copier, forms[i], update, problems)) return {};
    }
    return forms;
}

// The stamps drawn for these requests: kept from an earlier call, else drawn and kept.
appearance_cache::drawn* appearance_cache::find_or_draw(const std::vector<pdf::stamp_request>& stamps,
                                                        vanthu::diagnostics& problems) {
    const std::string key = look_key(stamps);
    if (auto known = drawn_.find(key); known != drawn_.end()) return known->second.get();
    std::string bytes = pdf::draw_stamps(stamps, problems);
    auto look = std::make_unique<drawn>();
    if (!bytes.empty()) look->file = pdf::pdf_file::read(std::move(bytes), problems);
    if (!look->file || look->file->page_count() != stamps.size()) {
        problems.error({}, "cannot sign: the signature's appearance cannot be made");
        return nullptr;
    }
    if (drawn_.size() >= kept_looks) drawn_.clear();
    return drawn_.emplace(key, std::move(look)).first->second.get();
}

}  // namespace sign
