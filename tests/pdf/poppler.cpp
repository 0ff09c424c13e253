// Owns running poppler tools from tests and reading their output.
#include "poppler.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace poppler {

// Runs the tool and collects its output.
output run(const std::string& tool, const std::string& args, const std::string& pdf,
           const std::string& target) {
    output result;
    std::string err_path = pdf + "." + tool + ".stderr";
    std::string to = !target.empty() ? target : tool == "pdftotext" ? "-" : "";
    std::string command = tool + " " + args + " '" + pdf + "'";
    if (!to.empty()) command += " '" + to + "'";
    command += " 2>'" + err_path + "'";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
    int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_path, std::ios::binary);
    std::ostringstream all;
    all << err.rdbuf();
    result.err = all.str();
    return result;
}

// Finds "key:" at the start of a line.
std::string field(const std::string& listing, const std::string& key) {
    std::istringstream lines(listing);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.compare(0, key.size() + 1, key + ":") != 0) continue;
        std::size_t start = line.find_first_not_of(' ', key.size() + 1);
        std::size_t end = line.find_last_not_of(" \r");
        return start == std::string::npos ? std::string() : line.substr(start, end - start + 1);
    }
    return {};
}

}  // namespace poppler
