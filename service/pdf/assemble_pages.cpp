// Owns page_assembler: copying pages with everything they refer to into a new, renumbered PDF.
#include "pdf/pages.hpp"

#include <cstdio>

namespace pdf {

namespace {

constexpr std::uint32_t catalog_number = 1;  // reserved numbers, written by finish
constexpr std::uint32_t pages_number = 2;
constexpr std::uint32_t info_number = 3;
constexpr std::uint32_t first_free_number = 4;
constexpr std::uint32_t parent_marker = 0xFFFFFFFF;  // stands for our page tree in a copied page

// Whether a copied object would drag another page tree into the output.
bool is_structure(const value& dict) {
    const value* type = dict.find("Type");
    return type && (type->is_name("Page") || type->is_name("Pages") || type->is_name("Catalog"));
}

// Appends "N 0 obj\n" and remembers where object N starts.
void open_object(std::string& out, std::vector<std::size_t>& offsets, std::uint32_t number) {
    if (offsets.size() <= number) offsets.resize(number + 1, 0);
    offsets[number] = out.size();
    out += std::to_string(number);
    out += " 0 obj\n";
}

}  // namespace

struct page_assembler::impl {
    std::string out;
    std::vector<std::size_t> offsets;  // per new object number; 0 = not written
    std::vector<std::uint32_t> kids;   // new numbers of the pages, in order
    std::uint32_t next = first_free_number;
    value info;                        // of the first source
    std::string version;
    std::uint64_t source = 0;          // serial of the file the map belongs to
    std::vector<std::uint32_t> map;    // its object numbers to ours; 0 = not copied yet
    std::vector<std::uint32_t> queue;  // its objects numbered but not written yet
    bool bad_reference = false;

    // Our number for the source's object, numbering (and queueing) it on first sight.
    std::uint32_t renumber(std::uint32_t number) {
        if (number == parent_marker) return pages_number;
        if (number >= map.size()) {
            bad_reference = true;
            return 0;
        }
        if (!map[number]) {
            map[number] = next++;
            queue.push_back(number);
        }
        return map[number];
    }

    // Writes one object under our number; a stream's data is copied as it is.
    void write_object(std::uint32_t number, const stored_object& obj) {
        open_object(out, offsets, number);
        write_value(obj.dict, out, [this](std::uint32_t n) { return renumber(n); });
        if (obj.is_stream) {
            out += "\nstream\r\n";
            out.append(obj.data.data(), obj.data.size());
            out += "\r\nendstream";
        }
        out += "\nendobj\n";
    }

    bool copy_page(const pdf_file& from, std::size_t index, vanthu::diagnostics& problems);
    bool copy_queued(const pdf_file& from, vanthu::diagnostics& problems);
    void start_output(const pdf_file& from);
};

// The header and the Info of the first source; a later source may raise the version.
void page_assembler::impl::start_output(const pdf_file& from) {
    if (out.empty()) {
        version = from.version();
        for (const auto& [key, item] : from.info().entries)
            if (item.kind != value_kind::reference) info.entries.emplace_back(key, item);
        info.kind = from.info().kind == value_kind::dictionary ? value_kind::dictionary : value_kind::null;
        out = "%PDF-" + version + "\n%\xB7\xBE\xAD\xAA\n";
    } else if (from.version() > version) {
        version = from.version();
        out.replace(5, 3, version);
    }
    if (source != from.serial()) {
        source = from.serial();
        map.assign(from.object_count(), 0);
    }
}

// The page dictionary under the new page tree, with its inherited entries made its own.
bool page_assembler::impl::copy_page(const pdf_file& from, std::size_t index, vanthu::diagnostics& problems) {
    std::uint32_t source_number = from.page_object(index);
    const stored_object* page = from.object(source_number, problems);
    if (!page) return false;
    value dict;
    dict.kind = value_kind::dictionary;
    for (const auto& [key, item] : page->dict.entries)
        if (key != "Parent") dict.entries.emplace_back(key, item);
    for (const auto& [key, item] : from.inherited(index).entries)
        if (!dict.find(key)) dict.entries.emplace_back(key, item);
    value parent;
    parent.kind = value_kind::reference;
    parent.number = parent_marker;
    dict.entries.emplace_back("Parent", parent);
    if (source_number < map.size() && map[source_number]) {
        problems.error({}, "cannot copy page " + std::to_string(index + 1) + " twice into one PDF");
        return false;
    }
    stored_object copy;
    copy.dict = std::move(dict);
    std::uint32_t number = renumber(source_number);
    queue.pop_back();  // the page is written here, not from the queue
    kids.push_back(number);
    write_object(number, copy);
    return copy_queued(from, problems);
}

// Writes every object the copied ones refer to, until none is left.
bool page_assembler::impl::copy_queued(const pdf_file& from, vanthu::diagnostics& problems) {
    while (!queue.empty() && !bad_reference) {
        std::uint32_t source_number = queue.back();
        queue.pop_back();
        const stored_object* obj = from.object(source_number, problems);
        if (!obj) return false;
        if (is_structure(obj->dict)) {
            problems.error({}, "cannot copy a page: it refers to object " + std::to_string(source_number) +
                                   ", a page, page tree or catalog");
            return false;
        }
        write_object(map[source_number], *obj);
    }
    if (bad_reference) problems.error({}, "cannot copy a page: a reference points past the end of the xref table");
    return !bad_reference;
}

page_assembler::page_assembler() : self_(std::make_unique<impl>()) {}
page_assembler::~page_assembler() = default;

// Copies the pages one after the other, each with what it needs.
bool page_assembler::add_pages(const pdf_file& from, std::size_t first, std::size_t count,
                               vanthu::diagnostics& problems) {
    if (first > from.page_count() || count > from.page_count() - first) {
        problems.error({}, "cannot copy pages " + std::to_string(first + 1) + "-" + std::to_string(first + count) +
                               ": the PDF has " + std::to_string(from.page_count()));
        return false;
    }
    self_->start_output(from);
    for (std::size_t i = first; i < first + count; ++i)
        if (!self_->copy_page(from, i, problems)) return false;
    return true;
}

// The output's length so far.
std::size_t page_assembler::size() const { return self_->out.size(); }

// Grows the output buffer once, ahead of the copies.
void page_assembler::reserve(std::size_t bytes) {
    if (bytes > self_->out.capacity()) self_->out.reserve(bytes);
}

// Catalog, page tree, Info, xref and trailer after the copied objects.
std::string page_assembler::finish() {
    impl& me = *self_;
    open_object(me.out, me.offsets, catalog_number);
    me.out += "<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n";
    open_object(me.out, me.offsets, pages_number);
    me.out += "<<\n/Type /Pages\n/Kids [";
    for (std::uint32_t kid : me.kids) me.out += ' ' + std::to_string(kid) + " 0 R";
    me.out += " ]\n/Count " + std::to_string(me.kids.size()) + "\n>>\nendobj\n";
    if (me.info.kind == value_kind::dictionary) {
        open_object(me.out, me.offsets, info_number);
        write_value_as_is(me.info, me.out);
        me.out += "\nendobj\n";
    }
    me.offsets.resize(me.next, 0);
    std::size_t xref_at = me.out.size();
    me.out += "xref\n0 " + std::to_string(me.offsets.size()) + "\n0000000000 65535 f\r\n";
    for (std::size_t i = 1; i < me.offsets.size(); ++i) {
        char entry[24];
        std::snprintf(entry, sizeof entry, "%010zu %05d %c\r\n", me.offsets[i], me.offsets[i] ? 0 : 65535,
                      me.offsets[i] ? 'n' : 'f');
        me.out += entry;
    }
    me.out += "trailer\n<<\n/Root 1 0 R\n";
    if (me.info.kind == value_kind::dictionary) me.out += "/Info 3 0 R\n";
    me.out += "/Size " + std::to_string(me.offsets.size()) + "\n>>\nstartxref\n" + std::to_string(xref_at) +
              "\n%%EOF\n";
    std::string done = std::move(me.out);
    me = impl{};
    return done;
}

}  // namespace pdf
