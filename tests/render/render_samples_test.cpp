// End to end: every sample renders, reads back exactly, embeds its fonts, repeats itself.
#include <catch2/catch.hpp>

#include <utf8proc.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <iterator>
#include <sstream>

#include "layout/page.hpp"
#include "pdf/font_program.hpp"
#include "pdf/pages.hpp"
#include "sample_support.hpp"
#include "support/test_paths.hpp"
#include "text/vietnamese.hpp"

using namespace sample_support;

namespace {

// The file name of a sample without folder and extension.
std::string stem(const std::string& path) {
    const auto slash = path.find_last_of('/');
    const std::string name = path.substr(slash + 1);
    return name.substr(0, name.rfind('.'));
}

// NFD of UTF-8 text, to build the decomposed twin of a record.
std::string to_nfd(const std::string& s) {
    utf8proc_uint8_t* out = nullptr;
    utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.c_str()), static_cast<utf8proc_ssize_t>(s.size()),
                 &out, static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STABLE));
    std::string result(reinterpret_cast<char*>(out));
    std::free(out);
    return result;
}

// The value of one "Name:   value" line of pdfinfo, without the padding.
std::string info_field(const std::string& info, const std::string& name) {
    std::istringstream lines(info);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(name + ":", 0) != 0) continue;
        const auto start = line.find_first_not_of(' ', name.size() + 1);
        return start == std::string::npos ? std::string() : line.substr(start);
    }
    return "(no " + name + " line)";
}

// The extracted text without the lines that hold only the number of their page, so that a
// paragraph running over a page break reads as one (a wrapped "2022" is not a page number).
std::string without_page_numbers(const std::string& extracted) {
    std::istringstream lines(extracted);
    std::string kept;
    std::size_t page = 1;
    for (std::string line; std::getline(lines, line);) {
        const std::size_t feeds = static_cast<std::size_t>(std::count(line.begin(), line.end(), '\f'));
        std::string bare = line;
        bare.erase(std::remove(bare.begin(), bare.end(), '\f'), bare.end());
        const bool number = bare == std::to_string(page) || bare == std::to_string(page + feeds);
        page += feeds;
        if (!number) kept += line + "\n";
    }
    return kept;
}

// A Flate stream's data inflated (empty when it does not inflate).
std::string inflated(std::string_view data) {
    std::string out(4u << 20, '\0');
    uLongf size = static_cast<uLongf>(out.size());
    if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                   static_cast<uLong>(data.size())) != Z_OK)
        return {};
    out.resize(size);
    return out;
}

// The codes a ToUnicode map lists (its bfrange lines "<first> <last> <first>").
std::vector<char32_t> codes_of(const std::string& cmap) {
    std::vector<char32_t> codes;
    std::istringstream lines(cmap);
    for (std::string line; std::getline(lines, line);) {
        unsigned first = 0, last = 0, to = 0;
        if (std::sscanf(line.c_str(), "<%x> <%x> <%x>", &first, &last, &to) != 3) continue;
        for (unsigned c = first; c <= last; ++c) codes.push_back(c);
    }
    return codes;
}

}  // namespace

TEST_CASE("every_sample_renders_and_reads_back_its_text", "[render][samples]") {
    const auto samples = sample_files();
    REQUIRE(samples.size() >= 4);
    for (const auto& file : samples) {
        INFO("sample " << file);
        const std::string bytes = test_paths::read_file(file);
        render::result r = render::render_record(bytes, source_tree_options());
        INFO(vanthu::format_diagnostics(r.problems));
        REQUIRE(r);
        REQUIRE(r.pdf.rfind("%PDF-", 0) == 0);

        auto text = run_poppler("pdftotext", {"-raw"}, r.pdf, "render-" + stem(file));
        CHECK(text.exit_code == 0);
        CHECK(text.err.empty());  // poppler has nothing to complain about
        std::string all_text = text.out;
        auto parsed = render::check_record(bytes, source_tree_options());
        if (parsed.value.kind == record::kind::certification) {
            // The decision's subject is printed by the annex list, not on the certificates.
            render::options annex = source_tree_options();
            annex.template_name = "annex";
            render::result a = render::render_record(bytes, annex);
            REQUIRE(a);
            all_text += "\f" + run_poppler("pdftotext", {"-raw"}, a.pdf, "annex-" + stem(file)).out;
        }
        const std::string extracted = text::to_upper(collapse(without_page_numbers(all_text)));
        for (const auto& leaf : text_leaves(parsed.value.root)) {
            INFO("text of the record: " << leaf);
            CHECK(extracted.find(text::to_upper(leaf)) != std::string::npos);
        }
    }
}

TEST_CASE("every_font_of_every_sample_is_embedded", "[render][samples]") {
    for (const auto& file : sample_files()) {
        INFO("sample " << file);
        render::result r = render::render_record(test_paths::read_file(file), source_tree_options());
        REQUIRE(r);
        auto fonts = run_poppler("pdffonts", {}, r.pdf, "fonts-" + stem(file));
        REQUIRE(fonts.exit_code == 0);
        CHECK(fonts.err.empty());
        int listed = 0;
        std::istringstream lines(fonts.out);
        // pdffonts: two header lines, then per font: name, type (2 words for
        // "CID TrueType"), encoding, emb, sub, uni, object, generation.
        for (std::string line; std::getline(lines, line);) {
            if (line.find("CID TrueType") == std::string::npos) continue;
            ++listed;
            std::istringstream words(line);
            std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
            INFO(line);
            REQUIRE(w.size() >= 7);
            CHECK(w[4] == "yes");  // embedded
            CHECK(w[5] == "yes");  // a subset
            CHECK(w[6] == "yes");  // has a ToUnicode map
        }
        CHECK(listed >= 1);
    }
}

// Each font's embedded subset holds, for every code its ToUnicode map lists (the codes painted),
// the face's glyph for that code: through the CIDToGIDMap, the same outline and advance.
TEST_CASE("every_code_a_sample_paints_has_its_faces_glyph_in_the_subset", "[render][samples][fonts]") {
    std::vector<std::shared_ptr<const pdf::font_program>> faces;
    for (const char* file : {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
                             "LiberationSerif-BoldItalic.ttf"}) {
        std::string why;
        faces.push_back(pdf::font_program::open(test_paths::source(std::string("fonts/") + file), why));
        REQUIRE(faces.back());
    }
    for (const auto& file : sample_files()) {
        INFO("sample " << file);
        render::result r = render::render_record(test_paths::read_file(file), source_tree_options());
        REQUIRE(r);
        vanthu::diagnostics problems;
        const auto pdf_read = pdf::pdf_file::read(r.pdf, problems);
        REQUIRE(pdf_read);
        std::size_t fonts = 0, codes_checked = 0;
        for (std::uint32_t n = 1; n < pdf_read->object_count(); ++n) {
            const pdf::stored_object* o = pdf_read->object(n, problems);
            if (!o || o->is_stream || !o->dict.find("Subtype") || !o->dict.find("Subtype")->is_name("Type0")) continue;
            ++fonts;
            const pdf::stored_object* cid = pdf_read->object(o->dict.find("DescendantFonts")->items.at(0).number, problems);
            REQUIRE(cid);
            const pdf::stored_object* descriptor = pdf_read->object(cid->dict.find("FontDescriptor")->number, problems);
            REQUIRE(descriptor);
            const std::string base = descriptor->dict.find("FontName")->text;
            INFO("font " << base);
            REQUIRE(base.size() > 7);
            CHECK(base[6] == '+');
            const auto face = std::find_if(faces.begin(), faces.end(),
                                           [&](const auto& f) { return f->metrics().name == base.substr(7); });
            REQUIRE(face != faces.end());
            std::string why;
            const auto subset = pdf::font_program::from_bytes(
                inflated(pdf_read->object(descriptor->dict.find("FontFile2")->number, problems)->data), why);
            REQUIRE(subset);
            const std::string map = inflated(pdf_read->object(cid->dict.find("CIDToGIDMap")->number, problems)->data);
            const std::vector<char32_t> codes =
                codes_of(inflated(pdf_read->object(o->dict.find("ToUnicode")->number, problems)->data));
            CHECK_FALSE(codes.empty());
            for (const char32_t cp : codes) {
                INFO("U+" << std::hex << static_cast<unsigned>(cp));
                REQUIRE(2 * cp + 1 < map.size());
                const auto gid = static_cast<std::uint16_t>(static_cast<unsigned char>(map[2 * cp]) << 8 |
                                                            static_cast<unsigned char>(map[2 * cp + 1]));
                const std::uint16_t original = (*face)->glyph_id(cp);
                CHECK(gid < subset->glyph_count());
                CHECK((gid != 0) == (original != 0));
                CHECK(subset->advance(gid) == (*face)->advance(original));
                const std::string_view outline = (*face)->outline(original);
                if (outline.empty() || static_cast<unsigned char>(outline[0]) < 0x80)
                    CHECK(subset->outline(gid).substr(0, outline.size()) == outline);
                else
                    CHECK(subset->outline(gid).size() >= outline.size());
                ++codes_checked;
            }
            // Nothing but the glyphs painted and their parts: far fewer than the face's 2,602.
            CHECK(subset->glyph_count() < 300);
        }
        CHECK(fonts >= 1);
        CHECK(codes_checked > 30);
    }
}

TEST_CASE("minutes_carry_the_nd30_header_and_date_line_exactly", "[render][samples]") {
    const std::string file = test_paths::source("samples/meeting-2022-08-01-pccc-models.xml");
    render::result r = render::render_record(test_paths::read_file(file), source_tree_options());
    REQUIRE(r);
    const std::string text = collapse(run_poppler("pdftotext", {"-raw"}, r.pdf, "nd30-header").out);
    CHECK(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") != std::string::npos);
    CHECK(text.find("Độc lập - Tự do - Hạnh phúc") != std::string::npos);
    CHECK(text.find("Hải Phòng, ngày 01 tháng 8 năm 2022") != std::string::npos);
    CHECK(text.find("BIÊN BẢN") != std::string::npos);
    CHECK(text.find("THƯ KÝ") != std::string::npos);
    CHECK(text.find("Nơi nhận:") != std::string::npos);
}

TEST_CASE("the_same_record_renders_to_the_same_bytes", "[render][determinism]") {
    const std::string bytes = test_paths::read_file(sample_files().front());
    render::result first = render::render_record(bytes, source_tree_options());
    render::result second = render::render_record(bytes, source_tree_options());
    REQUIRE(first);
    CHECK(first.pdf == second.pdf);
}

TEST_CASE("an_nfd_record_renders_to_the_bytes_of_its_nfc_twin", "[render][nfc]") {
    for (const auto& file : sample_files()) {
        INFO("sample " << file);
        const std::string nfc = test_paths::read_file(file);
        const std::string nfd = to_nfd(nfc);
        REQUIRE(nfd != nfc);
        render::result a = render::render_record(nfc, source_tree_options());
        render::result b = render::render_record(nfd, source_tree_options());
        REQUIRE(a);
        REQUIRE(b);
        CHECK(a.pdf == b.pdf);
    }
}

TEST_CASE("the_pdf_metadata_comes_from_the_record", "[render][metadata]") {
    const std::string file = test_paths::source("samples/meeting-2022-08-01-pccc-models.xml");
    const std::string bytes = test_paths::read_file(file);
    render::result r = render::render_record(bytes, source_tree_options());
    REQUIRE(r);
    auto parsed = render::check_record(bytes, source_tree_options());
    auto info = run_poppler("pdfinfo", {}, r.pdf, "metadata");
    REQUIRE(info.exit_code == 0);
    CHECK(info.err.empty());
    CHECK(info_field(info.out, "Title") == collapse(parsed.value.root.child("title")->str));
    CHECK(info_field(info.out, "Author") == parsed.value.root.child("issuer")->child("name")->str);
    CHECK(info_field(info.out, "Keywords") == parsed.value.id);
    CHECK(info_field(info.out, "Creator") == "vanthu");
    CHECK(info.out.find("2022") != std::string::npos);  // creation date from the record's date
}

TEST_CASE("layout_of_every_sample_matches_its_approved_dump", "[render][golden]") {
    for (const auto& file : sample_files()) {
        if (is_batch_sample(file)) continue;  // hundreds of pages: checked by counts (certificates_test.cpp)
        INFO("sample " << file << " (approve a change on purpose with tests/render/approve.sh)");
        render::options opts = source_tree_options();
        opts.keep_pages = true;
        render::result r = render::render_record(test_paths::read_file(file), opts);
        REQUIRE(r);
        const std::string golden = test_paths::source("tests/render/golden/" + stem(file) + ".layout.txt");
        const std::string approved = test_paths::read_file(golden);
        const std::string now = layout::dump_pages(r.pages);
        CHECK(now == approved);
    }
}
