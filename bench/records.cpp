// Owns the benchmark's inputs: the temporary folder, generated certifications, sized minutes.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "bench.hpp"

namespace bench {

namespace {

// The whole file, or empty when it cannot be read.
std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

// One paragraph of discussion that grows the minutes (every tone mark, đ and ư/ơ in it).
const char* const growth_paragraph =
    "<p>Đồng chí Trưởng phòng đề nghị các đội nghiệp vụ tiếp tục rà soát, đánh giá thực chất "
    "hiệu quả hoạt động của từng mô hình; tăng cường tuyên truyền, hướng dẫn nhân dân kỹ năng "
    "thoát nạn, sử dụng phương tiện chữa cháy tại chỗ; kịp thời biểu dương, khen thưởng những "
    "tập thể, cá nhân có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc, "
    "bảo đảm quý sau cao hơn quý trước.</p>\n";

// The sample with one more section of `count` growth paragraphs at the end of the proceedings.
std::string grow_minutes(const std::string& sample, std::size_t count) {
    std::string section = "    <section heading=\"Ý kiến thảo luận\">\n";
    for (std::size_t i = 0; i < count; ++i) section += std::string("      ") + growth_paragraph;
    section += "    </section>\n  ";
    std::string grown = sample;
    const std::size_t end = grown.find("</proceedings>");
    if (end != std::string::npos) grown.insert(end, section);
    return grown;
}

// Pages the record lays out on, 0 when it does not render.
std::size_t count_pages(const std::string& record, const render::options& opts, std::string& message) {
    render::options keep = opts;
    keep.keep_pages = true;
    render::result r = render::render_record(record, keep);
    if (!r) {
        message = r.problems.items.empty() ? "the minutes do not render" : r.problems.items.front().message;
        return 0;
    }
    return r.pages.size();
}

}  // namespace

// mkdtemp under TMPDIR or /tmp.
std::string make_work_dir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/vanthu-bench-XXXXXX";
    if (!mkdtemp(pattern.data())) return {};
    return pattern;
}

// Deletes the folder and everything in it; errors are ignored.
void remove_work_dir(const std::string& dir) {
    if (dir.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

// Runs the sample generator, then reads what it wrote.
bool make_certification_record(const inputs& in, std::size_t count, const std::string& path,
                               std::string& bytes, std::string& message) {
    const std::string tool = in.source_dir + "/samples/tools/make_certifications.py";
    program_run r = run_program({"python3", tool, "--count", std::to_string(count), "-o", path}, "");
    bytes = read_file(path);
    if (r.exit_code != 0 || bytes.empty()) {
        message = "cannot generate " + std::to_string(count) + " certifications with " + tool;
        return false;
    }
    return true;
}

// Adds growth paragraphs one at a time and keeps the longest record that still fits the pages.
bool make_minutes_record(inputs& in, std::size_t pages, std::string& message) {
    const std::string sample = read_file(in.source_dir + "/samples/meeting-2022-08-01-pccc-models.xml");
    if (sample.empty()) {
        message = "cannot read samples/meeting-2022-08-01-pccc-models.xml";
        return false;
    }
    std::string fitting;
    for (std::size_t count = 0; count < 200; ++count) {
        const std::string grown = grow_minutes(sample, count);
        const std::size_t laid = count_pages(grown, in.opts, message);
        if (laid == 0) return false;
        if (laid > pages) break;
        if (laid == pages) fitting = grown;
    }
    if (fitting.empty()) {
        message = "cannot size the minutes to " + std::to_string(pages) + " pages";
        return false;
    }
    in.minutes = fitting;
    in.minutes_pages = pages;
    return true;
}

}  // namespace bench
