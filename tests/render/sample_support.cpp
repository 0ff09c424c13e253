// Owns the helpers of the end-to-end tests.
#include "sample_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace sample_support {

namespace fs = std::filesystem;

std::vector<std::string> sample_files() {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(test_paths::source("samples")))
        if (entry.path().extension() == ".xml") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

bool is_batch_sample(const std::string& path) {
    const std::string bytes = test_paths::read_file(path);
    std::size_t count = 0;
    for (std::size_t at = bytes.find("<recipient "); at != std::string::npos; at = bytes.find("<recipient ", at + 1)) ++count;
    return count > 20;
}

render::options source_tree_options() {
    render::options opts;
    opts.templates_dir = test_paths::source("templates");
    opts.fonts_dir = test_paths::source("fonts");
    return opts;
}

poppler_output run_poppler(const std::string& tool, const std::vector<std::string>& args,
                           const std::string& pdf_bytes, const std::string& scratch_name) {
    const std::string dir = test_paths::scratch_dir(scratch_name);
    const std::string pdf = dir + "/in.pdf";
    std::ofstream(pdf, std::ios::binary) << pdf_bytes;
    std::vector<std::string> argv{tool};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(pdf);
    if (tool == "pdftotext") argv.push_back("-");
    auto r = test_paths::run_command(argv);
    return {r.out, r.err, r.exit_code};
}

std::string collapse(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// Collects the leaves below one node.
static void collect(const record::node& n, std::vector<std::string>& into) {
    if (n.type == record::value_type::string || n.type == record::value_type::text) {
        const std::string text = collapse(n.str);
        if (!text.empty()) into.push_back(text);
    }
    for (const auto& c : n.children) collect(c, into);
}

std::vector<std::string> text_leaves(const record::node& root) {
    std::vector<std::string> leaves;
    collect(root, leaves);
    return leaves;
}

}  // namespace sample_support
