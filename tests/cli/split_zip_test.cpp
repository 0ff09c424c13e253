// `vanthu render --split`: the ZIP of one PDF per recipient, read back by another ZIP reader.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using test_paths::run_command;
using test_paths::vanthu_program;

namespace {

// Every entry of a ZIP file by name, read through Poco::Zip, each CRC checked.
std::map<std::string, std::string> read_zip(const std::string& bytes) {
    std::istringstream index(bytes);
    Poco::Zip::ZipArchive archive(index);
    std::map<std::string, std::string> entries;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        std::istringstream in(bytes);
        Poco::Zip::ZipInputStream entry(in, it->second);
        std::string content;
        Poco::StreamCopier::copyToString(entry, content);
        CHECK(entry.crcValid());
        CHECK(it->second.getCompressionMethod() == Poco::Zip::ZipCommon::CM_STORE);
        entries[it->first] = content;
    }
    return entries;
}

}  // namespace

TEST_CASE("split_writes_a_zip_of_one_pdf_per_recipient_that_other_readers_accept", "[cli]") {
    const std::string dir = test_paths::scratch_dir("split-zip");
    const std::string record = test_paths::source("samples/certification-2022-01-10-merit-pccc.xml");
    auto r = run_command({vanthu_program(), "render", "--split", "-o", dir + "/a.zip", record});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string zip = test_paths::read_file(dir + "/a.zip");
    const auto entries = read_zip(zip);
    CHECK(entries.size() == 3);
    for (const char* id : {"gk-2022-001", "gk-2022-002", "gk-2022-003"}) {
        INFO(id);
        const auto e = entries.find(std::string(id) + ".pdf");
        REQUIRE(e != entries.end());
        CHECK(e->second.rfind("%PDF-", 0) == 0);
        CHECK(e->second.find("%%EOF", e->second.size() - 8) != std::string::npos);
    }
    // The same batch gives the same bytes.
    REQUIRE(run_command({vanthu_program(), "render", "--split", "-o", dir + "/b.zip", record}).exit_code == 0);
    CHECK(test_paths::read_file(dir + "/b.zip") == zip);
}
