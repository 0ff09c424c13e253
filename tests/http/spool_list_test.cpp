// The spool takes a record with its list: incoming/NAME.xlsx renamed in first, then the
// skeleton naming it (<recipients from="NAME.xlsx"/>), rendered as one job; a list alone, a
// list that is missing or bad, and a name that leaves the folder all end in failed/ with why.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

bool appears(const fs::path& p) {
    for (int i = 0; i < 1000 && !fs::exists(fs::symlink_status(p)); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return fs::exists(fs::symlink_status(p));
}

// The sample certification whose recipients are a list in the same folder.
std::string skeleton_naming(const std::string& id, const std::string& list) {
    std::string s = test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml"));
    const std::size_t a = s.find("  <recipients>"), b = s.find("</recipients>\n");
    s.replace(a, b + 14 - a, "  <recipients from=\"" + list + "\"/>\n");
    return serve_test::with_record_id(s, id);
}

// Writes a file beside the spool and renames it in, as a producer must.
void drop(const std::string& dir, const std::string& name, const std::string& bytes) {
    std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
    fs::rename(dir + "/" + name, fs::path(dir) / "spool" / "incoming" / name);
}

}  // namespace

TEST_CASE("a_record_and_its_list_in_the_spool_are_rendered_as_one_job", "[http][spool][sheet]") {
    const std::string dir = test_paths::scratch_dir("spool-list");
    auto args = serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir);
    args.push_back("-Dvanthu.spool.list_wait=2s");
    auto p = serve_test::start_serve(args);
    INFO(p->text());
    REQUIRE(p->wait_port() > 0);
    const fs::path spool = fs::path(dir) / "spool";
    drop(dir, "ds-khen.xlsx", test_paths::read_file(test_paths::source("tests/sheet/data/openpyxl.xlsx")));
    drop(dir, "khen.xml", skeleton_naming("gk-spool-list", "ds-khen.xlsx"));
    REQUIRE(appears(spool / "done" / "gk-spool-list.pdf"));
    const auto text = test_paths::run_command({"pdftotext", "-raw", (spool / "done" / "gk-spool-list.pdf").string(), "-"});
    CHECK(text.out.find("Đại úy Nguyễn Văn An\n") != std::string::npos);
    CHECK(text.out.find("Chợ Tam Bạc\n") != std::string::npos);
    for (int i = 0; i < 100 && fs::exists(spool / "processing" / "ds-khen.xlsx"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK_FALSE(fs::exists(spool / "processing" / "ds-khen.xlsx"));
    CHECK_FALSE(fs::exists(spool / "incoming" / "ds-khen.xlsx"));

    // A list alone goes to failed/ once it has waited vanthu.spool.list_wait.
    drop(dir, "mot-minh.csv", "Họ và tên\nNguyễn Văn An\n");
    REQUIRE(appears(spool / "failed" / "mot-minh.csv.error.txt"));
    CHECK(test_paths::read_file((spool / "failed" / "mot-minh.csv.error.txt").string())
              .find("mot-minh.csv: a list alone: no record in incoming/ names it") == 0);
    // The reason is written before the list is moved (spool_watcher::reject): wait for the list too.
    CHECK(appears(spool / "failed" / "mot-minh.csv"));

    // A record whose list is not there.
    drop(dir, "thieu.xml", skeleton_naming("gk-thieu", "khong-co.xlsx"));
    REQUIRE(appears(spool / "failed" / "thieu.error.txt"));
    CHECK(test_paths::read_file((spool / "failed" / "thieu.error.txt").string())
              .find("its list khong-co.xlsx is not in incoming/") != std::string::npos);

    // A bad list: the record and the list in failed/, the reason naming the cell.
    drop(dir, "xau.csv", "Mã,Họ và tên\nx,\n");
    drop(dir, "xau.xml", skeleton_naming("gk-xau", "xau.csv"));
    REQUIRE(appears(spool / "failed" / "xau.error.txt"));
    CHECK(test_paths::read_file((spool / "failed" / "xau.error.txt").string()).find("xau.csv:B2: empty name") != std::string::npos);
    CHECK(appears(spool / "failed" / "xau.csv"));

    // A list named outside the folder is never looked for.
    drop(dir, "ra-ngoai.xml", skeleton_naming("gk-ra-ngoai", "../jobs.db"));
    REQUIRE(appears(spool / "failed" / "ra-ngoai.error.txt"));
    CHECK(test_paths::read_file((spool / "failed" / "ra-ngoai.error.txt").string()).find("names no file beside the record") !=
          std::string::npos);
    CHECK(fs::exists(dir + "/jobs.db"));
    CHECK(p->stop(SIGTERM) == 0);
}
