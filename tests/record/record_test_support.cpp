// Owns the small records and helpers shared by the record tests.
#include "record_test_support.hpp"

#include <catch2/catch.hpp>

#include <iconv.h>

#include "support/test_paths.hpp"

namespace record_test {

std::string minimal_meeting() {
    return "<meeting schema=\"1\" id=\"m-1\">\n"
           "  <issuer><name>PHÒNG CẢNH SÁT PCCC VÀ CNCH</name></issuer>\n"
           "  <place>Hải Phòng</place>\n"
           "  <date>2022-08-01</date>\n"
           "  <title>Làm việc về mô hình phong trào</title>\n"
           "  <started>2022-08-01T08:00</started>\n"
           "  <location>Hội trường Phòng PCCC và CNCH</location>\n"
           "  <chair><name>Lê Quốc Đạt</name></chair>\n"
           "  <secretary><name>Nguyễn Thị Hà</name></secretary>\n"
           "  <proceedings><section><p>Nội dung.</p></section></proceedings>\n"
           "</meeting>\n";
}

std::string meeting_with(std::string_view from, std::string_view to) {
    std::string xml = minimal_meeting();
    const std::size_t at = xml.find(from);
    INFO("replacing " << from);
    REQUIRE(at != std::string::npos);
    xml.replace(at, from.size(), to);
    return xml;
}

std::string problems_of(const record::parse_result& r) { return vanthu::format_diagnostics(r.problems); }

std::string to_windows_1258(const std::string& utf8) {
    iconv_t cd = iconv_open("WINDOWS-1258", "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string in = utf8;
    std::string out(in.size() * 2, '\0');
    char* src = in.data();
    char* dst = out.data();
    std::size_t src_left = in.size();
    std::size_t dst_left = out.size();
    const std::size_t done = iconv(cd, &src, &src_left, &dst, &dst_left);
    iconv_close(cd);
    REQUIRE(done != static_cast<std::size_t>(-1));
    out.resize(out.size() - dst_left);
    return out;
}

std::string read_source(const std::string& relative) { return test_paths::read_file(test_paths::source(relative)); }

}  // namespace record_test
