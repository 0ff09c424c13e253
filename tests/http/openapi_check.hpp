// Checks an HTTP answer against the OpenAPI document that describes it: the operation, the
// status, the required headers, the media type and the body's JSON schema. And checks the
// document itself: every reference resolves, every path parameter is declared, every
// operation answers with documented statuses.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace openapi_check {

class document {
public:
    explicit document(Poco::JSON::Object::Ptr doc);

    // What is wrong with the document as OpenAPI 3.1 (empty: nothing found).
    std::vector<std::string> structure_problems() const;

    // What an answer to METHOD PATH (no query) breaks, each as one sentence; empty when it
    // conforms. headers: names in lower case.
    std::vector<std::string> answer_problems(const std::string& method, const std::string& path, int status,
                                             const std::map<std::string, std::string>& headers,
                                             const std::string& body) const;

    // The document's path template matching a concrete path ("/v1/jobs/{id}"), or empty.
    std::string path_template(const std::string& path) const;

private:
    Poco::JSON::Object::Ptr root;

    // An object with its $ref (to "#/...") followed, as often as needed.
    Poco::JSON::Object::Ptr resolve(Poco::JSON::Object::Ptr o) const;
    // Checks a value against a schema, adding problems named by the JSON path at.
    void validate(const Poco::Dynamic::Var& value, Poco::JSON::Object::Ptr schema, const std::string& at,
                  std::vector<std::string>& out) const;
};

}  // namespace openapi_check
