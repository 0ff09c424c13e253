// The time limit: a template that would run for seconds on end stops with an error naming the limit
// (exit 75), and the page limit can be set from the command line too.
#include <catch2/catch.hpp>

#include <chrono>

#include "hostile_support.hpp"
#include "render/render.hpp"
#include "support/test_paths.hpp"

using hostile::contains;

namespace {

// A template folder with slow.xml: every attendee beside every attendee, in paragraphs long
// enough to break into lines, no page breaks (the element limit is not reached: 400 x 400).
// Each test names its own folder: ctest runs them at once, and a folder is emptied when made.
std::string slow_templates(const std::string& test_name) {
    const std::string templates = hostile::copy_templates("slow-" + test_name);
    std::string xml = test_paths::read_file(templates + "/minutes.xml");
    xml.insert(xml.find("<body>") + 6,
               "<for each=\"attendees/person\" as=\"a\"><for each=\"attendees/person\" as=\"b\">"
               "<p>{a/name} ngồi cạnh {b/name} trong phiên làm việc về phong trào toàn dân "
               "phòng cháy, chữa cháy của các đơn vị trong toàn tỉnh</p></for></for>");
    hostile::write_bytes(templates + "/slow.xml", xml);
    return templates;
}

// The small meeting with 400 attendees.
std::string crowded_meeting() {
    std::string people = "  <attendees>";
    for (int i = 0; i < 400; ++i) people += "<person><name>Đồng chí Nguyễn Văn " + std::to_string(i) + "</name></person>";
    people += "</attendees>\n";
    std::string r = hostile::good_meeting();
    r.insert(r.find("  <proceedings>"), people);
    return r;
}

}  // namespace

TEST_CASE("a_template_that_would_run_for_seconds_stops_at_the_time_limit_with_exit_75", "[hostile]") {
    const std::string templates = slow_templates("time-limit");
    const auto start = std::chrono::steady_clock::now();
    auto o = hostile::render_bytes("time-limit", crowded_meeting(),
                                   {"--templates", templates, "--template", "slow", "--time-limit", "0.5"});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO("stderr: " << o.run.err.substr(0, 2000));
    CHECK(o.run.exit_code == 75);
    CHECK(contains(o.run.err, "stopped after the time limit of 0.5 s"));
    CHECK(contains(o.run.err, "raise the time limit"));
    CHECK(o.written.empty());
    // Stopped, not finished: without a limit the 160,000 paragraphs take 6 s and 1.7 GB on this
    // machine before the page limit stops them (60 s leaves room for a sanitizer build).
    CHECK(seconds < 60);
}

// The page limit stops layout as soon as the flowed text surely needs more pages: 160,000
// paragraphs are bound (0.5 s) but only the first pages' worth laid out.
TEST_CASE("the_page_limit_is_set_from_the_command_line", "[hostile]") {
    const std::string templates = slow_templates("max-pages");
    auto o = hostile::render_bytes("max-pages", crowded_meeting(),
                                   {"--templates", templates, "--template", "slow", "--max-pages", "30"});
    INFO("stderr: " << o.run.err.substr(0, 2000));
    CHECK(o.run.exit_code == 78);
    CHECK(contains(o.run.err, "the document needs more than 30 pages (the page limit); layout stopped"));
    CHECK(o.written.empty());
}

TEST_CASE("bad_limits_on_the_command_line_exit_64_naming_the_option", "[hostile]") {
    for (const auto& [option, value] : std::vector<std::pair<std::string, std::string>>{
             {"--time-limit", "-1"}, {"--time-limit", "ten"}, {"--time-limit", "1e3"}, {"--time-limit", "90000"},
             {"--max-pages", "0"}, {"--max-pages", "-5"}, {"--max-pages", "12abc"}}) {
        auto o = hostile::render_bytes("bad-limit", hostile::good_meeting(), {option, value});
        INFO(option << " " << value << ": " << o.run.err.substr(0, 500));
        CHECK(o.run.exit_code == 64);
        CHECK(contains(o.run.err, option + " takes"));
        CHECK(contains(o.run.err, "'" + value + "'"));
        CHECK(o.written.empty());
    }
}

TEST_CASE("a_certificate_batch_past_its_time_limit_fails_as_time_limit_naming_how_far_it_got", "[hostile]") {
    render::options opts;
    opts.templates_dir = test_paths::source("templates");
    opts.fonts_dir = test_paths::source("fonts");
    opts.time_limit = std::chrono::milliseconds(1);
    const std::string record = test_paths::read_file(test_paths::source("samples/certification-2022-11-15-fire-safe-groups.xml"));
    render::result r = render::render_record(record, opts);
    const std::string text = vanthu::format_diagnostics(r.problems);
    INFO(text);
    CHECK(r.status == render::failure::time_limit);
    CHECK(r.pdf.empty());
    CHECK(contains(text, "the time limit of 0.001 s"));

    opts.time_limit = std::chrono::milliseconds(0);  // no limit: the same record renders
    CHECK(render::render_record(record, opts));
}
