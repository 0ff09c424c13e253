// Images of a template: only well-formed PNGs inside the template folder reach libharu.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <cstdint>
#include <filesystem>

#include "hostile_support.hpp"
#include "support/test_paths.hpp"

using hostile::contains;
using hostile::good_meeting;
using hostile::render_bytes;
namespace fs = std::filesystem;

namespace {

// Four bytes, big-endian.
std::string be32(std::uint32_t v) {
    return {char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
}

// One PNG chunk with its CRC computed by zlib (an oracle independent of the code under test).
std::string chunk(const std::string& type, const std::string& data) {
    const std::string body = type + data;
    const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    return be32(static_cast<std::uint32_t>(data.size())) + body + be32(static_cast<std::uint32_t>(crc));
}

const std::string signature("\x89PNG\r\n\x1A\n", 8);

// IHDR data: width, height, depth, colour type, then compression, filter, interlace 0.
std::string ihdr(std::uint32_t w, std::uint32_t h, int depth, int colour) {
    return be32(w) + be32(h) + char(depth) + char(colour) + std::string(3, '\0');
}

// The line of img.xml that holds the image (its src attribute at column 12), set by folder_with_image.
int image_line = 0;

// A template folder whose template "img" is minutes.xml with an image first in its body.
std::string folder_with_image(const std::string& name, const std::string& src) {
    const std::string templates = hostile::copy_templates(name);
    std::string xml = test_paths::read_file(templates + "/minutes.xml");
    image_line = hostile::insert_after_body(xml, "    <image src=\"" + src + "\" width=\"20mm\"/>");
    hostile::write_bytes(templates + "/img.xml", xml);
    return templates;
}

// Renders the good meeting with template "img" from the folder.
hostile::render_outcome render_with(const std::string& name, const std::string& templates) {
    return render_bytes(name, good_meeting(), {"--templates", templates, "--template", "img"});
}

// Checks a refused image: exit 78, the message at the src attribute, nothing written.
void require_bad_image(const hostile::render_outcome& o, const std::string& message) {
    INFO("stderr: " << o.run.err.substr(0, 2000));
    CHECK(o.run.exit_code == 78);
    CHECK(contains(o.run.err, "img.xml:" + std::to_string(image_line) + ":12: " + message));
    CHECK(o.written.empty());
}

// Puts png bytes as bad.png in a fresh folder and renders a template using it.
hostile::render_outcome render_png(const std::string& name, const std::string& png) {
    const std::string templates = folder_with_image("png-" + name, "bad.png");
    hostile::write_bytes(templates + "/bad.png", png);
    return render_with("png-" + name, templates);
}

const std::string idat = chunk("IDAT", std::string("\x78\x9C\x63\x00\x00\x00\x01\x00\x01", 9));
const std::string iend = chunk("IEND", "");

}  // namespace

TEST_CASE("a_well_formed_png_inside_the_folder_is_drawn", "[hostile]") {
    const std::string templates = folder_with_image("png-good", "logo.png");
    fs::copy_file(test_paths::source("tests/tmpl/fixtures/logo-200x100.png"), templates + "/logo.png");
    auto o = render_with("png-good", templates);
    INFO(o.run.err);
    CHECK(o.run.exit_code == 0);
    CHECK(o.written == std::vector<std::string>{"hostile-1.pdf"});
}

TEST_CASE("images_outside_the_template_folder_are_refused", "[hostile]") {
    const std::string logo = test_paths::source("tests/tmpl/fixtures/logo-200x100.png");
    require_bad_image(render_with("img-dot-dot", folder_with_image("img-dot-dot", "../logo.png")),
                      "image '../logo.png' is outside the template folder");
    require_bad_image(render_with("img-absolute", folder_with_image("img-absolute", logo)),
                      "image '" + logo + "' is outside the template folder");
    const std::string templates = folder_with_image("img-symlink", "linked.png");
    fs::create_symlink(logo, templates + "/linked.png");
    require_bad_image(render_with("img-symlink", templates), "image 'linked.png' is outside the template folder");
}

TEST_CASE("malformed_pngs_are_refused_before_libharu_reads_them", "[hostile]") {
    const std::string good_header = chunk("IHDR", ihdr(1, 1, 8, 0));
    require_bad_image(render_png("not-png", "GIF89a..."), "image 'bad.png' is not a PNG file (no PNG signature)");
    require_bad_image(render_png("short-ihdr", signature + chunk("IHDR", ihdr(1, 1, 8, 0).substr(0, 12)) + idat + iend),
                      "image 'bad.png' is a malformed PNG: the first chunk is not a 13-byte IHDR");
    std::string bad_crc = signature + good_header + idat + iend;
    bad_crc[8 + 8 + 13] ^= 0x01;  // first byte of IHDR's CRC
    require_bad_image(render_png("bad-crc", bad_crc), "image 'bad.png' is a malformed PNG: chunk IHDR has a bad CRC");
    require_bad_image(render_png("zero-width", signature + chunk("IHDR", ihdr(0, 1, 8, 0)) + idat + iend),
                      "image 'bad.png' is a malformed PNG: a size of 0x1 pixels");
    require_bad_image(render_png("huge", signature + chunk("IHDR", ihdr(100000, 100000, 8, 6)) + idat + iend),
                      "image 'bad.png' is a malformed PNG: a size of 100000x100000 pixels");
    require_bad_image(render_png("depth", signature + chunk("IHDR", ihdr(1, 1, 3, 6)) + idat + iend),
                      "image 'bad.png' is a malformed PNG: bit depth 3 with colour type 6");
    require_bad_image(render_png("no-iend", signature + good_header + idat),
                      "image 'bad.png' is a malformed PNG: no IEND chunk (the file is cut short)");
    require_bad_image(render_png("no-plte", signature + chunk("IHDR", ihdr(1, 1, 8, 3)) + idat + iend),
                      "image 'bad.png' is a malformed PNG: a palette image without a PLTE chunk");
    std::string past_end = signature + good_header + idat + iend;
    past_end.replace(8 + 25, 4, be32(0x7FFFFFFF));  // IDAT claims 2 GiB
    require_bad_image(render_png("past-end", past_end), "image 'bad.png' is a malformed PNG: chunk IDAT runs past the end");
}

TEST_CASE("a_missing_image_says_it_is_not_in_the_template_folder", "[hostile]") {
    const std::string templates = folder_with_image("img-missing", "Logo CA.png");
    require_bad_image(render_with("img-missing", templates),
                      "cannot read image 'Logo CA.png': there is no such file in the template folder " + templates);
}

TEST_CASE("a_jpeg_image_is_named_as_a_jpeg_not_only_as_not_a_png", "[hostile]") {
    const std::string templates = folder_with_image("img-jpeg", "Logo CA.jpg");
    // The first bytes of a JFIF file: SOI, then an APP0 segment.
    hostile::write_bytes(templates + "/Logo CA.jpg", std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00", 14));
    require_bad_image(render_with("img-jpeg", templates),
                      "image 'Logo CA.jpg' is a JPEG file, not a PNG (only PNG images are drawn: save it as PNG)");
}

TEST_CASE("a_folder_named_as_an_image_is_not_a_file", "[hostile]") {
    const std::string templates = folder_with_image("img-folder", "logo.png");
    fs::create_directory(templates + "/logo.png");
    require_bad_image(render_with("img-folder", templates), "cannot read image 'logo.png': it is not a file");
}
