// Helpers of the bind tests: records from text, texts of blocks, finding paragraphs.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "bind/bind.hpp"
#include "support/test_paths.hpp"
#include "tmpl/template.hpp"

namespace bind_support {

// A record parsed from XML text; fails the test when it is rejected.
inline record::record parse(const std::string& xml) {
    record::parse_result r = record::parse_record(xml);
    INFO(vanthu::format_diagnostics(r.problems));
    REQUIRE(r);
    return std::move(r.value);
}

// The meeting of tests/bind/data/meeting.xml, with `edit` applied as (from, to) replacements.
inline record::record meeting(const std::vector<std::pair<std::string, std::string>>& edits = {}) {
    std::string xml = test_paths::read_file(test_paths::source("tests/bind/data/meeting.xml"));
    for (const auto& e : edits) {
        std::size_t at = xml.find(e.first);
        REQUIRE(at != std::string::npos);
        xml.replace(at, e.first.size(), e.second);
    }
    return parse(xml);
}

// A one-off template written as <dir>/<name>.xml in a scratch folder and loaded; fails the
// test when it does not load.
struct scratch_template {
    std::string dir;
    std::shared_ptr<const tmpl::template_def> def;
};
inline scratch_template load_scratch_template(const std::string& scratch, const std::string& name,
                                              const std::string& xml) {
    scratch_template out{test_paths::scratch_dir(scratch), nullptr};
    std::ofstream(out.dir + "/" + name + ".xml", std::ios::binary) << xml;
    tmpl::load_result t = tmpl::load_template(out.dir, name);
    INFO(vanthu::format_diagnostics(t.problems));
    REQUIRE(t);
    out.def = t.value;
    return out;
}

// A template's document for a record; fails the test on any error.
inline model::document bind_with(const std::string& dir, const std::string& name, const record::record& r) {
    tmpl::load_result t = tmpl::load_template(dir, name);
    INFO(vanthu::format_diagnostics(t.problems));
    REQUIRE(t);
    bind::bind_result b = bind::bind_document(*t.value, r, {test_paths::source("fonts"), dir});
    INFO(vanthu::format_diagnostics(b.problems));
    REQUIRE(b);
    return b.doc;
}

// The text of runs, "\n" for a line break.
inline std::string text_of(const std::vector<model::run>& runs) {
    std::string out;
    for (const model::run& r : runs) out += r.line_break ? "\n" : r.text;
    return out;
}

// Every paragraph, depth first (inside columns, tables, groups).
inline void collect_paragraphs(const std::vector<model::block>& blocks, std::vector<const model::paragraph*>& out) {
    for (const model::block& b : blocks) {
        if (b.what == model::block::kind::paragraph) out.push_back(&b.p);
        for (const model::column& c : b.cols.cols) collect_paragraphs(c.blocks, out);
        for (const auto* rows : {&b.tbl.header, &b.tbl.rows})
            for (const model::table_row& r : *rows)
                for (const model::table_cell& c : r.cells) collect_paragraphs(c.blocks, out);
        collect_paragraphs(b.grp.blocks, out);
    }
}

// The texts of every paragraph in order.
inline std::vector<std::string> paragraph_texts(const model::document& doc) {
    std::vector<const model::paragraph*> ps;
    collect_paragraphs(doc.blocks, ps);
    std::vector<std::string> out;
    for (const model::paragraph* p : ps) out.push_back(text_of(p->runs));
    return out;
}

// The first paragraph whose text starts with `start`; fails the test when there is none.
inline const model::paragraph& find_paragraph(const model::document& doc, const std::string& start) {
    static std::vector<const model::paragraph*> ps;
    ps.clear();
    collect_paragraphs(doc.blocks, ps);
    for (const model::paragraph* p : ps)
        if (text_of(p->runs).rfind(start, 0) == 0) return *p;
    FAIL("no paragraph starts with '" << start << "'");
    return *ps.front();
}

// Whether a paragraph starting with `start` exists.
inline bool has_paragraph(const model::document& doc, const std::string& start) {
    for (const std::string& t : paragraph_texts(doc))
        if (t.rfind(start, 0) == 0) return true;
    return false;
}

}  // namespace bind_support
