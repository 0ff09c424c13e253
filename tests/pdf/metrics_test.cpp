// Tests the font_metrics the writer gives layout.
#include <catch2/catch.hpp>

#include "sample_pages.hpp"

namespace {

// A writer with the serif family loaded.
std::unique_ptr<pdf::writer> serif_writer() {
    auto w = std::make_unique<pdf::writer>();
    vanthu::diagnostics problems;
    REQUIRE(w->load_fonts({sample::serif_family()}, problems));
    return w;
}

const model::font_key regular{"serif", false, false};
const model::font_key bold{"serif", true, false};

}  // namespace

TEST_CASE("text_width_is_the_sum_of_its_characters") {
    auto w = serif_writer();
    const char* letters[] = {"C", "ộ", "n", "g", " ", "h", "ò", "a"};
    double sum = 0;
    for (const char* c : letters) {
        double one = w->text_width(regular, c, 13);
        CHECK(one > 0);
        sum += one;
    }
    CHECK(w->text_width(regular, "Cộng hòa", 13) == Approx(sum).epsilon(1e-12));
}

TEST_CASE("text_width_scales_linearly_with_size") {
    auto w = serif_writer();
    double at13 = w->text_width(regular, "Cộng hòa", 13);
    CHECK(at13 > 13 * 2);  // eight characters are wider than two ems
    CHECK(w->text_width(regular, "Cộng hòa", 26) == Approx(2 * at13).epsilon(1e-12));
    CHECK(w->text_width(regular, "", 13) == 0);
}

TEST_CASE("bold_is_wider_than_regular") {
    auto w = serif_writer();
    CHECK(w->text_width(bold, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13) >
          w->text_width(regular, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13));
}

TEST_CASE("a_tone_mark_does_not_change_the_advance_of_its_vowel") {
    // Liberation Serif, like Times New Roman, gives precomposed vowels the base's advance.
    auto w = serif_writer();
    CHECK(w->text_width(regular, "ộ", 13) == w->text_width(regular, "o", 13));
    CHECK(w->text_width(regular, "Đ", 13) == w->text_width(regular, "D", 13));
}

TEST_CASE("ascent_and_descent_are_positive_and_scale") {
    auto w = serif_writer();
    double a = w->ascent(regular, 10);
    double d = w->descent(regular, 10);
    CHECK(a > 5);
    CHECK(a < 11);
    CHECK(d > 1);
    CHECK(d < 5);
    CHECK(w->ascent(regular, 20) == Approx(2 * a));
}

TEST_CASE("has_glyph_knows_vietnamese_and_not_chinese") {
    auto w = serif_writer();
    for (char32_t cp : {U'ộ', U'Đ', U'ư', U'Ỹ', U'ẫ'}) CHECK(w->has_glyph(regular, cp));
    CHECK_FALSE(w->has_glyph(regular, U'中'));
    CHECK_FALSE(w->has_glyph(regular, U'\U0001F600'));
}

TEST_CASE("an_unknown_family_measures_with_the_first_loaded_one") {
    auto w = serif_writer();
    CHECK(w->text_width({"sans", false, false}, "Số", 13) == w->text_width(regular, "Số", 13));
}
