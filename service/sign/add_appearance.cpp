// Owns the widgets' appearances: the stamps drawn by pdf/ (draw_stamps, one page each)
// copied into the update as form XObjects, with the fonts and images their pages use.
#include <zlib.h>

#include <map>

#include "sign/parts.hpp"

namespace sign {

namespace {

constexpr double line_gap = 12;  // 10 pt text on 12 pt lines

// Copies objects of the stamp's PDF into the update under new numbers, each once; streams
// libharu left uncompressed (an image's soft mask) are deflated on the way.
class object_copier {
public:
    object_copier(const pdf::pdf_file& from, pdf_update& to, vanthu::diagnostics& problems)
        : from_(from), to_(to), problems_(problems) {}

    // The new number of the object, copied with everything it refers to on first use.
    std::uint32_t copy(std::uint32_t number) {
        if (auto known = numbers_.find(number); known != numbers_.end()) return known->second;
        const std::uint32_t fresh = to_.new_object();
        numbers_[number] = fresh;
        const pdf::stored_object* obj = from_.object(number, problems_);
        std::string body;
        if (obj) write(obj->dict, body);
        else body = "null";
        if (obj && obj->is_stream) body = stream_body(*obj);
        to_.put(fresh, std::move(body));
        return fresh;
    }
    // A stream object's dictionary and data, deflated when it had no /Filter.
    std::string stream_body(const pdf::stored_object& obj) {
        pdf::value dict = obj.dict;
        std::string data(obj.data);
        if (!dict.find("Filter")) {
            uLongf size = compressBound(static_cast<uLong>(data.size()));
            std::string packed(size, '\0');
            if (compress2(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                          static_cast<uLong>(data.size()), Z_BEST_SPEED) == Z_OK) {
                packed.resize(size);
                data = std::move(packed);
                set_entry(dict, "Filter", make_name("FlateDecode"));
            }
        }
        set_entry(dict, "Length", make_number(static_cast<double>(data.size())));
        std::string body;
        write(dict, body);
        return body + "\nstream\n" + data + "\nendstream";
    }
    // The value in PDF syntax, its references copied.
    void write(const pdf::value& v, std::string& out) {
        pdf::write_value(v, out, [this](std::uint32_t n) { return copy(n); });
    }

private:
    const pdf::pdf_file& from_;
    pdf_update& to_;
    vanthu::diagnostics& problems_;
    std::map<std::uint32_t, std::uint32_t> numbers_;
};

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
        r.lines = {{texts.signer, r.width / 2, middle + 2, centre}, {texts.time, r.width / 2, middle - line_gap + 2, centre}};
    } else if (w.look == widget_look::seal) {
        // Left of the seal, ending at its edge: under it is the signer's name, over it the title.
        r.png = options.image;
        const double middle = r.image_y + r.image_height / 2, end = r.image_x - 4;
        r.lines = {{texts.body, end, middle + 2, pdf::line_align::right},
                   {texts.time, end, middle - line_gap + 2, pdf::line_align::right}};
    } else if (w.look == widget_look::text) {
        r.lines = {{texts.body, 2, r.height - line_gap + 2}, {texts.time, 2, r.height - 2 * line_gap + 2}};
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

}  // namespace

std::vector<std::uint32_t> add_appearances(pdf_update& update, const std::vector<widget_plan>& widgets,
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
    std::string drawn = pdf::draw_stamps(stamps, problems);
    auto file = drawn.empty() ? nullptr : pdf::pdf_file::read(std::move(drawn), problems);
    if (!file || file->page_count() != stamps.size()) {
        problems.error({}, "cannot sign: the signature's appearance cannot be made");
        return {};
    }
    object_copier copier(*file, update, problems);
    for (std::size_t i = 0, page = 0; i < widgets.size(); ++i) {
        if (widgets[i].look == widget_look::nothing) continue;
        if (!copy_page_as_form(*file, page++, copier, forms[i], update, problems)) return {};
    }
    return forms;
}

}  // namespace sign
