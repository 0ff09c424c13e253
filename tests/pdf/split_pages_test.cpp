// Tests of the page copier: our PDFs read back, cut into parts and merged, checked by poppler.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>

#include "pdf/pages.hpp"
#include "poppler.hpp"
#include "sample_pages.hpp"
#include "support/test_paths.hpp"

namespace {

// A page with one line of text in the given face.
layout::page text_page(const std::string& text, bool bold) {
    layout::page page;
    page.width = 400;
    page.height = 300;
    layout::text_box line;
    line.x = 40;
    line.y = 100;
    line.size = 14;
    line.font = {"serif", bold, false};
    line.text = text;
    page.texts.push_back(line);
    return page;
}

// Lines of Vietnamese, one per page of the batch.
const std::vector<std::string>& batch_lines() {
    static const std::vector<std::string> lines{"Nguyễn Thị Đoan Trang", "TỔ DÂN PHỐ SỐ 7 PHƯỜNG ĐÔNG KHÊ",
                                                "Đội Cảnh sát PCCC và CNCH", "Giấy khen tặng ông Phạm Văn Đức"};
    return lines;
}

// Our writer's PDF with one page per batch line, alternating regular and bold faces.
std::string write_batch() {
    pdf::writer w;
    vanthu::diagnostics problems;
    REQUIRE(w.load_fonts({sample::serif_family()}, problems));
    std::vector<layout::page> pages;
    for (std::size_t i = 0; i < batch_lines().size(); ++i) pages.push_back(text_page(batch_lines()[i], i % 2 == 1));
    std::string bytes = w.write(pages, sample::minutes_metadata(), problems);
    INFO(vanthu::format_diagnostics(problems));
    REQUIRE(problems.empty());
    return bytes;
}

// Reads PDF bytes back, requiring success.
std::unique_ptr<pdf::pdf_file> read_ok(std::string bytes) {
    vanthu::diagnostics problems;
    auto file = pdf::pdf_file::read(std::move(bytes), problems);
    INFO(vanthu::format_diagnostics(problems));
    REQUIRE(file);
    REQUIRE(problems.empty());
    return file;
}

// Splits the batch into the given parts, returning the files.
std::vector<std::string> split_batch(const std::vector<std::size_t>& parts) {
    auto file = read_ok(write_batch());
    std::vector<std::string> out;
    vanthu::diagnostics problems;
    bool ok = pdf::split_pages(*file, parts, [&](std::size_t part, std::string pdf) {
        CHECK(part == out.size());
        out.push_back(std::move(pdf));
        return true;
    }, problems);
    INFO(vanthu::format_diagnostics(problems));
    REQUIRE(ok);
    return out;
}

// pdftotext -raw of bytes saved under the scratch folder.
poppler::output text_of(const std::string& bytes, const std::string& name) {
    // A folder per name: test cases run as parallel processes, and scratch_dir empties its folder.
    std::string path = test_paths::scratch_dir("pdf-split-text-" + name) + "/" + name + ".pdf";
    sample::save(path, bytes);
    return poppler::run("pdftotext", "-raw -enc UTF-8", path);
}

// Whether qpdf is installed (its check is stricter than poppler's).
bool have_qpdf() { return std::system("command -v qpdf >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("split_pages_gives_each_page_as_a_standalone_pdf_with_its_exact_text") {
    std::vector<std::string> parts = split_batch({1, 1, 1, 1});
    REQUIRE(parts.size() == batch_lines().size());
    for (std::size_t i = 0; i < parts.size(); ++i) {
        poppler::output text = text_of(parts[i], "part-" + std::to_string(i));
        CHECK(text.status == 0);
        CHECK(text.err.empty());
        CHECK(text.out == batch_lines()[i] + "\n\f");
    }
}

TEST_CASE("split_pages_embeds_the_fonts_each_part_uses_and_only_those") {
    std::vector<std::string> parts = split_batch({1, 1, 1, 1});
    std::string dir = test_paths::scratch_dir("pdf-split-fonts");
    for (std::size_t i = 0; i < 2; ++i) {
        std::string path = dir + "/part-" + std::to_string(i) + ".pdf";
        sample::save(path, parts[i]);
        poppler::output fonts = poppler::run("pdffonts", "", path);
        REQUIRE(fonts.status == 0);
        CHECK(fonts.err.empty());
        const bool bold_line = fonts.out.find("LiberationSerif-Bold") != std::string::npos;
        const bool regular_line = fonts.out.find("LiberationSerif ") != std::string::npos;
        CHECK(bold_line == (i == 1));
        CHECK(regular_line == (i == 0));
        CHECK(fonts.out.find(" no ") == std::string::npos);  // "emb" column: every font embedded
    }
}

TEST_CASE("split_pages_keeps_several_pages_of_one_part_in_order") {
    std::vector<std::string> parts = split_batch({3, 1});
    REQUIRE(parts.size() == 2);
    poppler::output text = text_of(parts[0], "three-pages");
    CHECK(text.out == batch_lines()[0] + "\n\f" + batch_lines()[1] + "\n\f" + batch_lines()[2] + "\n\f");
}

TEST_CASE("split_pages_keeps_the_info_dictionary") {
    std::vector<std::string> parts = split_batch({2, 2});
    std::string path = test_paths::scratch_dir("pdf-split-info") + "/part.pdf";
    sample::save(path, parts[1]);
    poppler::output info = poppler::run("pdfinfo", "", path);
    CHECK(poppler::field(info.out, "Title") == sample::minutes_metadata().title);
    CHECK(poppler::field(info.out, "Pages") == "2");
}

// What makes a part smaller than its chunk's objects: each stream's length in its dictionary
// (libharu's /Length objects are not copied) and the Info's UTF-16 texts as literal strings,
// not hex; pdfinfo reads the same texts.
TEST_CASE("split_parts_write_stream_lengths_directly_and_info_texts_as_literal_strings") {
    std::vector<std::string> parts = split_batch({2, 2});
    vanthu::diagnostics problems;
    std::unique_ptr<pdf::pdf_file> part = pdf::pdf_file::read(parts[1], problems);
    REQUIRE(part);
    std::size_t streams = 0;
    for (std::uint32_t n = 1; n < part->object_count(); ++n) {
        const pdf::stored_object* obj = part->object(n, problems);
        REQUIRE(obj);
        CHECK_FALSE((obj->dict.kind == pdf::value_kind::number && !obj->is_stream));  // no bare length object
        if (!obj->is_stream) continue;
        ++streams;
        const pdf::value* length = obj->dict.find("Length");
        REQUIRE(length);
        REQUIRE(length->kind == pdf::value_kind::number);
        CHECK(length->text == std::to_string(obj->data.size()));
    }
    CHECK(streams >= 4);  // the pages' contents and a font's program, W map and ToUnicode at least
    const pdf::value* title = part->info().find("Title");
    REQUIRE(title);
    CHECK(title->text.front() == '(');
    CHECK(pdf::string_bytes(*title).substr(0, 2) == "\xFE\xFF");
    CHECK(problems.items.empty());
    std::string path = test_paths::scratch_dir("pdf-split-literal") + "/part.pdf";
    sample::save(path, parts[1]);
    poppler::output info = poppler::run("pdfinfo", "", path);
    CHECK(poppler::field(info.out, "Title") == sample::minutes_metadata().title);
    CHECK(poppler::field(info.out, "Author") == sample::minutes_metadata().author);
}

TEST_CASE("split_pages_output_is_deterministic") {
    CHECK(split_batch({1, 2, 1}) == split_batch({1, 2, 1}));
}

TEST_CASE("merge_pdfs_gives_every_page_of_every_file_in_order") {
    auto first = read_ok(write_batch());
    std::vector<std::string> one = split_batch({1, 1, 1, 1});
    auto second = read_ok(one[3]);
    vanthu::diagnostics problems;
    std::string merged = pdf::merge_pdfs({first.get(), second.get()}, problems);
    INFO(vanthu::format_diagnostics(problems));
    REQUIRE(problems.empty());
    poppler::output text = text_of(merged, "merged");
    std::string expected;
    for (const auto& line : batch_lines()) expected += line + "\n\f";
    expected += batch_lines()[3] + "\n\f";
    CHECK(text.err.empty());
    CHECK(text.out == expected);
    auto again = read_ok(merged);  // our own output reads back too
    CHECK(again->page_count() == 5);
}

TEST_CASE("split_and_merged_files_pass_qpdf_check_when_qpdf_is_installed") {
    if (!have_qpdf()) return;
    std::string dir = test_paths::scratch_dir("pdf-split-qpdf");
    std::vector<std::string> parts = split_batch({1, 3});
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string path = dir + "/part-" + std::to_string(i) + ".pdf";
        sample::save(path, parts[i]);
        CHECK(std::system(("qpdf --check '" + path + "' >/dev/null 2>&1").c_str()) == 0);
    }
}

TEST_CASE("a_damaged_pdf_gives_a_diagnostic_never_a_crash") {
    const std::string good = write_batch();
    auto damaged = [&](std::size_t at, std::size_t count, const std::string& with) {
        std::string bytes = good;
        bytes.replace(at, count, with);
        return bytes;
    };
    const std::size_t first_entry = good.find("\r\n", good.rfind("xref\n")) + 2;  // object 1's entry
    const std::size_t first_stream = good.find("/Length");
    std::vector<std::pair<std::string, std::string>> cases{
        {"not a pdf", "hello"},
        {"empty", ""},
        {"no startxref", good.substr(0, good.rfind("startxref"))},
        {"cut in half", good.substr(0, good.size() / 2)},
        {"xref offset points elsewhere", damaged(first_entry, 10, "0000000100")},
        {"stream length wrong", damaged(first_stream, 7, "/Length 99999999 ")},
        {"trailer garbage", damaged(good.rfind("trailer"), 7, "tr@iler")},
        {"unterminated dictionary", damaged(good.find("<<"), 2, "<<<<<<<<")},
    };
    for (const auto& [what, bytes] : cases) {
        INFO(what);
        vanthu::diagnostics problems;
        auto file = pdf::pdf_file::read(bytes, problems);
        bool failed = !file;
        if (file) {  // a damage the reader tolerates must still not crash the copier
            pdf::page_assembler all;
            failed = !all.add_pages(*file, 0, file->page_count(), problems);
        }
        CHECK(failed == problems.has_errors());
        CHECK(failed);
        if (!problems.items.empty()) CHECK(problems.items.front().message.find("cannot") == 0);
    }
}

TEST_CASE("a_page_tree_that_loops_gives_a_diagnostic") {
    // A hand-made file whose page tree lists itself as a kid.
    std::string body = "%PDF-1.3\n";
    std::vector<std::size_t> at;
    auto add = [&](const std::string& obj) {
        at.push_back(body.size());
        body += std::to_string(at.size()) + " 0 obj\n" + obj + "\nendobj\n";
    };
    add("<< /Type /Catalog /Pages 2 0 R >>");
    add("<< /Type /Pages /Kids [ 2 0 R ] /Count 1 >>");
    std::size_t xref = body.size();
    body += "xref\n0 3\n0000000000 65535 f\r\n";
    for (std::size_t offset : at) {
        char entry[24];
        std::snprintf(entry, sizeof entry, "%010zu 00000 n\r\n", offset);
        body += entry;
    }
    body += "trailer\n<< /Root 1 0 R /Size 3 >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    vanthu::diagnostics problems;
    CHECK_FALSE(pdf::pdf_file::read(body, problems));
    CHECK(problems.has_errors());
}

namespace {

// Three read-backs of the batch (each its own source, so each brings its fonts: over 256 kB).
std::vector<std::unique_ptr<pdf::pdf_file>> three_batches() {
    std::vector<std::unique_ptr<pdf::pdf_file>> files;
    for (int i = 0; i < 3; ++i) files.push_back(read_ok(write_batch()));
    return files;
}

}  // namespace

TEST_CASE("an_assembler_with_a_sink_sends_the_same_bytes_as_one_that_keeps_them_while_pages_are_added") {
    auto files = three_batches();
    vanthu::diagnostics problems;
    pdf::page_assembler kept;
    std::vector<std::string> pieces;
    std::size_t sent_before_close = 0;
    pdf::page_assembler streamed([&](std::string_view bytes, std::string&) {
        pieces.emplace_back(bytes);
        return true;
    });
    // Enough pages to pass the sink's threshold (a few hundred kB) well before the end.
    std::size_t rounds = 0;
    while (kept.size() < 1024 * 1024) {
        for (const auto& file : files) {
            REQUIRE(kept.add_pages(*file, 0, file->page_count(), problems));
            REQUIRE(streamed.add_pages(*file, 0, file->page_count(), problems));
            CHECK(streamed.size() == kept.size());
        }
        ++rounds;
    }
    sent_before_close = pieces.size();
    REQUIRE(streamed.close(problems));
    INFO(vanthu::format_diagnostics(problems));
    CHECK(problems.empty());
    std::string joined;
    for (const auto& piece : pieces) joined += piece;
    const std::string whole = kept.finish();
    CHECK(joined == whole);
    CHECK(sent_before_close >= 1);  // bytes went out before the end: the output is not held
    CHECK(read_ok(joined)->page_count() == rounds * 3 * batch_lines().size());
}

TEST_CASE("an_assembler_whose_sink_refuses_stops_with_the_sinks_message") {
    auto files = three_batches();
    vanthu::diagnostics problems;
    int calls = 0;
    pdf::page_assembler streamed([&](std::string_view, std::string& message) {
        ++calls;
        message = "cannot write out.pdf: No space left on device";
        return false;
    });
    bool ok = true;
    for (const auto& file : files)
        if (ok) ok = streamed.add_pages(*file, 0, file->page_count(), problems);
    if (ok) ok = streamed.close(problems);
    CHECK_FALSE(ok);
    CHECK(calls == 1);
    REQUIRE(problems.has_errors());
    CHECK(problems.items.back().message == "cannot write out.pdf: No space left on device");
}

TEST_CASE("files_that_let_each_object_go_once_copied_assemble_to_the_same_bytes", "[pdf][merge]") {
    auto kept = three_batches();
    auto released = three_batches();
    vanthu::diagnostics problems;
    pdf::page_assembler a, b;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        released[i]->keep_parsed(false);
        REQUIRE(a.add_pages(*kept[i], 0, kept[i]->page_count(), problems));
        REQUIRE(b.add_pages(*released[i], 0, released[i]->page_count(), problems));
    }
    INFO(vanthu::format_diagnostics(problems));
    CHECK(problems.empty());
    const std::string whole = a.finish();
    CHECK(b.finish() == whole);
    CHECK(read_ok(whole)->page_count() == 3 * batch_lines().size());
    // Read again after the copying, an object let go is parsed anew, the same.
    vanthu::diagnostics again;
    const pdf::stored_object* page = released[0]->object(released[0]->page_object(0), again);
    REQUIRE(page);
    CHECK(page->dict.find("Contents") != nullptr);
}
