// Owns the form side of a signature in the update: its fields, widgets and stamps, the pages'
// /Annots and the catalog's /AcroForm, each object rewritten whole with its other entries kept.
#include <algorithm>
#include <map>

#include "sign/parts.hpp"

namespace sign {

namespace {

constexpr int print_and_locked = 132;  // /F: Print (4) + Locked (128)

// The entries every widget of the signature has: /Type /Annot /Subtype /Widget /Rect /P /F /AP.
void set_widget_entries(pdf::value& widget, const widget_plan& w, std::uint32_t appearance) {
    set_entry(widget, "Type", make_name("Annot"));
    set_entry(widget, "Subtype", make_name("Widget"));
    set_entry(widget, "Rect", make_rect(w.area));
    set_entry(widget, "P", make_reference(w.page));
    set_entry(widget, "F", make_number(print_and_locked));
    pdf::value ap = make_dictionary();
    ap.entries.emplace_back("N", make_reference(appearance));
    set_entry(widget, "AP", ap);
}

// The existing dictionary of an object (a copy), or an empty dictionary.
pdf::value existing(const pdf::pdf_file& file, std::uint32_t number, vanthu::diagnostics& problems) {
    const pdf::stored_object* obj = file.object(number, problems);
    return obj && obj->dict.kind == pdf::value_kind::dictionary ? obj->dict : make_dictionary();
}

// Whether the array holds a reference to the object.
bool refers_to(const pdf::value& array, std::uint32_t number) {
    return std::any_of(array.items.begin(), array.items.end(), [&](const pdf::value& v) {
        return v.kind == pdf::value_kind::reference && v.number == number;
    });
}

// Adds the widgets to their pages' /Annots (direct arrays, or the array objects they refer to).
bool add_to_pages(const pdf::pdf_file& file, const std::map<std::uint32_t, std::vector<std::uint32_t>>& by_page,
                  pdf_update& update, vanthu::diagnostics& problems) {
    for (const auto& [page_number, widgets] : by_page) {
        pdf::value page = existing(file, page_number, problems);
        pdf::value* annots = page.find("Annots");
        std::uint32_t holder = page_number;  // the object rewritten: the page or its /Annots array
        pdf::value list = make_array();
        if (annots && annots->kind == pdf::value_kind::reference) {
            const pdf::stored_object* obj = file.object(annots->number, problems);
            if (!obj || obj->dict.kind != pdf::value_kind::array) {
                problems.error({}, "cannot sign: a page's /Annots is not an array");
                return false;
            }
            holder = annots->number;
            list = obj->dict;
        } else if (annots && annots->kind == pdf::value_kind::array) {
            list = *annots;
        }
        const std::size_t before = list.items.size();
        for (std::uint32_t w : widgets)
            if (!refers_to(list, w)) list.items.push_back(make_reference(w));
        if (list.items.size() == before) continue;  // the template's field was listed already
        if (holder == page_number) {
            set_entry(page, "Annots", list);
            update.put(page_number, page);
        } else {
            update.put(holder, list);
        }
    }
    return true;
}

// The catalog's /AcroForm with the signature's fields listed, the stamps' former fields
// unlisted, and /SigFlags 3.
void update_acroform(const document_form& form, const std::vector<std::uint32_t>& signed_fields,
                     const std::vector<std::uint32_t>& stamps, pdf_update& update) {
    pdf::value fields = form.fields;
    auto& items = fields.items;
    items.erase(std::remove_if(items.begin(), items.end(),
                               [&](const pdf::value& v) {
                                   return v.kind == pdf::value_kind::reference &&
                                          std::find(stamps.begin(), stamps.end(), v.number) != stamps.end();
                               }),
                items.end());
    for (std::uint32_t field : signed_fields)
        if (!refers_to(fields, field)) fields.items.push_back(make_reference(field));
    pdf::value acroform = form.acroform;
    set_entry(acroform, "Fields", fields);
    set_entry(acroform, "SigFlags", make_number(3));  // SignaturesExist + AppendOnly
    if (form.acroform_object) {
        update.put(form.acroform_object, acroform);
    } else {
        pdf::value catalog = form.catalog_dict;
        set_entry(catalog, "AcroForm", acroform);
        update.put(form.catalog, catalog);
    }
}

}  // namespace

// The person's sign-N field gets /V; the seal (or an invisible signature) is a new field.
// An attachment-N field becomes a locked /Stamp annotation showing the body and the time,
// and leaves the form: poppler (pdfsig) neither reads /V from a parent shared by several
// widgets nor validates one signature dictionary held by two fields.
bool write_fields(const pdf::pdf_file& file, const document_form& form, const signature_plan& plan,
                  std::uint32_t signature, const std::vector<std::uint32_t>& appearances, pdf_update& update,
                  vanthu::diagnostics& problems) {
    std::map<std::uint32_t, std::vector<std::uint32_t>> by_page;
    std::vector<std::uint32_t> fields, stamps;
    for (std::size_t i = 0; i < plan.widgets.size(); ++i) {
        const widget_plan& w = plan.widgets[i];
        const std::uint32_t number = w.object ? w.object : update.new_object();
        pdf::value dict = w.object ? existing(file, w.object, problems) : make_dictionary();
        set_widget_entries(dict, w, appearances[i]);
        if (w.look == widget_look::text) {
            for (const char* field_key : {"FT", "T", "V", "Ff", "Lock", "SV", "Parent", "Kids"}) remove_entry(dict, field_key);
            set_entry(dict, "Subtype", make_name("Stamp"));
            stamps.push_back(number);
        } else {
            set_entry(dict, "FT", make_name("Sig"));
            if (!w.object) set_entry(dict, "T", make_text(plan.name));
            set_entry(dict, "V", make_reference(signature));
            fields.push_back(number);
        }
        update.put(number, dict);
        by_page[w.page].push_back(number);
    }
    if (!add_to_pages(file, by_page, update, problems)) return false;
    update_acroform(form, fields, stamps, update);
    return true;
}

}  // namespace sign
