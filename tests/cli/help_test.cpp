// Each command's help: `vanthu CMD --help` and `vanthu help CMD` print it on stdout, exit 0.
#include <catch2/catch.hpp>

#include "support/run_command.hpp"

using test_paths::run_command;
using test_paths::vanthu_program;

namespace {

// Whether text contains part.
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("render_help_prints_the_render_options_on_stdout_and_exits_0", "[cli]") {
    for (const char* flag : {"--help", "-h"}) {
        auto r = run_command({vanthu_program(), "render", flag});
        INFO(flag << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(has(r.out, "usage: vanthu render"));
        CHECK(has(r.out, "--split"));
        CHECK(has(r.out, "--time-limit SECONDS"));
        CHECK_FALSE(has(r.out, "vanthu check"));  // that command's help, not the whole usage
    }
}

TEST_CASE("render_help_wins_over_the_other_arguments", "[cli]") {
    // Nothing is read or written: help is asked for, whatever comes with it.
    auto r = run_command({vanthu_program(), "render", "-o", "-", "nowhere.xml", "--help"});
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, "usage: vanthu render"));
}

TEST_CASE("check_help_says_check_validates_records_and_templates_and_exits_0", "[cli]") {
    auto r = run_command({vanthu_program(), "check", "--help"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, "usage: vanthu check"));
    CHECK(has(r.out, "--template NAME"));
    CHECK_FALSE(has(r.out, "--split"));
}

TEST_CASE("help_command_prints_the_help_of_the_command_named", "[cli]") {
    auto render = run_command({vanthu_program(), "help", "render"});
    CHECK(render.exit_code == 0);
    CHECK(render.out == run_command({vanthu_program(), "render", "--help"}).out);
    auto check = run_command({vanthu_program(), "help", "check"});
    CHECK(check.exit_code == 0);
    CHECK(has(check.out, "usage: vanthu check"));
    auto serve = run_command({vanthu_program(), "help", "serve"});
    INFO(serve.err);
    CHECK(serve.exit_code == 0);
    CHECK(has(serve.out, "usage: vanthu serve"));
}

TEST_CASE("help_of_a_command_that_does_not_exist_exits_64", "[cli]") {
    auto r = run_command({vanthu_program(), "help", "print"});
    CHECK(r.exit_code == 64);
    CHECK(has(r.err, "no command 'print'"));
    CHECK(r.out.empty());
}

TEST_CASE("import_help_names_the_list_options_and_exits_0", "[cli]") {
    auto r = run_command({vanthu_program(), "import", "--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("usage: vanthu import", 0) == 0);
    for (const char* option : {"--recipients", "--participants", "--sheet", "--map", "--id-prefix", "--encoding", "--repair-text"})
        CHECK(r.out.find(option) != std::string::npos);
    CHECK(run_command({vanthu_program(), "help", "import"}).out == r.out);
}
