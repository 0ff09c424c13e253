// Tests the streams of a written PDF: deflated before saving (pdf/deflate_streams), every one
// once, said so in its dictionary, inflating to what the document painted; and the page's text
// as paint.cpp writes it. Read back by zlib and poppler.
#include <catch2/catch.hpp>
#include <zlib.h>

#include "pdf/deflate_streams.hpp"
#include "pdf/pages.hpp"
#include "poppler.hpp"
#include "sample_pages.hpp"
#include "support/test_paths.hpp"

namespace {

// data inflated by zlib (the zlib format, as /FlateDecode reads it); false unless it is one
// whole zlib stream and nothing after it.
bool inflate_all(std::string_view data, std::string& out) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return false;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    out.clear();
    int status = Z_OK;
    char chunk[16384];
    while (status == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        status = inflate(&z, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - z.avail_out);
    }
    const bool whole = status == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    return whole;
}

// Whether a stream's /Filter is FlateDecode and nothing else (a name or an array of one).
bool flate_only(const pdf::value& dict) {
    const pdf::value* filter = dict.find("Filter");
    if (!filter) return false;
    if (filter->kind == pdf::value_kind::array) return filter->items.size() == 1 && filter->items[0].is_name("FlateDecode");
    return filter->is_name("FlateDecode");
}

}  // namespace

TEST_CASE("every_stream_is_deflated_once_says_flatedecode_and_inflates_to_what_was_painted", "[pdf]") {
    const std::string dir = test_paths::scratch_dir("pdf-deflate");
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    std::vector<std::string> lines;
    const std::string letters = dir + "/letters.pdf";
    sample::save(letters, w.write({sample::letters_page(w, lines)}, sample::minutes_metadata(), problems));
    REQUIRE(poppler::run("pdftoppm", "-r 20 -png -singlefile", letters, dir + "/emblem").status == 0);
    // Text in four faces and a PNG with its pixels: content, font programs, maps, an image.
    layout::page page = sample::letters_page(w, lines);
    page.images.push_back({dir + "/emblem.png", 100, 100, 120, 170});
    const std::string bytes = w.write({page}, sample::minutes_metadata(), problems);
    INFO(vanthu::format_diagnostics(problems));
    REQUIRE(problems.empty());

    auto file = pdf::pdf_file::read(bytes, problems);
    REQUIRE(file);
    int streams = 0, contents = 0, programs = 0, images = 0;
    for (std::uint32_t n = 1; n < file->object_count(); ++n) {
        const pdf::stored_object* obj = file->object(n, problems);
        REQUIRE(obj);
        if (!obj->is_stream) continue;
        INFO("object " << n);
        ++streams;
        CHECK(flate_only(obj->dict));
        std::string plain;
        REQUIRE(inflate_all(obj->data, plain));
        // Inflated once, each is what it was before deflating: never deflated a second time.
        if (plain.find(" Tj") != std::string::npos && plain.find("BT") != std::string::npos) ++contents;
        if (const pdf::value* length1 = obj->dict.find("Length1")) {
            CHECK(plain.compare(0, 4, std::string("\0\1\0\0", 4)) == 0);  // a TrueType file
            CHECK(length1->text == std::to_string(plain.size()));
            ++programs;
        }
        if (obj->dict.find("Width") && obj->dict.find("BitsPerComponent")) {
            std::size_t width = 0, height = 0;
            REQUIRE(obj->dict.find("Width")->to_count(width));
            REQUIRE(obj->dict.find("Height")->to_count(height));
            const bool gray = obj->dict.find("ColorSpace")->is_name("DeviceGray");
            CHECK(plain.size() == width * height * (gray ? 1 : 3));
            ++images;
        }
    }
    CHECK(contents >= 1);
    CHECK(programs == 4);  // the four faces of the letters page
    CHECK(images >= 1);
    CHECK(streams >= contents + 3 * programs + images);  // each face: program, CIDToGIDMap, ToUnicode
    const std::string path = dir + "/deflated.pdf";
    sample::save(path, bytes);
    const poppler::output text = poppler::run("pdftotext", "-raw -enc UTF-8", path);
    REQUIRE(text.status == 0);
    CHECK(text.err.empty());
    for (const std::string& line : lines) CHECK(text.out.find(line) != std::string::npos);
}

TEST_CASE("deflate_zlib_round_trips_through_zlib_from_empty_to_megabytes", "[pdf]") {
    std::string big;
    for (int i = 0; big.size() < 3u << 20; ++i) big += "Biên bản họp số " + std::to_string(i * 7919 % 100003) + " ";
    for (const std::string& bytes : {std::string(), std::string("BT /F1 12 Tf ET"), big}) {
        const std::string packed = pdf::deflate_zlib(bytes);
        std::string back;
        REQUIRE(inflate_all(packed, back));
        CHECK(back == bytes);
    }
    CHECK(pdf::deflate_zlib(big).size() < big.size() / 4);
}

TEST_CASE("a_text_is_written_as_two_bytes_a_character_in_a_literal_string_at_its_place_to_a_thousandth", "[pdf]") {
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    // The characters a literal string must escape, the BMP's Vietnamese, and a code whose low
    // byte is '(' (U+0128 Ĩ) and one whose low byte is CR (U+010D č).
    const std::string text = "Điều (1) \\ ỹ Ĩ č\r";
    layout::page page;
    page.width = 400;
    page.height = 300;
    layout::text_box box;
    box.x = 40.12349;
    box.y = 100;
    box.size = 14;
    box.font = {"serif", false, false};
    box.text = text;
    page.texts.push_back(box);
    const std::string bytes = w.write({page}, sample::minutes_metadata(), problems);
    INFO(vanthu::format_diagnostics(problems));
    REQUIRE(problems.empty());
    auto file = pdf::pdf_file::read(bytes, problems);
    REQUIRE(file);
    std::string content;
    for (std::uint32_t n = 1; n < file->object_count() && content.find(" Tj") == std::string::npos; ++n) {
        const pdf::stored_object* obj = file->object(n, problems);
        REQUIRE(obj);
        if (obj->is_stream) REQUIRE(inflate_all(obj->data, content));
    }
    const std::size_t at = content.find("BT\n40.123 200 Td\n(");
    REQUIRE(at != std::string::npos);
    // The string's bytes, escapes undone: each character's code point, high byte first.
    std::u16string codes;
    std::string raw;
    std::size_t i = content.find('(', at) + 1;
    for (; content[i] != ')'; ++i) {
        char c = content[i];
        CHECK(c != '\r');  // never bare: a reader would read it as LF
        CHECK(c != '(');
        if (c == '\\') {
            c = content[++i];
            if (c == 'r') c = '\r';
            if (c == 'n') c = '\n';
        }
        raw += c;
    }
    REQUIRE(raw.size() % 2 == 0);
    for (std::size_t k = 0; k < raw.size(); k += 2)
        codes += static_cast<char16_t>(static_cast<unsigned char>(raw[k]) << 8 | static_cast<unsigned char>(raw[k + 1]));
    CHECK(codes == u"Điều (1) \\ ỹ Ĩ č\r");
    CHECK(content.compare(i, 9, ") Tj\nET\n") == 0);
    const std::string path = test_paths::scratch_dir("pdf-text-literal") + "/text.pdf";
    sample::save(path, bytes);
    const poppler::output extracted = poppler::run("pdftotext", "-raw -enc UTF-8", path);
    REQUIRE(extracted.status == 0);
    CHECK(extracted.out.find("Điều (1) \\ ỹ Ĩ č") == 0);
}
