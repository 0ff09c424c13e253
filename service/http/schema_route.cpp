// Owns GET /v1/schema: record::describe_schema of every kind as JSON, for the page's forms.
#include <Poco/JSON/Array.h>

#include "http/handlers.hpp"
#include "http/respond.hpp"
#include "record/record.hpp"

namespace http {

namespace {

// An attribute as {name, label, type, required, check, choices?}.
Poco::JSON::Object::Ptr attribute_json(const record::schema_attribute& a) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("name", a.name);
    o->set("label", a.label);
    o->set("type", record::type_name(a.type));
    o->set("required", a.required);
    o->set("check", a.check);
    if (!a.choices.empty()) {
        Poco::JSON::Array::Ptr choices = new Poco::JSON::Array;
        for (const std::string& c : a.choices) choices->add(c);
        o->set("choices", choices);
    }
    return o;
}

// An element as {tag, label, type, required, repeated, attributes, children}, recursively.
Poco::JSON::Object::Ptr element_json(const record::schema_element& e) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("tag", e.tag);
    o->set("label", e.label);
    o->set("type", record::type_name(e.type));
    o->set("required", e.required);
    o->set("repeated", e.repeated);
    Poco::JSON::Array::Ptr attributes = new Poco::JSON::Array;
    for (const record::schema_attribute& a : e.attributes) attributes->add(attribute_json(a));
    o->set("attributes", attributes);
    Poco::JSON::Array::Ptr children = new Poco::JSON::Array;
    for (const record::schema_element& c : e.children) children->add(element_json(c));
    o->set("children", children);
    return o;
}

}  // namespace

// {"version": "1", "kinds": {meeting, ceremony, certification}}; the same for everybody.
void send_schema(api_context&, const caller&, request&, response& res, const std::string&) {
    Poco::JSON::Object::Ptr kinds = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (record::kind k : {record::kind::meeting, record::kind::ceremony, record::kind::certification})
        kinds->set(record::kind_name(k), element_json(record::describe_schema(k)));
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("version", "1");
    body.set("kinds", kinds);
    res.set("Cache-Control", "no-cache");
    send_json(res, 200, body);
}

}  // namespace http
