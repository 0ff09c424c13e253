// Owns the register's view of a certification: one line per recipient with the facts a
// verification page prints, taken from the record as validated.
#include "bind/certificates.hpp"

#include "bind/bind.hpp"
#include "record/record.hpp"

namespace bind {

namespace {

// The child's text, or "".
std::string text_of(const record::node* n, std::string_view child) {
    const record::node* c = n ? n->child(child) : nullptr;
    return c ? c->str : std::string();
}

// The attribute's value, or "".
std::string attribute_of(const record::node* n, std::string_view name) {
    const std::string* a = n ? n->attribute(name) : nullptr;
    return a ? *a : std::string();
}

// "a b", leaving out the empty ones.
std::string joined(const std::string& a, const std::string& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return a + " " + b;
}

}  // namespace

std::vector<record::issued_certificate> issued_certificates(const record::record& r, const std::string& key) {
    std::vector<record::issued_certificate> out;
    if (r.kind != record::kind::certification || verify_code(key, r.id, "", "").empty()) return out;
    const record::node& root = r.root;
    record::issued_certificate common;
    common.record_id = r.id;
    common.heading = text_of(&root, "heading");
    common.citation = text_of(&root, "citation");
    const record::node* decision = root.child("decision");
    common.decision_number = attribute_of(decision, "number");
    common.decision_date = attribute_of(decision, "date");
    const record::node* issuer = root.child("issuer");
    common.issuer = text_of(issuer, "name");
    common.issuer_parent = text_of(issuer, "parent");
    common.grantor = text_of(&root, "grantor");
    const record::node* signer = root.child("signer");
    common.signer = joined(text_of(signer, "rank"), text_of(signer, "name"));
    common.signer_title = text_of(signer, "authority");
    if (const std::string title = text_of(signer, "title"); !title.empty())
        common.signer_title += (common.signer_title.empty() ? "" : ", ") + title;
    common.issued_date = text_of(&root, "date");
    const record::node* recipients = root.child("recipients");
    if (!recipients) return out;
    for (const record::node* each : recipients->children_named("recipient")) {
        record::issued_certificate c = common;
        c.recipient_id = attribute_of(each, "id");
        c.register_number = text_of(each, "register");
        c.name = text_of(each, "name");
        c.detail = text_of(each, "detail");
        if (const record::node* own = each->child("citation")) c.citation = own->str;
        c.code = verify_code(key, r.id, c.recipient_id, c.register_number);
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace bind
