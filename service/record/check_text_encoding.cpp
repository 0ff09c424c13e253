// Owns step 6 of parse_record: text that looks mis-encoded (VNI, TCVN3, UTF-8 twice), named by its place.
#include "record/steps.hpp"

#include "text/misencoding.hpp"

namespace record::detail {

namespace {

// Texts named one by one; past them, one line counts the rest.
constexpr int max_named = 10;

// The message and hint for a finding.
std::pair<std::string, std::string> describe(const text::misencoding_finding& f) {
    switch (f.kind) {
        case text::misencoding::double_utf8:
            return {"text looks like UTF-8 encoded twice: '" + f.sample + "'" +
                        (f.meant.empty() ? std::string() : " reads '" + f.meant + "'"),
                    "UTF-8 was read as windows-1252 and encoded again; send the original text"};
        case text::misencoding::vni:
            return {"text looks like VNI bytes, not Vietnamese: '" + f.sample + "'",
                    "convert it from VNI to Unicode, e.g. with UniKey's converter, and send UTF-8"};
        case text::misencoding::tcvn3:
            return {"text looks like TCVN3 (ABC) bytes, not Vietnamese: '" + f.sample + "'",
                    "convert it from TCVN3 to Unicode, e.g. with UniKey's converter, and send UTF-8"};
        case text::misencoding::none: break;
    }
    return {};
}

// The walk over the nodes, counting what it finds.
struct text_check {
    bool strict;
    vanthu::diagnostics& problems;
    int found = 0;

    // Reports one text (an element's or an attribute's) that looks mis-encoded.
    void check(std::string_view value, const node& n, std::string_view attribute) {
        const text::misencoding_finding f = text::find_misencoding(value);
        if (!f || ++found > max_named) return;
        vanthu::location where;
        where.line = n.line;
        where.column = n.column;
        where.path = n.path() + (attribute.empty() ? std::string() : "/@" + std::string(attribute));
        auto [message, hint] = describe(f);
        if (strict) problems.error(std::move(where), std::move(message), std::move(hint));
        else problems.warning(std::move(where), std::move(message), std::move(hint));
    }

    // Checks a node's text and attributes, then its children.
    void walk(const node& n) {
        for (const auto& [name, value] : n.attributes) check(value, n, name);
        if (n.type == value_type::string || n.type == value_type::text) check(n.str, n, {});
        for (const node& child : n.children) walk(child);
    }
};

}  // namespace

// Every text of the record through text::find_misencoding: a warning for each of the first
// max_named found (an error when strict), then one line for the rest.
void check_text_encoding(const record& rec, bool strict, vanthu::diagnostics& problems) {
    text_check walk{strict, problems};
    walk.walk(rec.root);
    if (walk.found <= max_named) return;
    std::string message = std::to_string(walk.found - max_named) + " more texts look mis-encoded";
    if (strict) problems.error({}, std::move(message));
    else problems.warning({}, std::move(message));
}

}  // namespace record::detail
