// Owns finding the catalog, the /AcroForm and the signature fields of the latest revision.
#include "sign/form.hpp"

namespace sign {

namespace {

constexpr int max_field_depth = 16;  // nesting of /Kids we follow

// The first widget of a field: itself when it has a /Rect, else its first kid.
void find_widget(const pdf::pdf_file& file, const pdf::value& field, signature_field& out,
                 vanthu::diagnostics& problems) {
    const pdf::value* widget = &field;
    if (!field.find("Rect"))
        if (const pdf::value* kids = field.find("Kids"); kids && kids->kind == pdf::value_kind::array && !kids->items.empty())
            widget = dictionary_at(file, kids->items.front(), problems);
    if (!widget) return;
    if (const pdf::value* r = widget->find("Rect")) read_rect(*r, out.area);
    if (const pdf::value* p = widget->find("P"); p && p->kind == pdf::value_kind::reference) out.page = p->number;
}

// Adds the field if it is a signature field, then walks its kids that are fields (with /T).
void collect_fields(const pdf::pdf_file& file, const pdf::value& reference, bool inherited_sig, int depth,
                    document_form& form, vanthu::diagnostics& problems) {
    const pdf::value* field = dictionary_at(file, reference, problems);
    if (!field || depth > max_field_depth) return;
    const pdf::value* type = field->find("FT");
    bool is_sig = type ? type->is_name("Sig") : inherited_sig;
    const pdf::value* kids = field->find("Kids");
    bool has_field_kids = false;
    if (kids && kids->kind == pdf::value_kind::array)
        for (const pdf::value& kid : kids->items)
            if (const pdf::value* k = dictionary_at(file, kid, problems); k && k->find("T")) has_field_kids = true;
    if (is_sig && field->find("T") && !has_field_kids) {
        signature_field f;
        f.object = reference.number;
        f.name = decode_text(*field->find("T"));
        if (const pdf::value* v = field->find("V"); v && v->kind == pdf::value_kind::reference) f.value = v->number;
        find_widget(file, *field, f, problems);
        form.signatures.push_back(std::move(f));
    }
    if (has_field_kids)
        for (const pdf::value& kid : kids->items) collect_fields(file, kid, is_sig, depth + 1, form, problems);
}

}  // namespace

const pdf::value* dictionary_at(const pdf::pdf_file& file, const pdf::value& reference,
                                vanthu::diagnostics& problems) {
    if (reference.kind != pdf::value_kind::reference) return nullptr;
    const pdf::stored_object* obj = file.object(reference.number, problems);
    return obj && obj->dict.kind == pdf::value_kind::dictionary ? &obj->dict : nullptr;
}

bool read_form(const pdf::pdf_file& file, document_form& form, const std::string& action,
               vanthu::diagnostics& problems) {
    const pdf::value* root = file.trailer().find("Root");
    const pdf::value* catalog = root ? dictionary_at(file, *root, problems) : nullptr;
    if (!catalog) {
        problems.error({}, action + ": the PDF has no catalog");
        return false;
    }
    form.catalog = root->number;
    form.catalog_dict = *catalog;
    form.acroform = make_dictionary();
    form.fields = make_array();
    if (const pdf::value* a = catalog->find("AcroForm")) {
        const pdf::value* dict = a->kind == pdf::value_kind::reference ? dictionary_at(file, *a, problems) : a;
        if (!dict || dict->kind != pdf::value_kind::dictionary) {
            problems.error({}, action + ": the catalog's /AcroForm is not a dictionary");
            return false;
        }
        form.acroform_object = a->kind == pdf::value_kind::reference ? a->number : 0;
        form.acroform = *dict;
    }
    if (const pdf::value* f = form.acroform.find("Fields")) {
        const pdf::value* list = f;
        if (f->kind == pdf::value_kind::reference) {
            const pdf::stored_object* obj = file.object(f->number, problems);
            list = obj ? &obj->dict : nullptr;
        }
        if (!list || list->kind != pdf::value_kind::array) {
            problems.error({}, action + ": the form's /Fields is not an array");
            return false;
        }
        form.fields = *list;
    }
    for (const pdf::value& field : form.fields.items) collect_fields(file, field, false, 0, form, problems);
    return true;
}

}  // namespace sign
