// Owns the helpers of the hostile tests: scratch records, template folders and renders.
#include "hostile_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "support/test_paths.hpp"

namespace hostile {

namespace fs = std::filesystem;

// A meeting record with every required element; line 5 is the title.
std::string good_meeting() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<meeting schema=\"1\" id=\"hostile-1\">\n"
           "  <issuer><name>PHÒNG CẢNH SÁT PCCC VÀ CNCH</name></issuer>\n"
           "  <place>Hải Phòng</place>\n"
           "  <title>Họp giao ban tuần</title>\n"
           "  <date>2022-08-01</date>\n"
           "  <started>2022-08-01T08:00</started>\n"
           "  <location>Phòng họp</location>\n"
           "  <chair><name>Lê Quốc Đạt</name></chair>\n"
           "  <secretary><name>Nguyễn Thị Thu Hà</name></secretary>\n"
           "  <proceedings><section><p>Các đội báo cáo kết quả công tác tuần.</p></section></proceedings>\n"
           "</meeting>\n";
}

// Writes bytes to a file.
void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Renders the bytes from a scratch file into an empty scratch folder and lists what is left there.
render_outcome render_bytes(const std::string& test_name, const std::string& bytes,
                            const std::vector<std::string>& extra) {
    const std::string dir = test_paths::scratch_dir("hostile-" + test_name);
    const std::string input = dir + "/record.xml";
    const std::string out_dir = dir + "/out";
    fs::create_directories(out_dir);
    write_bytes(input, bytes);
    std::vector<std::string> argv{test_paths::vanthu_program(), "render", "-o", out_dir + "/"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(input);
    render_outcome outcome;
    outcome.run = test_paths::run_command(argv);
    for (const auto& entry : fs::directory_iterator(out_dir)) outcome.written.push_back(entry.path().filename().string());
    return outcome;
}

// A scratch copy of the default templates.
std::string copy_templates(const std::string& test_name) {
    const std::string dir = test_paths::scratch_dir("hostile-templates-" + test_name) + "/templates";
    fs::copy(test_paths::source("templates"), dir, fs::copy_options::recursive);
    return dir;
}

int insert_after_body(std::string& xml, const std::string& line) {
    const auto at = xml.find("<body>") + 6;
    xml.insert(at, "\n" + line);
    return 2 + static_cast<int>(std::count(xml.begin(), xml.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void require_bad_template(const render_outcome& o, const std::string& message) {
    INFO("stderr: " << o.run.err.substr(0, 2000));
    CHECK(o.run.exit_code == 78);
    CHECK(contains(o.run.err, message));
    CHECK(o.written.empty());
}

}  // namespace hostile
