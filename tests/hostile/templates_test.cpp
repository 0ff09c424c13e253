// Template names that try to leave the template folder: refused with exit 78, nothing written.
#include <catch2/catch.hpp>

#include <filesystem>

#include "hostile_support.hpp"
#include "support/test_paths.hpp"

using hostile::contains;
using hostile::good_meeting;
using hostile::render_bytes;
using hostile::require_bad_template;
namespace fs = std::filesystem;

TEST_CASE("a_template_name_with_dot_dot_is_refused", "[hostile]") {
    auto o = render_bytes("template-dot-dot", good_meeting(), {"--template", "../templates/minutes"});
    require_bad_template(o, "../templates/minutes.xml: bad template name '../templates/minutes'");
}

TEST_CASE("an_absolute_template_name_is_refused", "[hostile]") {
    auto o = render_bytes("template-absolute", good_meeting(), {"--template", "/etc/passwd"});
    require_bad_template(o, "bad template name '/etc/passwd'");
}

TEST_CASE("a_record_naming_a_template_outside_the_folder_is_a_bad_record", "[hostile]") {
    std::string r = good_meeting();
    r.insert(r.find(" id=\"hostile-1\""), " template=\"../../etc/passwd\"");
    auto o = render_bytes("record-template-path", r);
    INFO(o.run.err);
    CHECK(o.run.exit_code == 65);
    CHECK(contains(o.run.err, "record.xml:2:21: /meeting/@template: '../../etc/passwd' is not a valid template name"));
    CHECK(o.written.empty());
}

TEST_CASE("a_template_that_is_a_symlink_out_of_the_folder_is_refused", "[hostile]") {
    const std::string templates = hostile::copy_templates("symlink-out");
    const std::string outside = fs::path(templates).parent_path().string() + "/elsewhere";
    fs::create_directories(outside);
    fs::copy_file(templates + "/minutes.xml", outside + "/minutes.xml");  // a good template, but not in the folder
    fs::create_symlink(outside + "/minutes.xml", templates + "/linked.xml");
    auto o = render_bytes("template-symlink", good_meeting(), {"--templates", templates, "--template", "linked"});
    require_bad_template(o, "linked.xml: the template is not a regular file inside the template folder");
}

TEST_CASE("a_template_linked_to_dev_zero_is_refused_without_reading_it", "[hostile]") {
    const std::string templates = hostile::copy_templates("dev-zero");
    fs::create_symlink("/dev/zero", templates + "/zero.xml");
    auto o = render_bytes("template-dev-zero", good_meeting(), {"--templates", templates, "--template", "zero"});
    require_bad_template(o, "zero.xml: the template is not a regular file inside the template folder");
}

TEST_CASE("a_template_nested_75000_deep_is_refused_before_the_recursive_loader", "[hostile]") {
    const std::string templates = hostile::copy_templates("deep");
    std::string xml = test_paths::read_file(templates + "/minutes.xml");
    std::string deep;
    for (int i = 0; i < 75000; ++i) deep += "<keep>";  // as deep as 1 MiB allows
    for (int i = 0; i < 75000; ++i) deep += "</keep>";
    const int line = hostile::insert_after_body(xml, deep);
    hostile::write_bytes(templates + "/deep.xml", xml);
    auto o = render_bytes("template-deep", good_meeting(), {"--templates", templates, "--template", "deep"});
    // <template> is depth 1, <body> 2: the 99th <keep> (column 1 + 98 x 6) is depth 101.
    require_bad_template(o, "deep.xml:" + std::to_string(line) + ":589: elements nested more than 100 deep");
}
