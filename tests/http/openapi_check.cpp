// Owns checking answers against the OpenAPI document, with the part of JSON Schema the
// document uses: $ref, type (one or a list), enum, const, required, properties,
// additionalProperties, items, minimum, maximum, pattern, allOf, anyOf, oneOf.
#include "openapi_check.hpp"

#include <regex>
#include <set>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/String.h>

namespace openapi_check {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

bool is_object(const Poco::Dynamic::Var& v) { return v.type() == typeid(Object::Ptr); }
bool is_array(const Poco::Dynamic::Var& v) { return v.type() == typeid(Array::Ptr); }

// The JSON type name of a parsed value, as JSON Schema names it.
std::string type_of(const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) return "null";
    if (is_object(v)) return "object";
    if (is_array(v)) return "array";
    if (v.isBoolean()) return "boolean";
    if (v.isInteger()) return "integer";
    if (v.isNumeric()) return "number";
    if (v.isString()) return "string";
    return "unknown";
}

// Whether a value has a JSON Schema type ("number" takes integers too).
bool has_type(const Poco::Dynamic::Var& v, const std::string& type) {
    const std::string t = type_of(v);
    return t == type || (type == "number" && t == "integer");
}

std::string text_of(const Poco::Dynamic::Var& v) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(v, out);
    return out.str();
}

// The path's segments ("/v1/jobs/x" -> v1, jobs, x).
std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

const std::set<std::string> methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

// The media type without its parameters, in lower case.
std::string media_type(const std::string& content_type) {
    return Poco::toLower(Poco::trim(content_type.substr(0, content_type.find(';'))));
}

}  // namespace

document::document(Object::Ptr doc) : root(std::move(doc)) {}

Object::Ptr document::resolve(Object::Ptr o) const {
    for (int hops = 0; o && o->has("$ref") && hops < 16; ++hops) {
        const std::string ref = o->getValue<std::string>("$ref");
        if (ref.rfind("#/", 0) != 0) return nullptr;
        Object::Ptr at = root;
        for (const std::string& part : segments(ref.substr(1))) {
            if (!at || !at->has(part) || !is_object(at->get(part))) return nullptr;
            at = at->getObject(part);
        }
        o = at;
    }
    return o;
}

std::string document::path_template(const std::string& path) const {
    const std::vector<std::string> wanted = segments(path);
    Object::Ptr paths = root->getObject("paths");
    for (const auto& [key, unused] : *paths) {
        const std::vector<std::string> parts = segments(key);
        if (parts.size() != wanted.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < parts.size() && same; ++i) {
            const bool variable = parts[i].size() > 2 && parts[i].front() == '{' && parts[i].back() == '}';
            same = variable ? !wanted[i].empty() : parts[i] == wanted[i];
        }
        if (same) return key;
    }
    return {};
}

void document::validate(const Poco::Dynamic::Var& value, Object::Ptr schema_in, const std::string& at,
                        std::vector<std::string>& out) const {
    Object::Ptr schema = resolve(schema_in);
    if (!schema) {
        out.push_back(at + ": the schema's $ref does not resolve");
        return;
    }
    if (schema->has("type")) {
        std::vector<std::string> types;
        if (is_array(schema->get("type"))) {
            Array::Ptr list = schema->getArray("type");
            for (unsigned i = 0; i < list->size(); ++i) types.push_back(list->getElement<std::string>(i));
        } else {
            types.push_back(schema->getValue<std::string>("type"));
        }
        bool any = false;
        for (const std::string& t : types) any = any || has_type(value, t);
        if (!any) {
            out.push_back(at + ": is " + type_of(value) + ", the document says " + Poco::cat(std::string("|"), types.begin(), types.end()));
            return;
        }
    }
    if (schema->has("enum")) {
        Array::Ptr options = schema->getArray("enum");
        bool found = false;
        for (unsigned i = 0; i < options->size() && !found; ++i) found = text_of(options->get(i)) == text_of(value);
        if (!found) out.push_back(at + ": " + text_of(value) + " is not one of " + text_of(schema->get("enum")));
    }
    if (schema->has("const") && text_of(schema->get("const")) != text_of(value))
        out.push_back(at + ": " + text_of(value) + " is not " + text_of(schema->get("const")));
    if (value.isNumeric() && !value.isBoolean()) {
        if (schema->has("minimum") && value.convert<double>() < schema->getValue<double>("minimum"))
            out.push_back(at + ": " + text_of(value) + " is below the minimum");
        if (schema->has("maximum") && value.convert<double>() > schema->getValue<double>("maximum"))
            out.push_back(at + ": " + text_of(value) + " is above the maximum");
    }
    if (value.isString() && schema->has("pattern") &&
        !std::regex_search(value.convert<std::string>(), std::regex(schema->getValue<std::string>("pattern"))))
        out.push_back(at + ": '" + value.convert<std::string>() + "' does not match " + schema->getValue<std::string>("pattern"));
    if (schema->has("allOf")) {
        Array::Ptr all = schema->getArray("allOf");
        for (unsigned i = 0; i < all->size(); ++i) validate(value, all->getObject(i), at, out);
    }
    for (const char* which : {"anyOf", "oneOf"}) {
        if (!schema->has(which)) continue;
        Array::Ptr options = schema->getArray(which);
        unsigned matches = 0;
        for (unsigned i = 0; i < options->size(); ++i) {
            std::vector<std::string> none;
            validate(value, options->getObject(i), at, none);
            matches += none.empty() ? 1 : 0;
        }
        if (matches == 0 || (std::string(which) == "oneOf" && matches > 1))
            out.push_back(at + ": matches " + std::to_string(matches) + " of the " + which + " options");
    }
    if (is_object(value)) {
        Object::Ptr o = value.extract<Object::Ptr>();
        if (schema->has("required")) {
            Array::Ptr required = schema->getArray("required");
            for (unsigned i = 0; i < required->size(); ++i) {
                const std::string name = required->getElement<std::string>(i);
                if (!o->has(name)) out.push_back(at + ": the required '" + name + "' is missing");
            }
        }
        Object::Ptr properties = schema->has("properties") ? schema->getObject("properties") : nullptr;
        const bool closed = schema->has("additionalProperties") && schema->get("additionalProperties").isBoolean() &&
                            !schema->getValue<bool>("additionalProperties");
        for (const auto& [name, member] : *o) {
            if (properties && properties->has(name))
                validate(member, properties->getObject(name), at + "/" + name, out);
            else if (closed)
                out.push_back(at + ": '" + name + "' is not in the document");
        }
    }
    if (is_array(value) && schema->has("items")) {
        Array::Ptr items = value.extract<Array::Ptr>();
        for (unsigned i = 0; i < items->size(); ++i)
            validate(items->get(i), schema->getObject("items"), at + "/" + std::to_string(i), out);
    }
}

std::vector<std::string> document::answer_problems(const std::string& method, const std::string& path, int status,
                                                   const std::map<std::string, std::string>& headers,
                                                   const std::string& body) const {
    std::vector<std::string> out;
    const std::string where = method + " " + path + " " + std::to_string(status);
    const std::string key = path_template(path);
    if (key.empty()) {
        if (status != 404) out.push_back(where + ": the path is not in the document, and only 404 may answer it");
        return out;
    }
    Object::Ptr item = root->getObject("paths")->getObject(key);
    const std::string m = Poco::toLower(method);
    Object::Ptr response;
    if (!item->has(m)) {
        // A method the path does not have: 405 with Allow naming exactly those it has, as
        // every operation of the path documents.
        if (status != 405) {
            out.push_back(where + ": " + method + " is not documented on " + key + ", so only 405 may answer it");
            return out;
        }
        std::set<std::string> documented, allowed;
        for (const auto& [name, op] : *item) {
            if (!methods.count(name)) continue;
            documented.insert(Poco::toUpper(name));
            Object::Ptr responses = item->getObject(name)->getObject("responses");
            if (!responses->has("405")) out.push_back(where + ": " + Poco::toUpper(name) + " " + key + " does not document 405");
            else response = resolve(responses->getObject("405"));
        }
        // A missing Allow is the required header of the 405 response, checked below with the others.
        auto allow = headers.find("allow");
        if (allow != headers.end()) {
            std::string list = allow->second;
            for (std::size_t at = 0; at <= list.size();) {
                std::size_t comma = list.find(',', at);
                if (comma == std::string::npos) comma = list.size();
                allowed.insert(Poco::trim(list.substr(at, comma - at)));
                at = comma + 1;
            }
            if (allowed != documented) out.push_back(where + ": Allow is '" + list + "', the document has other methods");
        }
    } else {
        Object::Ptr responses = item->getObject(m)->getObject("responses");
        const std::string code = std::to_string(status);
        if (responses->has(code)) response = resolve(responses->getObject(code));
        else if (responses->has(code.substr(0, 1) + "XX")) response = resolve(responses->getObject(code.substr(0, 1) + "XX"));
        else if (responses->has("default")) response = resolve(responses->getObject("default"));
        if (!response) {
            out.push_back(where + ": the status is not documented for " + Poco::toUpper(m) + " " + key);
            return out;
        }
    }
    if (!response) return out;
    if (response->has("headers")) {
        Object::Ptr declared = response->getObject("headers");
        for (const auto& [name, unused] : *declared) {
            Object::Ptr h = resolve(declared->getObject(name));
            const bool required = h && h->has("required") && h->getValue<bool>("required");
            if (required && !headers.count(Poco::toLower(name))) out.push_back(where + ": the required header " + name + " is missing");
        }
    }
    Object::Ptr content = response->has("content") ? response->getObject("content") : nullptr;
    if (!content || content->size() == 0) {
        if (!body.empty() && status == 204) out.push_back(where + ": a 204 with a body");
        if (!body.empty() && status != 204 && !content)
            out.push_back(where + ": a body the document does not describe");
        return out;
    }
    auto type_header = headers.find("content-type");
    const std::string type = type_header == headers.end() ? "" : media_type(type_header->second);
    if (!content->has(type)) {
        out.push_back(where + ": Content-Type '" + type + "' is not documented");
        return out;
    }
    Object::Ptr media = content->getObject(type);
    if (type.find("json") == std::string::npos || !media->has("schema")) return out;
    Poco::Dynamic::Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(body);
    } catch (const Poco::Exception& e) {
        out.push_back(where + ": the body is not JSON: " + e.displayText());
        return out;
    }
    validate(parsed, media->getObject("schema"), where + " body", out);
    return out;
}

std::vector<std::string> document::structure_problems() const {
    std::vector<std::string> out;
    if (!root->has("openapi") || root->getValue<std::string>("openapi").rfind("3.1.", 0) != 0)
        out.push_back("openapi is not 3.1.x");
    for (const char* field : {"title", "version"})
        if (!root->has("info") || !root->getObject("info")->has(field)) out.push_back(std::string("info.") + field + " is missing");
    // Every $ref anywhere resolves.
    std::vector<std::pair<std::string, Poco::Dynamic::Var>> todo = {{"#", Poco::Dynamic::Var(root)}};
    while (!todo.empty()) {
        auto [at, v] = todo.back();
        todo.pop_back();
        if (is_object(v)) {
            Object::Ptr o = v.extract<Object::Ptr>();
            if (o->has("$ref") && o->get("$ref").isString() && !resolve(o))
                out.push_back(at + ": $ref " + o->getValue<std::string>("$ref") + " does not resolve");
            for (const auto& [name, member] : *o) todo.emplace_back(at + "/" + name, member);
        } else if (is_array(v)) {
            Array::Ptr a = v.extract<Array::Ptr>();
            for (unsigned i = 0; i < a->size(); ++i) todo.emplace_back(at + "/" + std::to_string(i), a->get(i));
        }
    }
    std::set<std::string> operation_ids;
    Object::Ptr schemes = root->has("components") ? root->getObject("components")->getObject("securitySchemes") : nullptr;
    for (const auto& [key, item_var] : *root->getObject("paths")) {
        Object::Ptr item = root->getObject("paths")->getObject(key);
        for (const auto& [m, op_var] : *item) {
            if (!methods.count(m)) continue;
            Object::Ptr op = item->getObject(m);
            const std::string where = Poco::toUpper(m) + " " + key;
            if (!op->has("operationId")) out.push_back(where + ": no operationId");
            else if (!operation_ids.insert(op->getValue<std::string>("operationId")).second)
                out.push_back(where + ": operationId " + op->getValue<std::string>("operationId") + " is used twice");
            if (!op->has("responses") || op->getObject("responses")->size() == 0) {
                out.push_back(where + ": no responses");
                continue;
            }
            for (const auto& [code, r] : *op->getObject("responses")) {
                if (!std::regex_match(code, std::regex("[1-5](\\d\\d|XX)|default"))) out.push_back(where + ": response key " + code);
                Object::Ptr resolved = resolve(op->getObject("responses")->getObject(code));
                if (!resolved || !resolved->has("description")) out.push_back(where + " " + code + ": no description");
            }
            // Each {name} of the path is a required path parameter (on the operation or the path).
            std::set<std::string> declared;
            for (Object::Ptr holder : {item, op}) {
                if (!holder->has("parameters")) continue;
                Array::Ptr ps = holder->getArray("parameters");
                for (unsigned i = 0; i < ps->size(); ++i) {
                    Object::Ptr p = resolve(ps->getObject(i));
                    if (!p || !p->has("name") || !p->has("in")) {
                        out.push_back(where + ": a parameter without name or in");
                        continue;
                    }
                    if (p->getValue<std::string>("in") == "path") {
                        declared.insert(p->getValue<std::string>("name"));
                        if (!p->has("required") || !p->getValue<bool>("required"))
                            out.push_back(where + ": path parameter " + p->getValue<std::string>("name") + " is not required");
                    }
                }
            }
            for (const std::string& part : segments(key))
                if (part.size() > 2 && part.front() == '{' && !declared.count(part.substr(1, part.size() - 2)))
                    out.push_back(where + ": " + part + " is not declared as a path parameter");
            if (op->has("security")) {
                Array::Ptr reqs = op->getArray("security");
                for (unsigned i = 0; i < reqs->size(); ++i)
                    for (const auto& [scheme, unused] : *reqs->getObject(i))
                        if (!schemes || !schemes->has(scheme)) out.push_back(where + ": unknown security scheme " + scheme);
            }
        }
    }
    return out;
}

}  // namespace openapi_check
