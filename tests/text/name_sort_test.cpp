// Tests the sort key of Vietnamese personal names.
#include "text/vietnamese.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

// The names sorted by their keys.
std::vector<std::string> sorted_names(std::vector<std::string> names) {
    std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        return text::name_sort_key(a) < text::name_sort_key(b);
    });
    return names;
}

}  // namespace

TEST_CASE("name_sort_key_sorts_by_given_name_in_the_vietnamese_alphabet") {
    const std::vector<std::string> names = {"Vũ Đức Đạt", "Trần Văn Bình", "Phạm Thị Ân",
                                            "Đỗ Văn Dũng", "Lê Thị Ánh", "Nguyễn Văn An"};
    const std::vector<std::string> expected = {"Nguyễn Văn An", "Lê Thị Ánh", "Phạm Thị Ân",
                                               "Trần Văn Bình", "Đỗ Văn Dũng", "Vũ Đức Đạt"};
    CHECK(sorted_names(names) == expected);
}

TEST_CASE("name_sort_key_puts_d_before_dj_and_o_before_o_hat_and_o_horn") {
    CHECK(sorted_names({"Lê Văn Đông", "Lê Văn Dương", "Lê Văn Danh"}) ==
          std::vector<std::string>{"Lê Văn Danh", "Lê Văn Dương", "Lê Văn Đông"});
    CHECK(sorted_names({"Hà Thị Ơn", "Hà Thị Ổn", "Hà Thị On"}) ==
          std::vector<std::string>{"Hà Thị On", "Hà Thị Ổn", "Hà Thị Ơn"});
    CHECK(sorted_names({"Lê Văn Ưng", "Lê Văn Vinh", "Lê Văn Uy"}) ==
          std::vector<std::string>{"Lê Văn Uy", "Lê Văn Ưng", "Lê Văn Vinh"});
}

TEST_CASE("name_sort_key_orders_tones_none_huyen_hoi_nga_sac_nang") {
    CHECK(sorted_names({"Lê Ma", "Lê Mạ", "Lê Má", "Lê Mã", "Lê Mả", "Lê Mà"}) ==
          std::vector<std::string>{"Lê Ma", "Lê Mà", "Lê Mả", "Lê Mã", "Lê Má", "Lê Mạ"});
    // Letters come before tones: the letters a-n-h decide first (An < Ánh),
    // the tone only between equal letters (Anh < Ảnh < Ánh).
    CHECK(sorted_names({"Lê Ánh", "Lê Ảnh", "Lê Anh", "Lê An"}) ==
          std::vector<std::string>{"Lê An", "Lê Anh", "Lê Ảnh", "Lê Ánh"});
}

TEST_CASE("name_sort_key_compares_middle_then_family_name") {
    CHECK(sorted_names({"Nguyễn Văn Anh", "Lê Thị Anh", "Trần Anh", "Bùi Thị Anh"}) ==
          std::vector<std::string>{"Trần Anh", "Bùi Thị Anh", "Lê Thị Anh", "Nguyễn Văn Anh"});
}

TEST_CASE("name_sort_key_ignores_case_spacing_normal_form_and_tone_placement") {
    CHECK(text::name_sort_key("NGUYỄN VĂN AN") == text::name_sort_key("Nguyễn Văn An"));
    CHECK(text::name_sort_key("  Nguyễn   Văn An ") == text::name_sort_key("Nguyễn Văn An"));
    CHECK(text::name_sort_key("Nguye\xCC\x82\xCC\x83n Va\xCC\x86n An") == text::name_sort_key("Nguyễn Văn An"));
    CHECK(text::name_sort_key("Lê Thị Hoà") == text::name_sort_key("Lê Thị Hòa"));
    CHECK(text::name_sort_key("Lê Thị Hòa") != text::name_sort_key("Lê Thị Hoa"));
}
