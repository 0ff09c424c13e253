// Blank-of templates that name each other or nothing usable: refused with exit 78 and an error
// at the blank-of attribute, never a recursion without end (found while writing fuzz_template).
#include <catch2/catch.hpp>

#include "hostile_support.hpp"
#include "support/test_paths.hpp"

using hostile::contains;
using hostile::good_meeting;
using hostile::render_bytes;
using hostile::require_bad_template;

TEST_CASE("two_blank_of_templates_naming_each_other_are_refused_not_followed_forever", "[hostile]") {
    const std::string templates = hostile::copy_templates("blank-of-cycle");
    for (const char* name : {"template-blank-of-cycle-a.xml", "template-blank-of-cycle-b.xml"})
        hostile::write_bytes(templates + "/" + name,
                             test_paths::read_file(test_paths::source(std::string("tests/fuzz/regressions/") + name)));
    auto o = render_bytes("blank-of-cycle", good_meeting(),
                          {"--templates", templates, "--template", "template-blank-of-cycle-a"});
    require_bad_template(o, "template-blank-of-cycle-a.xml:1:65: 'template-blank-of-cycle-b' is itself a blank-of template");
}

TEST_CASE("a_blank_of_naming_a_missing_template_points_at_the_attribute", "[hostile]") {
    const std::string templates = hostile::copy_templates("blank-of-missing");
    hostile::write_bytes(templates + "/orphan.xml", "<template kind=\"meeting\" name=\"orphan\"\n          blank-of=\"minutse\"/>\n");
    auto o = render_bytes("blank-of-missing", good_meeting(), {"--templates", templates, "--template", "orphan"});
    require_bad_template(o, "orphan.xml:2:11: the template 'minutse' it is the blank of cannot be used");
    CHECK(contains(o.run.err, "minutse.xml: cannot open the template"));
}
