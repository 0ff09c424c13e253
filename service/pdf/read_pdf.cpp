// Owns reading our own PDFs back: header, xref table, trailer, page tree, objects by offset.
#include "pdf/pages.hpp"

#include <algorithm>
#include <atomic>

namespace pdf {

namespace {

constexpr int max_tree_depth = 32;                 // page tree nesting we accept
constexpr std::size_t max_objects = 10'000'000;    // size of an xref table we accept
constexpr std::size_t max_sections = 10'000;        // incremental updates we follow
const char* const inheritable[] = {"Resources", "MediaBox", "CropBox", "Rotate"};

// "object 12 at byte 3456: message", the place of a problem as qpdf gives it.
void fail(vanthu::diagnostics& problems, std::uint32_t object, std::size_t offset, const std::string& message) {
    std::string where = object ? "object " + std::to_string(object) + " at byte " : "byte ";
    problems.error({}, "cannot read the PDF back: " + where + std::to_string(offset) + ": " + message,
                   "only PDFs written by vanthu's own writer can be split or merged");
}

// The offset after "startxref" near the end of the file; npos when absent.
std::size_t find_startxref(std::string_view bytes) {
    std::size_t tail = bytes.size() > 1024 ? bytes.size() - 1024 : 0;
    std::size_t at = bytes.rfind("startxref");
    if (at == std::string_view::npos || at < tail) return std::string_view::npos;
    cursor c{bytes, at + 9, {}};
    std::size_t offset = 0;
    return c.take_count(offset) ? offset : std::string_view::npos;
}

// The stream's length: a direct number or a reference to one.
bool stream_length(const pdf_file& file, const value& dict, std::size_t& length, vanthu::diagnostics& problems) {
    const value* len = dict.find("Length");
    if (!len) return false;
    if (len->kind == value_kind::reference) {
        const stored_object* target = file.object(len->number, problems);
        return target && !target->is_stream && target->dict.to_count(length);
    }
    return len->to_count(length);
}

}  // namespace

// Header, xref, trailer, pages; nullptr with diagnostics when any is wrong.
std::unique_ptr<pdf_file> pdf_file::read(std::string bytes, vanthu::diagnostics& problems) {
    static std::atomic<std::uint64_t> serials{0};
    std::unique_ptr<pdf_file> file(new pdf_file());
    file->serial_ = ++serials;
    file->bytes_ = std::move(bytes);
    std::string_view all = file->bytes_;
    if (all.substr(0, 5) != "%PDF-" || all.size() < 16) {
        fail(problems, 0, 0, "not a PDF (no %PDF- header)");
        return nullptr;
    }
    file->version_.assign(all.substr(5, 3));
    if (!file->read_xref(problems)) return nullptr;
    const value* root_ref = file->trailer_.find("Root");
    const stored_object* root = root_ref && root_ref->kind == value_kind::reference
                                    ? file->object(root_ref->number, problems) : nullptr;
    const value* pages = root ? root->dict.find("Pages") : nullptr;
    if (!pages || pages->kind != value_kind::reference) {
        fail(problems, root_ref ? root_ref->number : 0, 0, "no catalog with a page tree");
        return nullptr;
    }
    value start;
    start.kind = value_kind::dictionary;
    if (!file->collect_pages(*pages, 0, start, problems)) return nullptr;
    if (const value* info = file->trailer_.find("Info"); info && info->kind == value_kind::reference) {
        const stored_object* dict = file->object(info->number, problems);
        if (!dict || dict->dict.kind != value_kind::dictionary) return nullptr;
        file->info_ = dict->dict;
    }
    return file;
}

// The classic tables libharu and the signer write: the last section first, then each /Prev;
// an object's entry in a later section wins over an earlier one (an incremental update).
bool pdf_file::read_xref(vanthu::diagnostics& problems) {
    std::size_t start = find_startxref(bytes_);
    if (start == std::string_view::npos || start >= bytes_.size()) {
        fail(problems, 0, bytes_.size(), "no startxref at the end of the file");
        return false;
    }
    last_xref_ = start;
    std::vector<bool> known;        // per object number: a later section already gave it
    std::vector<std::size_t> seen;  // sections read, to stop on a /Prev loop
    for (std::size_t at = start;;) {
        if (std::find(seen.begin(), seen.end(), at) != seen.end() || seen.size() > max_sections) {
            fail(problems, 0, at, "the /Prev chain of cross-reference sections loops");
            return false;
        }
        seen.push_back(at);
        value section_trailer;
        if (!read_xref_section(at, known, section_trailer, problems)) return false;
        if (seen.size() == 1) trailer_ = section_trailer;
        if (section_trailer.find("Encrypt")) {
            fail(problems, 0, at, "the file is encrypted");
            return false;
        }
        const value* prev = section_trailer.find("Prev");
        if (!prev) break;
        if (!prev->to_count(at) || at >= bytes_.size()) {
            fail(problems, 0, at, "a trailer's /Prev is not an offset in the file");
            return false;
        }
    }
    revisions_ = seen.size();
    parsed_.resize(offsets_.size());
    loading_.assign(offsets_.size(), false);
    return true;
}

// One section at the offset: "xref", subsections of "offset generation n|f", "trailer <<>>".
// Entries of objects a later section gave (known) are left as they are.
bool pdf_file::read_xref_section(std::size_t start, std::vector<bool>& known, value& trailer,
                                 vanthu::diagnostics& problems) {
    cursor c{bytes_, start, {}};
    if (!c.take_keyword("xref")) {
        fail(problems, 0, start, "no classic xref table (cross-reference streams are not read)");
        return false;
    }
    std::size_t first = 0, count = 0;
    while (c.take_count(first) && c.take_count(count)) {
        if (first + count > max_objects) break;
        if (offsets_.size() < first + count) {
            offsets_.resize(first + count, 0);
            known.resize(first + count, false);
        }
        for (std::size_t i = 0; i < count; ++i) {
            std::size_t offset = 0, generation = 0;
            bool ok = c.take_count(offset) && c.take_count(generation);
            bool used = ok && c.take_keyword("n");
            if (!ok || !(used || c.take_keyword("f")) || offset >= bytes_.size()) {
                fail(problems, static_cast<std::uint32_t>(first + i), c.pos, "bad cross-reference entry");
                return false;
            }
            if (known[first + i]) continue;
            known[first + i] = true;
            offsets_[first + i] = used ? offset : 0;
        }
    }
    if (!c.take_keyword("trailer")) {
        fail(problems, 0, c.pos, "no trailer after the cross-reference table");
        return false;
    }
    trailer = parse_value(c);
    if (!c.error.empty() || trailer.kind != value_kind::dictionary) {
        fail(problems, 0, c.pos, "bad trailer" + (c.error.empty() ? "" : " (" + c.error + ")"));
        return false;
    }
    return true;
}

// Walks the page tree in order, carrying the inheritable entries down to each page.
bool pdf_file::collect_pages(const value& node, int depth, value inherited, vanthu::diagnostics& problems) {
    const stored_object* obj = node.kind == value_kind::reference ? object(node.number, problems) : nullptr;
    if (!obj || depth > max_tree_depth || ++tree_nodes_ > offsets_.size()) {
        fail(problems, node.number, 0, depth > max_tree_depth ? "page tree too deep" : "bad page tree node");
        return false;
    }
    for (const char* key : inheritable)
        if (const value* v = obj->dict.find(key)) {
            if (value* old = inherited.find(key)) *old = *v;
            else inherited.entries.emplace_back(key, *v);
        }
    const value* type = obj->dict.find("Type");
    if (type && type->is_name("Page")) {
        pages_.push_back(node.number);
        inherited_.push_back(std::move(inherited));
        return true;
    }
    const value* kids = obj->dict.find("Kids");
    if (!type || !type->is_name("Pages") || !kids || kids->kind != value_kind::array) {
        fail(problems, node.number, offsets_[node.number], "a page tree node is neither /Page nor /Pages with /Kids");
        return false;
    }
    for (const value& kid : kids->items)
        if (!collect_pages(kid, depth + 1, inherited, problems)) return false;
    return true;
}

// "n g obj value [stream ... endstream] endobj" at the object's offset, parsed once.
const stored_object* pdf_file::object(std::uint32_t number, vanthu::diagnostics& problems) const {
    if (number >= offsets_.size() || offsets_[number] == 0) {
        fail(problems, number, 0, "refers to an object that is not in the file");
        return nullptr;
    }
    if (parsed_[number]) return parsed_[number].get();
    if (loading_[number]) {
        fail(problems, number, offsets_[number], "the object refers to itself for its stream length");
        return nullptr;
    }
    std::size_t at = offsets_[number], found = 0, generation = 0;
    cursor c{bytes_, at, {}};
    if (!c.take_count(found) || found != number || !c.take_count(generation) || !c.take_keyword("obj")) {
        fail(problems, number, at, "the cross-reference offset does not point at the object");
        return nullptr;
    }
    auto obj = std::make_unique<stored_object>();
    obj->dict = parse_value(c);
    if (!c.error.empty()) {
        fail(problems, number, c.pos, c.error);
        return nullptr;
    }
    if (c.take_keyword("stream")) {
        std::size_t length = 0;
        if (c.pos < bytes_.size() && bytes_[c.pos] == '\r') ++c.pos;
        if (c.pos < bytes_.size() && bytes_[c.pos] == '\n') ++c.pos;
        std::size_t data_at = c.pos;
        loading_[number] = true;
        bool known = stream_length(*this, obj->dict, length, problems);
        loading_[number] = false;
        if (!known || length > bytes_.size() - data_at) {
            fail(problems, number, data_at, "a stream without a usable /Length");
            return nullptr;
        }
        c.pos = data_at + length;
        if (!c.take_keyword("endstream")) {
            fail(problems, number, c.pos, "the stream's /Length does not end at endstream");
            return nullptr;
        }
        obj->data = std::string_view(bytes_).substr(data_at, length);
        obj->is_stream = true;
    }
    if (!c.take_keyword("endobj")) {
        fail(problems, number, c.pos, "no endobj after the object");
        return nullptr;
    }
    parsed_[number] = std::move(obj);
    return parsed_[number].get();
}

void pdf_file::done_with(std::uint32_t number) const {
    if (!keep_parsed_ && number < parsed_.size()) parsed_[number].reset();
}

}  // namespace pdf
