// Owns the hand-made fonts, pages and metadata the PDF tests share.
#include "sample_pages.hpp"

#include <fstream>

#include "support/test_paths.hpp"

namespace sample {

// Liberation Serif from the source tree.
model::document::font_family serif_family() {
    std::string dir = test_paths::source("fonts/");
    return {"serif", dir + "LiberationSerif-Regular.ttf", dir + "LiberationSerif-Bold.ttf",
            dir + "LiberationSerif-Italic.ttf", dir + "LiberationSerif-BoldItalic.ttf"};
}

// All vowels with all tones, both cases, and đ Đ.
std::vector<std::string> vietnamese_letter_lines() {
    return {
        "a à ả ã á ạ ă ằ ẳ ẵ ắ ặ â ầ ẩ ẫ ấ ậ",
        "e è ẻ ẽ é ẹ ê ề ể ễ ế ệ i ì ỉ ĩ í ị",
        "o ò ỏ õ ó ọ ô ồ ổ ỗ ố ộ ơ ờ ở ỡ ớ ợ",
        "u ù ủ ũ ú ụ ư ừ ử ữ ứ ự y ỳ ỷ ỹ ý ỵ",
        "A À Ả Ã Á Ạ Ă Ằ Ẳ Ẵ Ắ Ặ Â Ầ Ẩ Ẫ Ấ Ậ",
        "E È Ẻ Ẽ É Ẹ Ê Ề Ể Ễ Ế Ệ I Ì Ỉ Ĩ Í Ị",
        "O Ò Ỏ Õ Ó Ọ Ô Ồ Ổ Ỗ Ố Ộ Ơ Ờ Ở Ỡ Ớ Ợ",
        "U Ù Ủ Ũ Ú Ụ Ư Ừ Ử Ữ Ứ Ự Y Ỳ Ỷ Ỹ Ý Ỵ",
        "đ Đ Cộng hòa xã hội chủ nghĩa Việt Nam",
    };
}

// The letters in four faces, a rule and a red frame.
layout::page letters_page(const pdf::writer& metrics, std::vector<std::string>& lines) {
    layout::page page;
    page.width = 595.276;
    page.height = 841.89;
    const bool styles[4][2] = {{false, false}, {true, false}, {false, true}, {true, true}};
    double y = 60;
    lines.clear();
    for (const auto& style : styles) {
        for (const auto& text : vietnamese_letter_lines()) {
            layout::text_box box;
            box.x = 85;
            box.y = y;
            box.font = {"serif", style[0], style[1]};
            box.size = 12;
            box.text = text;
            box.width = metrics.text_width(box.font, text, box.size);
            page.texts.push_back(box);
            lines.push_back(text);
            y += 19;
        }
    }
    layout::line_box rule;
    rule.x1 = 85;
    rule.x2 = 300;
    rule.y1 = rule.y2 = 40;
    page.lines.push_back(rule);
    layout::rect_box frame;
    frame.x = 30;
    frame.y = 30;
    frame.width = page.width - 60;
    frame.height = page.height - 60;
    frame.stroke = {0.6, 0, 0};
    page.rects.push_back(frame);
    return page;
}

// A Vietnamese title, author and a fixed date.
model::metadata minutes_metadata() {
    model::metadata meta;
    meta.title = "Biên bản họp rút kinh nghiệm công tác quý III";
    meta.author = "Phòng Cảnh sát PCCC và CNCH";
    meta.subject = "Biên bản";
    meta.keywords = "BB-2022-0815";
    meta.year = 2022;
    meta.month = 8;
    meta.day = 15;
    meta.hour = 8;
    meta.minute = 30;
    return meta;
}

// Writes the bytes as they are.
void save(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

}  // namespace sample
