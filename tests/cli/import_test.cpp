// `vanthu import` and `render --recipients`: a list and a skeleton make the record, the record
// renders to the very bytes the list renders to, and the PDF reads back the sheet's names.
#include <catch2/catch.hpp>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using test_paths::run_command;
using test_paths::vanthu_program;

namespace {

// The sample certification without its recipients, written to a scratch folder.
std::string skeleton_file(const std::string& dir) {
    std::string s = test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml"));
    const std::size_t a = s.find("  <recipients>"), b = s.find("</recipients>\n");
    s.erase(a, b + 14 - a);
    const std::string path = dir + "/skeleton.xml";
    REQUIRE(run_command({"sh", "-c", "cat > " + path}, s).exit_code == 0);
    return path;
}

}  // namespace

TEST_CASE("import_then_check_then_render_equals_render_with_the_list", "[cli][sheet]") {
    const std::string dir = test_paths::scratch_dir("cli-import");
    const std::string skeleton = skeleton_file(dir);
    for (const char* list : {"openpyxl.xlsx", "libreoffice.xlsx", "utf8.csv", "utf8-bom-semicolon.csv", "utf16-tabs.txt",
                             "windows-1258.csv", "tcvn3.csv"}) {
        INFO(list);
        const std::string path = test_paths::source(std::string("tests/sheet/data/") + list);
        auto imported = run_command({vanthu_program(), "import", "--recipients", path, "-o", dir + "/full.xml", skeleton});
        INFO(imported.err);
        REQUIRE(imported.exit_code == 0);
        auto checked = run_command({vanthu_program(), "check", dir + "/full.xml"});
        CHECK(checked.exit_code == 0);
        CHECK(checked.out.find("valid certification record 'gk-pccc-2021'") != std::string::npos);
        REQUIRE(run_command({vanthu_program(), "render", "-o", dir + "/a.pdf", dir + "/full.xml"}).exit_code == 0);
        REQUIRE(run_command({vanthu_program(), "render", "--recipients", path, "-o", dir + "/b.pdf", skeleton}).exit_code == 0);
        const std::string pdf = test_paths::read_file(dir + "/a.pdf");
        CHECK(pdf == test_paths::read_file(dir + "/b.pdf"));
        const auto text = run_command({"pdftotext", "-raw", dir + "/a.pdf", "-"});
        REQUIRE(text.exit_code == 0);
        for (const char* line : {"Đại úy Nguyễn Văn An\n", "Thượng úy Trần Thị Bình\n", "Tổ dân phố số 5\n", "Chợ Tam Bạc\n",
                                 "Phòng Cảnh sát PCCC và CNCH, Công an thành phố Hải Phòng\n", "Số sổ vàng: 128"})
            CHECK(text.out.find(line) != std::string::npos);
    }
}

TEST_CASE("a_bad_list_is_exit_65_with_every_cell_and_no_output", "[cli][sheet]") {
    const std::string dir = test_paths::scratch_dir("cli-import-bad");
    const std::string skeleton = skeleton_file(dir);
    REQUIRE(run_command({"sh", "-c", "printf 'Mã,Họ và tên\\nx,\\nx,Trần Thị Bình\\n' > " + dir + "/list.csv"}).exit_code == 0);
    auto r = run_command({vanthu_program(), "render", "--recipients", dir + "/list.csv", "-o", dir + "/out.pdf", skeleton});
    CHECK(r.exit_code == 65);
    CHECK(r.err.find("list.csv:B2: empty name") != std::string::npos);
    CHECK(r.err.find("list.csv:A3: the id 'x' is also the id of row 2") != std::string::npos);
    CHECK(run_command({"test", "-e", dir + "/out.pdf"}).exit_code != 0);
    auto usage = run_command({vanthu_program(), "import", skeleton});
    CHECK(usage.exit_code == 64);
    CHECK(usage.err.find("import needs --recipients LIST or --participants LIST") != std::string::npos);
    auto missing = run_command({vanthu_program(), "import", "--recipients", dir + "/none.xlsx", skeleton});
    CHECK(missing.exit_code == 66);
}

TEST_CASE("a_skeleton_naming_its_list_is_filled_from_beside_it", "[cli][sheet]") {
    const std::string dir = test_paths::scratch_dir("cli-import-from");
    std::string s = test_paths::read_file(test_paths::source("samples/certification-2022-01-10-merit-pccc.xml"));
    const std::size_t a = s.find("  <recipients>"), b = s.find("</recipients>\n");
    s.replace(a, b + 14 - a, "  <recipients from=\"ds.csv\"/>\n");
    REQUIRE(run_command({"sh", "-c", "cat > " + dir + "/khen.xml"}, s).exit_code == 0);
    REQUIRE(run_command({"cp", test_paths::source("tests/sheet/data/utf8.csv"), dir + "/ds.csv"}).exit_code == 0);
    auto r = run_command({vanthu_program(), "render", "-o", dir + "/khen.pdf", dir + "/khen.xml"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(run_command({"pdftotext", "-raw", dir + "/khen.pdf", "-"}).out.find("Thượng úy Trần Thị Bình\n") != std::string::npos);
    auto imported = run_command({vanthu_program(), "import", "--recipients", dir + "/ds.csv", dir + "/khen.xml"});
    CHECK(imported.out.find("from=") == std::string::npos);  // the filled record names no list any more
    s.replace(s.find("ds.csv"), 6, "../ds.csv");
    REQUIRE(run_command({"sh", "-c", "cat > " + dir + "/ra.xml"}, s).exit_code == 0);
    auto outside = run_command({vanthu_program(), "check", dir + "/ra.xml"});
    CHECK(outside.exit_code == 65);
    CHECK(outside.err.find("<recipients from=\"../ds.csv\"> names no file beside the record") != std::string::npos);
}

TEST_CASE("repair_text_offers_each_mis_encoded_text_as_meant_and_writes_the_record", "[cli][sheet]") {
    const std::string dir = test_paths::scratch_dir("cli-repair");
    std::string s = test_paths::read_file(test_paths::source("samples/meeting-minimal.xml"));
    const std::string good = s;
    s.replace(s.find("Họp giao ban tuần"), std::string("Họp giao ban tuần").size(), "Hoïp giao ban tuaàn");
    s.replace(s.find("Lê Quốc Đạt"), std::string("Lê Quốc Đạt").size(), "Lê Quá»‘c Đạt");
    REQUIRE(run_command({"sh", "-c", "cat > " + dir + "/moji.xml"}, s).exit_code == 0);
    auto r = run_command({vanthu_program(), "import", "--repair-text", "-o", dir + "/fixed.xml", dir + "/moji.xml"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("moji.xml:6:10: /meeting/title: warning: 'Hoïp giao ban tuaàn' -> 'Họp giao ban tuần'") != std::string::npos);
    CHECK(r.err.find("/meeting/chair/name: warning: 'Lê Quá»‘c Đạt' -> 'Lê Quốc Đạt'") != std::string::npos);
    CHECK(r.err.find("vanthu: 2 texts repaired; read each before the record is used") != std::string::npos);
    CHECK(test_paths::read_file(dir + "/fixed.xml") == good);
    CHECK(run_command({vanthu_program(), "import", "--repair-text", "--recipients", "x.csv", dir + "/moji.xml"}).exit_code == 64);
}
