// `vanthu serve`: the vanthu program execs vanthu-serve from its own folder in its place.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using test_paths::run_command;
using test_paths::vanthu_program;
namespace fs = std::filesystem;

namespace {

// A copy of the built vanthu alone in a fresh folder; returns its path.
std::string lone_vanthu(const std::string& name) {
    const std::string dir = test_paths::scratch_dir(name);
    fs::copy_file(vanthu_program(), dir + "/vanthu");
    return dir + "/vanthu";
}

}  // namespace

TEST_CASE("serve_help_through_vanthu_prints_the_worker_usage_and_exits_0", "[cli]") {
    auto r = run_command({vanthu_program(), "serve", "--help"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("usage: vanthu serve [--config FILE] [-Dkey=value ...]") != std::string::npos);
    CHECK(r.out.find("--config=FILE") != std::string::npos);
}

TEST_CASE("serve_without_vanthu_serve_beside_it_exits_69_naming_the_path_tried", "[cli]") {
    const std::string vanthu = lone_vanthu("serve-missing");
    auto r = run_command({vanthu, "serve", "-Dvanthu.http.port=0"});
    CHECK(r.exit_code == 69);
    const std::string tried = fs::path(vanthu).parent_path().string() + "/vanthu-serve";
    CHECK(r.err.find("cannot run the worker program " + tried + ": No such file or directory") != std::string::npos);
    CHECK(r.out.empty());
    // render does not need it
    CHECK(run_command({vanthu, "check", test_paths::source("samples/meeting-minimal.xml")}).exit_code == 0);
}

TEST_CASE("serve_replaces_vanthu_keeping_its_pid_arguments_environment_and_exit_code", "[cli]") {
    const std::string vanthu = lone_vanthu("serve-exec");
    const std::string fake = fs::path(vanthu).parent_path().string() + "/vanthu-serve";
    // A stand-in worker that says who its parent is, what it was given and what it inherited.
    std::ofstream(fake) << "#!/bin/sh\necho \"parent $PPID\"\nfor a in \"$@\"; do echo \"[$a]\"; done\n"
                           "echo \"env $VANTHU_DISPATCH_PROBE\"\nexit 7\n";
    fs::permissions(fake, fs::perms::owner_all, fs::perm_options::add);
    ::setenv("VANTHU_DISPATCH_PROBE", "kept", 1);
    auto r = run_command({vanthu, "serve", "--config=/etc/vanthu/vanthu.properties", "-Dvanthu.http.port=0", "a b", ""});
    ::unsetenv("VANTHU_DISPATCH_PROBE");
    INFO(r.err);
    CHECK(r.exit_code == 7);
    // Our child is the worker itself: had vanthu forked, the worker's parent would be vanthu.
    CHECK(r.out == "parent " + std::to_string(::getpid()) + "\n" +
                       "[--config=/etc/vanthu/vanthu.properties]\n[-Dvanthu.http.port=0]\n[a b]\n[]\n"
                       "env kept\n");
}
