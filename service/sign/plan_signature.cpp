// Owns where a signature goes: which field it fills and where its widgets sit (NĐ30,
// Appendix I part II: the person's signature in its place; the seal over the left third of
// it; the body and time on each attachment's first page).
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "sign/parts.hpp"

namespace sign {

namespace {

constexpr double points_per_mm = 72.0 / 25.4;
constexpr double printed_name_line = 16;  // the signer's name under a place: 13 pt bold (NĐ30)

// The height of the body's name on `lines` lines and the time.
double text_box_height(std::size_t lines) {
    return static_cast<double>(lines + 1) * stamp_line + 4;
}

// The number N of a field named prefix-N; 0 when the name is anything else.
int field_number(const std::string& name, const std::string& prefix) {
    if (name.compare(0, prefix.size(), prefix) != 0 || name.size() == prefix.size()) return 0;
    const std::string digits = name.substr(prefix.size());
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 6) return 0;
    return std::atoi(digits.c_str());
}

// The sign-N field with the highest N, unsigned ones only when asked; nullptr when none.
const signature_field* last_sign_field(const document_form& form, bool unsigned_only) {
    const signature_field* last = nullptr;
    for (const signature_field& f : form.signatures) {
        int n = field_number(f.name, "sign-");
        if (n && (!unsigned_only || !f.is_signed()) && (!last || n > field_number(last->name, "sign-"))) last = &f;
    }
    return last;
}

// The box of the image centred in the area, as large as fits with the PNG's aspect.
rect centred_image(const rect& area, const std::string& png) {
    unsigned w = 0, h = 0;
    if (!pdf::png_size(png, w, h)) return area;
    double scale = std::min(area.width() / w, area.height() / h);
    double iw = w * scale, ih = h * scale;
    double x = area.x0 + (area.width() - iw) / 2, y = area.y0 + (area.height() - ih) / 2;
    return {x, y, x + iw, y + ih};
}

// Whether two rectangles are the same place, to half a point.
bool same_area(const rect& a, const rect& b) {
    auto near = [](double u, double v) { return std::abs(u - v) < 0.5; };
    return near(a.x0, b.x0) && near(a.y0, b.y0) && near(a.x1, b.x1) && near(a.y1, b.y1);
}

// Whether two rectangles share any area.
bool overlap(const rect& a, const rect& b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

// Where the body's name and the time go: left of the seal, ending by its edge, when no other
// signature place of the page is there; else under the place, below the line of the signer's
// printed name, from the seal's left edge but never left of the place. (Set left of the seal
// always, they ran over the secretary's signature in minutes, where the secretary's block
// stands left of the chair's; set under the place always, they ran into a certificate's
// frame, which has room left of the seal.)
rect seal_text_box(const signature_field& place, const rect& seal, const document_form& form, std::size_t lines) {
    const double middle = (seal.y0 + seal.y1) / 2, height = text_box_height(lines);
    const rect left{seal.x0 - 4 - stamp_text_width, middle - height / 2, seal.x0 - 4, middle + height / 2};
    const bool taken = std::any_of(form.signatures.begin(), form.signatures.end(), [&](const signature_field& f) {
        return f.page == place.page && !same_area(f.area, place.area) && overlap(f.area, left);
    });
    if (!taken) return left;
    const double top = std::min(seal.y0, place.area.y0 - printed_name_line);
    return {std::max(seal.x0, place.area.x0), top - height, place.area.x1, top};
}

// The seal at its real width, its right edge on the first third of the person's place and
// vertically centred on it, with room for the body's name and the time (seal_text_box).
widget_plan seal_widget(const signature_field& place, const document_form& form, const sign_options& options,
                        std::size_t lines) {
    unsigned w = 1, h = 1;
    pdf::png_size(options.image, w, h);
    double width = options.seal_width_mm * points_per_mm, height = width * h / w;
    double right = place.area.x0 + place.area.width() / 3;
    double middle = (place.area.y0 + place.area.y1) / 2;
    widget_plan seal;
    seal.page = place.page;
    seal.look = widget_look::seal;
    seal.image = {right - width, middle - height / 2, right, middle + height / 2};
    seal.text = seal_text_box(place, seal.image, form, lines);
    seal.area = {std::min(seal.image.x0, seal.text.x0), std::min(seal.image.y0, seal.text.y0),
                 std::max(seal.image.x1, seal.text.x1), std::max(seal.image.y1, seal.text.y1)};
    return seal;
}

// The person's widget: the chosen field itself, the picture centred in it.
bool plan_person(const document_form& form, const sign_options& options, signature_plan& plan,
                 vanthu::diagnostics& problems) {
    const signature_field* target = nullptr;
    if (!options.field.empty()) {
        for (const signature_field& f : form.signatures)
            if (f.name == options.field) target = &f;
        if (!target || target->is_signed()) {
            problems.error({}, "cannot sign: the PDF has no unsigned signature field named '" + options.field + "'",
                           "leave out --field to sign the last unsigned sign-N field");
            return false;
        }
    } else {
        target = last_sign_field(form, true);
    }
    if (!target) return true;
    widget_plan w;
    w.object = target->object;
    w.field_name = target->name;
    w.page = target->page;
    w.area = target->area;
    w.image = options.image.empty() ? target->area : centred_image(target->area, options.image);
    w.look = widget_look::picture;
    plan.widgets.push_back(w);
    return true;
}

// The organisation's widgets: the seal by the last sign-N field, text on each attachment.
void plan_organization(const document_form& form, const sign_options& options, std::size_t lines,
                       signature_plan& plan) {
    if (const signature_field* place = last_sign_field(form, false))
        plan.widgets.push_back(seal_widget(*place, form, options, lines));
    for (const signature_field& f : form.signatures) {
        if (!field_number(f.name, "attachment-") || f.is_signed()) continue;
        widget_plan w;
        w.object = f.object;
        w.page = f.page;
        w.area = {f.area.x0, std::min(f.area.y0, f.area.y1 - text_box_height(lines)),
                  std::max(f.area.x1, f.area.x0 + stamp_text_width), f.area.y1};
        w.look = widget_look::text;
        plan.widgets.push_back(w);
    }
}

// The blanks the renderer marked for signatures (/VanthuSignPlaces [[llx lly urx ury] ...] on
// each page, in reading order) as the fields sign-1, sign-2 ... they stand for: not in the
// file yet (object 0), made when signed. A place whose name a field has already, or that a
// signed widget covers, is that field. A PDF with sign-N fields of its own is signed in those.
void add_marked_places(const pdf::pdf_file& file, document_form& form, vanthu::diagnostics& problems) {
    std::vector<signature_field> places;
    for (std::size_t i = 0; i < file.page_count(); ++i) {
        const pdf::stored_object* page = file.object(file.page_object(i), problems);
        const pdf::value* marked = page ? page->dict.find("VanthuSignPlaces") : nullptr;
        if (!marked || marked->kind != pdf::value_kind::array) continue;
        for (const pdf::value& box : marked->items) {
            signature_field f;
            if (!read_rect(box, f.area) || f.area.width() <= 0 || f.area.height() <= 0) continue;
            f.name = "sign-" + std::to_string(places.size() + 1);
            f.page = file.page_object(i);
            places.push_back(f);
        }
    }
    // A sign-N field off every marked place is the PDF's own: then it is signed in its fields.
    for (const signature_field& f : form.signatures) {
        if (!field_number(f.name, "sign-")) continue;
        const bool on_a_place = std::any_of(places.begin(), places.end(), [&](const signature_field& p) {
            return p.page == f.page && same_area(p.area, f.area);
        });
        if (!on_a_place) return;
    }
    for (signature_field& place : places) {
        bool known = false;
        for (const signature_field& f : form.signatures) {
            known = known || f.name == place.name;
            if (f.is_signed() && f.page == place.page && same_area(f.area, place.area)) place.value = f.value;
        }
        if (!known) form.signatures.push_back(place);
    }
}

// A name not yet used by a field: base, else base-2, base-3 ...
std::string free_name(const document_form& form, const std::string& base) {
    auto used = [&](const std::string& n) {
        return std::any_of(form.signatures.begin(), form.signatures.end(), [&](const auto& f) { return f.name == n; });
    };
    std::string name = base;
    for (int i = 2; used(name); ++i) name = base + "-" + std::to_string(i);
    return name;
}

}  // namespace

bool plan_signature(const pdf::pdf_file& file, const document_form& read, const sign_options& options,
                    std::size_t body_lines, signature_plan& plan, vanthu::diagnostics& problems) {
    document_form form = read;
    if (!options.image.empty()) add_marked_places(file, form, problems);  // a place is for a picture
    if (options.as == signer_role::person) {
        if (!plan_person(form, options, plan, problems)) return false;
    } else {
        plan_organization(form, options, std::max<std::size_t>(body_lines, 1), plan);
    }
    plan.name = free_name(form, options.as == signer_role::person ? "signature" : "organization");
    // A person signing a marked place makes its field, under the place's name.
    if (options.as == signer_role::person && !plan.widgets.empty() && plan.widgets.front().object == 0 &&
        !plan.widgets.front().field_name.empty())
        plan.name = plan.widgets.front().field_name;
    for (widget_plan& w : plan.widgets)
        if (w.page == 0) w.page = file.page_object(0);  // a field without /P: assume page 1
    if (plan.widgets.empty()) {
        widget_plan invisible;
        invisible.page = file.page_object(0);
        plan.widgets.push_back(invisible);
        problems.warning({}, "the PDF has no signature field for this signature (sign-N, attachment-N): "
                             "the signature is invisible, on page 1");
    }
    return true;
}

}  // namespace sign
