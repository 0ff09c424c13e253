// Tests that text looking like VNI, TCVN3 or UTF-8 encoded twice is a warning at its place (an error when strict).
#include <catch2/catch.hpp>

#include <filesystem>

#include "record_test_support.hpp"
#include "support/test_paths.hpp"

using record_test::meeting_with;
using record_test::problems_of;

namespace {

const std::string declaration_1258 = "<?xml version=\"1.0\" encoding=\"windows-1258\"?>\n";
const std::string title = "<title>Làm việc về mô hình phong trào</title>";

// The minimal meeting in windows-1258 (one line longer: <title> is line 6), with the bytes of
// its title replaced by other bytes.
std::string windows_1258_meeting_titled(const std::string& title_bytes) {
    std::string xml = declaration_1258 + record_test::to_windows_1258(meeting_with(title, "<title>@</title>"));
    xml.replace(xml.find('@'), 1, title_bytes);
    return xml;
}

const std::string vni_hint = " (convert it from VNI to Unicode, e.g. with UniKey's converter, and send UTF-8)\n";

}  // namespace

TEST_CASE("a_windows_1258_record_holding_vni_bytes_is_a_warning_naming_the_text") {
    // "Họp bàn công tác PCCC" typed in a VNI font: o + 0xEF is "ọ", a + 0xF8 "à", o + 0xE2 "ô".
    const record::parse_result r = record::parse_record(windows_1258_meeting_titled("Ho\xEFp ba\xF8n co\xE2ng ta\xF9" "c PCCC"));
    CHECK(r);
    CHECK(problems_of(r) == "6:3: /meeting/title: warning: text looks like VNI bytes, not Vietnamese: 'Hoïp'" + vni_hint);
}

TEST_CASE("a_windows_1258_record_holding_tcvn3_bytes_is_a_warning_naming_the_text") {
    // "Cộng hòa xã hội chủ nghĩa Việt Nam" in TCVN3 (glibc's TCVN5712-1 gives these bytes).
    const record::parse_result r = record::parse_record(
        windows_1258_meeting_titled("C\xE9ng h\xDF" "a x\xB7 h\xE9i ch\xF1 ngh\xDC" "a Vi\xD6t Nam"));
    CHECK(r);
    CHECK(problems_of(r) == "6:3: /meeting/title: warning: text looks like TCVN3 (ABC) bytes, not Vietnamese: 'hßa' "
                            "(convert it from TCVN3 to Unicode, e.g. with UniKey's converter, and send UTF-8)\n");
}

TEST_CASE("utf8_encoded_twice_is_a_warning_that_reads_it_back") {
    // "Quốc" is Q u E1 BB 91 c; read as windows-1252 that is "Quá»‘c". <name> of <chair> is 8:10.
    const record::parse_result r = record::parse_record(meeting_with("Lê Quốc Đạt", "Lê Quá»‘c Đạt"));
    CHECK(r);
    CHECK(problems_of(r) == "8:10: /meeting/chair/name: warning: text looks like UTF-8 encoded twice: 'Quá»‘c' reads "
                            "'Quốc' (UTF-8 was read as windows-1252 and encoded again; send the original text)\n");
}

// Line 10 is "  <proceedings><section>...": <section> starts at column 16.
TEST_CASE("an_attribute_in_vni_is_named_by_its_path") {
    const record::parse_result r = record::parse_record(meeting_with("<section>", "<section heading=\"Hoïp baøn\">"));
    CHECK(r);
    CHECK(problems_of(r) == "10:16: /meeting/proceedings/section[1]/@heading: warning: text looks like VNI bytes, not "
                            "Vietnamese: 'Hoïp'" + vni_hint);
}

TEST_CASE("strict_text_makes_mis_encoded_text_an_error") {
    record::limits strict;
    strict.strict_text = true;
    const record::parse_result r = record::parse_record(meeting_with("<section>", "<section heading=\"Hoïp baøn\">"), strict);
    CHECK_FALSE(r);
    CHECK(problems_of(r) == "10:16: /meeting/proceedings/section[1]/@heading: text looks like VNI bytes, not "
                            "Vietnamese: 'Hoïp'" + vni_hint);
    CHECK(record::parse_record(record_test::minimal_meeting(), strict));
}

TEST_CASE("past_ten_mis_encoded_texts_one_line_counts_the_rest") {
    std::string people;
    for (int i = 0; i < 12; ++i) people += "<person><name>Nguyeãn Vaên An</name></person>";
    const record::parse_result r = record::parse_record(meeting_with("<proceedings>", "<attendees>" + people + "</attendees><proceedings>"));
    CHECK(r);
    REQUIRE(r.problems.items.size() == 11);
    // "  <attendees>" ends at column 13; each <person> is 45 characters and its <name> 8 in:
    // the tenth name is at 14 + 9 * 45 + 8 = 427.
    CHECK(vanthu::format_diagnostic(r.problems.items[9]) ==
          "10:427: /meeting/attendees/person[10]/name: warning: text looks like VNI bytes, not Vietnamese: 'Nguyeãn'" +
              vni_hint.substr(0, vni_hint.size() - 1));
    CHECK(vanthu::format_diagnostic(r.problems.items[10]) == "warning: 2 more texts look mis-encoded");
}

TEST_CASE("no_sample_record_nor_a_real_windows_1258_record_looks_mis_encoded") {
    int samples = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test_paths::source("samples"))) {
        if (entry.path().extension() != ".xml") continue;
        ++samples;
        const record::parse_result r = record::parse_record(record_test::read_source("samples/" + entry.path().filename().string()));
        INFO(entry.path());
        CHECK(r);
        CHECK(problems_of(r).empty());
    }
    CHECK(samples >= 11);
    const record::parse_result r = record::parse_record(declaration_1258 + record_test::to_windows_1258(record_test::minimal_meeting()));
    CHECK(r);
    CHECK(problems_of(r).empty());
}
