// The spool and the worker's input against what a hostile or careless producer leaves: links
// never followed, FIFOs, folders and a 200 MB file moved to failed/ with a reason (the last
// unread), a FIFO in processing/ that does not hang the start; unsafe recipient ids refused at
// submission; a store URL logged without its password.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;
using serve_test::call;

namespace {

// Waits up to 20 s for a path to exist.
bool appears(const fs::path& p) {
    for (int i = 0; i < 1000 && !fs::exists(fs::symlink_status(p)); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return fs::exists(fs::symlink_status(p));
}

long status_kb(long pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    return -1;
}

}  // namespace

TEST_CASE("the_spool_follows_no_link_and_moves_what_is_not_a_file_to_failed", "[http][spool]") {
    const std::string dir = test_paths::scratch_dir("spool-hostile");
    auto p = serve_test::start_serve(serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir));
    const int port = p->wait_port();
    const fs::path incoming = fs::path(dir) / "spool" / "incoming", failed = fs::path(dir) / "spool" / "failed";
    // A valid record outside the spool, reached by a link: never read, never rendered.
    std::ofstream(dir + "/outside.xml", std::ios::binary) << serve_test::meeting("bb-ngoai");
    fs::create_symlink(dir + "/outside.xml", incoming / "link.xml");
    fs::create_symlink("/etc/passwd", incoming / "passwd.xml");
    REQUIRE(::mkfifo((incoming / "pipe.xml").c_str(), 0600) == 0);
    fs::create_directory(incoming / "folder.xml");
    for (const char* name : {"link", "passwd", "pipe", "folder"}) {
        INFO(name);
        REQUIRE(appears(failed / (std::string(name) + ".error.txt")));
        CHECK(appears(failed / (std::string(name) + ".xml")));
        CHECK_FALSE(fs::exists(fs::symlink_status(incoming / (std::string(name) + ".xml"))));
    }
    CHECK(test_paths::read_file((failed / "link.error.txt").string()).find("link.xml: not taken: it is a symbolic link") == 0);
    CHECK(test_paths::read_file((failed / "pipe.error.txt").string()).find("it is a FIFO") != std::string::npos);
    CHECK(test_paths::read_file((failed / "folder.error.txt").string()).find("it is a folder") != std::string::npos);
    CHECK(fs::is_symlink(failed / "link.xml"));  // the link itself moved; its target untouched
    CHECK(fs::exists(dir + "/outside.xml"));
    CHECK(call(port, "GET", "/v1/jobs").body.find("bb-ngoai") == std::string::npos);
    // The worker goes on: a good record after them is rendered.
    std::ofstream(dir + "/good.xml", std::ios::binary) << serve_test::meeting("bb-tot");
    fs::rename(dir + "/good.xml", incoming / "good.xml");
    CHECK(appears(fs::path(dir) / "spool" / "done" / "bb-tot.pdf"));
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_200_mb_file_in_the_spool_is_refused_without_being_read", "[http][spool]") {
    const std::string dir = test_paths::scratch_dir("spool-huge");
    auto p = serve_test::start_serve(serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir));
    p->wait_port();
    const long before = status_kb(p->pid(), "VmHWM");
    const std::string huge = dir + "/huge.xml";
    {
        std::ofstream out(huge, std::ios::binary);
        const std::string mb(1 << 20, 'x');
        out << "<meeting>";
        for (int i = 0; i < 200; ++i) out << mb;
    }
    fs::rename(huge, fs::path(dir) / "spool" / "incoming" / "huge.xml");
    const fs::path reason = fs::path(dir) / "spool" / "failed" / "huge.error.txt";
    REQUIRE(appears(reason));
    CHECK(test_paths::read_file(reason.string()).find("over the limit of 33554432 (vanthu.http.max_body)") != std::string::npos);
    const long after = status_kb(p->pid(), "VmHWM");
    INFO("VmHWM before " << before << " kB, after " << after << " kB");
    CHECK(after - before < 20 * 1024);  // far from the 200 MB it would take to read it
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_fifo_left_in_processing_neither_hangs_the_start_nor_the_stop", "[http][spool]") {
    const std::string dir = test_paths::scratch_dir("spool-fifo-start");
    fs::create_directories(fs::path(dir) / "spool" / "processing");
    REQUIRE(::mkfifo((fs::path(dir) / "spool" / "processing" / "stuck.xml").c_str(), 0600) == 0);
    auto p = serve_test::start_serve(serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir));
    REQUIRE(p->wait_port() > 0);
    CHECK(appears(fs::path(dir) / "spool" / "failed" / "stuck.error.txt"));
    const auto start = std::chrono::steady_clock::now();
    CHECK(p->stop(SIGTERM) == 0);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}

TEST_CASE("a_recipient_id_that_cannot_name_a_file_is_a_422_at_submission", "[http][spool]") {
    const std::string dir = test_paths::scratch_dir("unsafe-ids");
    auto p = serve_test::start_serve(serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir));
    const int port = p->wait_port();
    std::string record = serve_test::certification_of(3);
    const std::size_t at = record.find("<recipient id=\"") + 15;
    record.replace(at, record.find('"', at) - at, "..\\..\\windows\\system32");
    for (const char* route : {"/v1/jobs?split=1", "/v1/jobs", "/v1/render?split=1"}) {
        INFO(route);
        const serve_test::answer a = call(port, "POST", route, record);
        CHECK(a.status == 422);
        CHECK(a.body.find("cannot name a file") != std::string::npos);
    }
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("a_store_url_is_never_logged_with_its_password", "[http][spool]") {
    for (const std::string url : {"postgresql://alice:S3cretPW@[bad/db", "postgresql://alice:S3cretPW@127.0.0.1:1/db",
                                  "postgresql://127.0.0.1:1/db?password=S3cretPW", "mysql://alice:S3cretPW@db/x",
                                  "postgresql://alice:S3c@retPW@[::1/db"}) {
        INFO(url);
        const test_paths::command_output r = test_paths::run_command(
            {test_paths::vanthu_program(), "serve", "-Dvanthu.http.port=0", "-Dvanthu.store=" + url, "-Dvanthu.audit.file=off"});
        CHECK(r.exit_code != 0);
        CHECK(r.err.find("S3c") == std::string::npos);
        CHECK(r.out.find("S3c") == std::string::npos);
        const test_paths::command_output t = test_paths::run_command({test_paths::vanthu_program(), "token", "list", "-Dvanthu.store=" + url});
        CHECK(t.exit_code != 0);
        CHECK(t.err.find("S3c") == std::string::npos);
    }
}
