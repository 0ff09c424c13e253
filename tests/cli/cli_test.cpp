// The vanthu command: its outputs, its messages and its exit codes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using test_paths::run_command;
using test_paths::vanthu_program;
namespace fs = std::filesystem;

namespace {

const char* const good_record = R"(<?xml version="1.0" encoding="UTF-8"?>
<meeting schema="1" id="cli-good-1">
  <issuer><parent>CÔNG AN THÀNH PHỐ HẢI PHÒNG</parent><name>PHÒNG CẢNH SÁT PCCC VÀ CNCH</name><code>PC07</code></issuer>
  <place>Hải Phòng</place>
  <date>2022-08-01</date>
  <title>Họp giao ban công tác PCCC tháng 8</title>
  <started>2022-08-01T08:00</started>
  <ended>2022-08-01T10:30</ended>
  <location>Hội trường Phòng PC07</location>
  <chair><rank>Đại tá</rank><name>Lê Quốc Đạt</name><position>Phó Trưởng phòng</position></chair>
  <secretary><rank>Đại úy</rank><name>Nguyễn Thị Hằng</name></secretary>
  <proceedings><section><p>Các đơn vị báo cáo kết quả công tác tháng 7.</p></section></proceedings>
</meeting>
)";

// The good record with its chair's name taken out: line 10, column 3 is <chair>.
std::string bad_record() {
    std::string r = good_record;
    const std::string name = "<name>Lê Quốc Đạt</name>";
    r.replace(r.find(name), name.size(), "");
    return r;
}

// Writes text to a file in a scratch folder and returns its path.
std::string write_scratch(const std::string& dir, const std::string& name, const std::string& text) {
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("help_prints_the_usage_and_exits_0", "[cli]") {
    auto r = run_command({vanthu_program(), "--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("vanthu render") != std::string::npos);
}

TEST_CASE("a_bad_command_line_exits_64", "[cli]") {
    CHECK(run_command({vanthu_program()}).exit_code == 64);
    CHECK(run_command({vanthu_program(), "render"}).exit_code == 64);
    CHECK(run_command({vanthu_program(), "render", "--frobnicate", "x.xml"}).exit_code == 64);
    CHECK(run_command({vanthu_program(), "print", "x.xml"}).exit_code == 64);
}

TEST_CASE("a_missing_input_exits_66_naming_it", "[cli]") {
    const std::string dir = test_paths::scratch_dir("cli-missing");
    auto r = run_command({vanthu_program(), "render", "-o", dir + "/x.pdf", dir + "/nowhere.xml"});
    CHECK(r.exit_code == 66);
    CHECK(r.err.find("nowhere.xml") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/x.pdf"));
}

TEST_CASE("a_bad_record_exits_65_with_line_column_path_and_writes_nothing", "[cli]") {
    const std::string dir = test_paths::scratch_dir("cli-bad-record");
    const std::string input = write_scratch(dir, "bad.xml", bad_record());
    const std::string output = dir + "/out.pdf";
    auto r = run_command({vanthu_program(), "render", "-o", output, input});
    CHECK(r.exit_code == 65);
    INFO(r.err);
    CHECK(r.err.find("bad.xml:10:3: /meeting/chair: ") != std::string::npos);
    CHECK(r.err.find("name") != std::string::npos);
    CHECK_FALSE(fs::exists(output));

    // An output accepted earlier is neither overwritten nor removed.
    write_scratch(dir, "out.pdf", "earlier result");
    CHECK(run_command({vanthu_program(), "render", "-o", output, input}).exit_code == 65);
    CHECK(test_paths::read_file(output) == "earlier result");
}

TEST_CASE("check_validates_without_rendering", "[cli]") {
    const std::string dir = test_paths::scratch_dir("cli-check");
    auto good = run_command({vanthu_program(), "check", write_scratch(dir, "good.xml", good_record)});
    CHECK(good.exit_code == 0);
    CHECK(good.out.find("cli-good-1") != std::string::npos);
    auto bad = run_command({vanthu_program(), "check", write_scratch(dir, "bad.xml", bad_record())});
    CHECK(bad.exit_code == 65);
    CHECK(bad.err.find(":10:3: /meeting/chair: ") != std::string::npos);
    CHECK(fs::directory_iterator(dir) != fs::directory_iterator());
    CHECK_FALSE(fs::exists(dir + "/cli-good-1.pdf"));
}

TEST_CASE("stdin_to_stdout_gives_a_pdf", "[cli]") {
    auto r = run_command({vanthu_program(), "render", "-o", "-", "-"}, good_record);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("%PDF-1.", 0) == 0);
    CHECK(r.out.find("%%EOF") != std::string::npos);
}

TEST_CASE("several_records_go_to_a_folder_named_by_their_ids", "[cli]") {
    const std::string dir = test_paths::scratch_dir("cli-many");
    std::string second = good_record;
    second.replace(second.find("cli-good-1"), 10, "cli-good-2");
    const std::string a = write_scratch(dir, "a.xml", good_record);
    const std::string b = write_scratch(dir, "b.xml", second);
    auto r = run_command({vanthu_program(), "render", "-o", dir + "/out", a, b});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(fs::file_size(dir + "/out/cli-good-1.pdf") > 1000);
    CHECK(fs::file_size(dir + "/out/cli-good-2.pdf") > 1000);
}

TEST_CASE("a_good_record_among_bad_ones_is_still_rendered", "[cli]") {
    const std::string dir = test_paths::scratch_dir("cli-mixed");
    const std::string good = write_scratch(dir, "good.xml", good_record);
    const std::string bad = write_scratch(dir, "bad.xml", bad_record());
    auto r = run_command({vanthu_program(), "render", "-o", dir + "/out", bad, good});
    CHECK(r.exit_code == 65);
    CHECK(fs::exists(dir + "/out/cli-good-1.pdf"));
    CHECK(std::distance(fs::directory_iterator(dir + "/out"), fs::directory_iterator()) == 1);
}

TEST_CASE("an_unwritable_output_exits_73_and_leaves_no_part_file", "[cli]") {
    const std::string dir = test_paths::scratch_dir("cli-unwritable");
    const std::string input = write_scratch(dir, "good.xml", good_record);
    auto r = run_command({vanthu_program(), "render", "-o", dir + "/no/such/folder/x.pdf", input});
    CHECK(r.exit_code == 73);
    CHECK(r.err.find("cannot write") != std::string::npos);
}

TEST_CASE("an_unknown_template_exits_78", "[cli]") {
    const std::string dir = test_paths::scratch_dir("cli-template");
    const std::string input = write_scratch(dir, "good.xml", good_record);
    auto r = run_command({vanthu_program(), "render", "--template", "no-such-template", "-o", dir + "/x.pdf", input});
    CHECK(r.exit_code == 78);
    CHECK(r.err.find("no-such-template") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/x.pdf"));
}

TEST_CASE("a_broken_template_exits_78_with_file_line_column", "[cli]") {
    const std::string dir = test_paths::scratch_dir("cli-broken-template");
    fs::create_directories(dir + "/templates");
    std::string minutes = test_paths::read_file(test_paths::source("templates/minutes.xml"));
    // Put an unknown element on a line of its own right after the root's start tag.
    const auto root = minutes.find("<template");
    const auto after = minutes.find('>', root) + 1;
    minutes.insert(after, "\n<paragraf>oops</paragraf>");
    const int line = 2 + static_cast<int>(std::count(minutes.begin(), minutes.begin() + static_cast<long>(after), '\n'));
    write_scratch(dir + "/templates", "minutes.xml", minutes);
    const std::string input = write_scratch(dir, "good.xml", good_record);
    auto r = run_command({vanthu_program(), "render", "--templates", dir + "/templates", "-o", dir + "/x.pdf", input});
    CHECK(r.exit_code == 78);
    INFO(r.err);
    CHECK(r.err.find("minutes.xml:" + std::to_string(line) + ":1: ") != std::string::npos);
    CHECK(r.err.find("paragraf") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/x.pdf"));
}

namespace {

// A certification of 507 recipients: two chunks of libharu documents, merged as they stream out.
const char* const big_batch = "samples/certification-2022-11-15-fire-safe-groups.xml";

// The names in a folder, sorted.
std::vector<std::string> names_in(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("a_batch_streamed_to_a_file_and_to_stdout_gives_the_same_pdf", "[cli][stream]") {
    const std::string dir = test_paths::scratch_dir("cli-stream");
    const std::string input = test_paths::source(big_batch);
    auto to_file = run_command({vanthu_program(), "render", "-o", dir + "/out.pdf", input});
    INFO(to_file.err);
    REQUIRE(to_file.exit_code == 0);
    auto to_stdout = run_command({vanthu_program(), "render", "-o", "-", input});
    REQUIRE(to_stdout.exit_code == 0);
    const std::string written = test_paths::read_file(dir + "/out.pdf");
    CHECK(written.size() > 500'000);
    CHECK(written == to_stdout.out);
    CHECK(written.rfind("%PDF-1.", 0) == 0);
    CHECK(written.substr(written.size() - 6) == "%%EOF\n");
    CHECK(names_in(dir) == std::vector<std::string>{"out.pdf"});
}

TEST_CASE("a_write_failing_mid_batch_exits_73_keeps_the_earlier_output_and_leaves_no_part_file", "[cli][stream]") {
    // The file size limit lets the first pieces of the PDF out, then write() fails with EFBIG
    // (SIGXFSZ ignored): the render stops after its output has started.
    const std::string dir = test_paths::scratch_dir("cli-stream-fail");
    const std::string output = write_scratch(dir, "out.pdf", "earlier result");
    const std::string limited = "trap '' XFSZ; ulimit -f 400 && exec \"$0\" \"$@\"";
    auto r = run_command({"/bin/sh", "-c", limited, vanthu_program(), "render", "-o", output,
                          test_paths::source(big_batch)});
    INFO(r.err);
    CHECK(r.exit_code == 73);
    CHECK(r.err.find("cannot write " + output) != std::string::npos);
    CHECK(test_paths::read_file(output) == "earlier result");
    CHECK(names_in(dir) == std::vector<std::string>{"out.pdf"});
}

// Several records on two threads: the same files, byte for byte, as on one; each record's
// messages together and in the order of the inputs; the exit code of the worst.
TEST_CASE("several_records_rendered_side_by_side_give_the_same_files_and_messages_in_order", "[cli][jobs]") {
    const std::string dir = test_paths::scratch_dir("cli-side-by-side");
    std::vector<std::string> inputs;
    for (const char* sample : {"samples/meeting-minimal.xml", "samples/meeting-2022-08-01-pccc-models.xml",
                               "samples/certification-2022-12-20-merit-advanced-units.xml"})
        inputs.push_back(test_paths::source(sample));
    inputs.push_back(write_scratch(dir, "bad.xml", bad_record()));  // line 10, column 3
    inputs.push_back(write_scratch(dir, "good.xml", good_record));
    std::vector<std::string> err;
    for (const char* jobs : {"1", "2"}) {
        std::vector<std::string> argv{vanthu_program(), "render", "--jobs", jobs, "-o", dir + "/out-" + jobs};
        argv.insert(argv.end(), inputs.begin(), inputs.end());
        auto r = run_command(argv);
        INFO(r.err);
        CHECK(r.exit_code == 65);  // the bad record's
        err.push_back(r.err);
    }
    CHECK(err[1] == err[0]);
    CHECK(err[0].find("bad.xml:10:3") != std::string::npos);
    const std::vector<std::string> one = names_in(dir + "/out-1"), two = names_in(dir + "/out-2");
    CHECK(one.size() == 4);
    REQUIRE(two == one);
    for (const std::string& name : one) {
        INFO(name);
        CHECK(test_paths::read_file(dir + "/out-2/" + name) == test_paths::read_file(dir + "/out-1/" + name));
    }
}

TEST_CASE("two_records_of_one_id_never_write_one_file_over_the_other", "[cli][jobs]") {
    const std::string dir = test_paths::scratch_dir("cli-same-id");
    std::string other_title = good_record;
    const std::string title = "Họp giao ban công tác PCCC tháng 8";
    other_title.replace(other_title.find(title), title.size(), "Họp sơ kết công tác PCCC quý III");
    const std::string a = write_scratch(dir, "a.xml", good_record);
    const std::string b = write_scratch(dir, "b.xml", other_title);
    for (const char* jobs : {"1", "2"}) {
        const std::string out = dir + "/out-" + jobs;
        for (const bool dump : {false, true}) {
            std::vector<std::string> argv{vanthu_program(), "render", "--jobs", jobs, "-o", out};
            if (dump) argv.push_back("--dump-layout");
            argv.push_back(a);
            argv.push_back(b);
            auto r = run_command(argv);
            INFO(r.err);
            CHECK(r.exit_code == 73);
            CHECK(r.err.find("has the record id 'cli-good-1' of") != std::string::npos);
            CHECK(r.err.find("(give the records different ids)") != std::string::npos);
        }
        // One file of each kind, all of one record: the one named as its owner.
        CHECK(names_in(out) == std::vector<std::string>{"cli-good-1.layout.txt", "cli-good-1.pdf"});
        const std::string text = run_command({"pdftotext", "-raw", out + "/cli-good-1.pdf", "-"}).out;
        const bool first = text.find("giao ban") != std::string::npos || text.find("GIAO BAN") != std::string::npos;
        CHECK(first != (text.find("sơ kết") != std::string::npos || text.find("SƠ KẾT") != std::string::npos));
        if (std::string(jobs) == "1") CHECK(first);  // one after another: the first input has it
    }
}
