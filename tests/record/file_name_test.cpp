// Recipient ids name the files of a split ZIP: an id that cannot be a file name on Linux,
// Windows or macOS is refused where it stands, instead of failing the job five attempts later.
#include <catch2/catch.hpp>

#include "record_test_support.hpp"

using record_test::problems_of;

namespace {

// The 3-recipient certification sample with its first recipient's id replaced.
std::string with_first_id(const std::string& id) {
    std::string xml = record_test::read_source("samples/certification-2022-01-10-merit-pccc.xml");
    const std::size_t at = xml.find("<recipient id=\"") + 15;
    return xml.replace(at, xml.find('"', at) - at, id);
}

}  // namespace

TEST_CASE("ids_that_cannot_name_a_file_say_why", "[record][file_name]") {
    CHECK(record::why_not_a_file_name("gk-2022-001").empty());
    CHECK(record::why_not_a_file_name("to-dan-pho_12.b").empty());
    CHECK(record::why_not_a_file_name("Tổ_dân_phố_5").empty());  // Vietnamese letters are fine
    CHECK(record::why_not_a_file_name("console").empty());      // CON only as the whole name
    CHECK(record::why_not_a_file_name("COM10").empty());
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"", "empty"},
        {std::string(201, 'a'), "over 200"},
        {"a/b", "'/'"},
        {"a\\b", "'\\'"},
        {"..", "'..'"},
        {"a..b", "'..'"},
        {".hidden", "starts with '.'"},
        {"gk.", "ends with"},
        {"gk ", "ends with"},
        {"tab\tid", "control character"},
        {std::string("nul\0byte", 8), "control character"},
        {"a:b", "Windows refuses"},
        {"a*b", "Windows refuses"},
        {"a?b", "Windows refuses"},
        {"CON", "device"},
        {"con.pdf", "device"},
        {"Lpt9", "device"},
        {"aux.tar.gz", "device"},
        {"COM1", "device"},
    };
    for (const auto& [id, why] : refused) {
        INFO(id);
        CHECK(record::why_not_a_file_name(id).find(why) != std::string::npos);
    }
}

TEST_CASE("a_recipient_id_that_cannot_name_a_file_is_refused_at_its_attribute", "[record][file_name]") {
    for (const std::string id : {"../../etc/passwd", "a\\b", "CON", "nul.txt", ".an", "x y."}) {
        INFO(id);
        const record::parse_result r = record::parse_record(with_first_id(id));
        CHECK_FALSE(r);
        const std::string said = problems_of(r);
        // The attribute's line and column, and its path.
        CHECK(said.find("23:16: /certification/recipients/recipient[1]/@id: id") != std::string::npos);
        CHECK(said.find("cannot name a file") != std::string::npos);
    }
    CHECK(record::parse_record(with_first_id("gk-2022-999")));
}
