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
constexpr std::size_t flush_bytes = 256 * 1024;      // with a sink, bytes kept before they go out

// Whether a copied object would drag another page tree into the output.
bool is_structure(const value& dict) {
    const value* type = dict.find("Type");
    return type && (type->is_name("Page") || type->is_name("Pages") || type->is_name("Catalog"));
}

}  // namespace

struct page_assembler::impl {
    byte_sink sink;                    // empty: the whole output stays in out
    std::string out;                   // the output, or with a sink what has not gone out yet
    std::size_t sent = 0;              // bytes already handed to the sink
    bool started = false;              // the header is written
    std::string raised_version;        // a version raised after the header went out (catalog /Version)
    std::vector<std::size_t> offsets;  // per new object number; 0 = not written
    std::vector<std::uint32_t> kids;   // new numbers of the pages, in order
    std::uint32_t next = first_free_number;
    value info;                        // of the first source
    std::string version;
    std::uint64_t source = 0;          // serial of the file the map belongs to
    std::vector<std::uint32_t> map;    // its object numbers to ours; 0 = not copied yet
    std::vector<std::uint32_t> queue;  // its objects numbered but not written yet
    bool bad_reference = false;

    // Where the next byte goes in the output.
    std::size_t position() const { return sent + out.size(); }

    // Appends "N 0 obj\n" and remembers where object N starts.
    void open_object(std::uint32_t number) {
        if (offsets.size() <= number) offsets.resize(number + 1, 0);
        offsets[number] = position();
        out += std::to_string(number);
        out += " 0 obj\n";
    }

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

    // Writes one object under our number; a stream's data is copied as it is, its length
    // written in its dictionary: libharu's /Length objects (an object and an xref entry, about
    // 40 bytes a stream) are left behind.
    void write_object(std::uint32_t number, const stored_object& obj) {
        open_object(number);
        const auto renumbered = [this](std::uint32_t n) { return renumber(n); };
        const value* length = obj.is_stream ? obj.dict.find("Length") : nullptr;
        if (length && length->kind == value_kind::reference) {
            value dict = obj.dict;
            value* direct = dict.find("Length");
            direct->kind = value_kind::number;
            direct->text = std::to_string(obj.data.size());
            write_value(dict, out, renumbered);
        } else {
            write_value(obj.dict, out, renumbered);
        }
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
    bool send(vanthu::diagnostics& problems);
    bool write_tail(vanthu::diagnostics& problems);
};

// The header and the Info of the first source (its texts as literal strings); a later source
// may raise the version.
void page_assembler::impl::start_output(const pdf_file& from) {
    if (!started) {
        started = true;
        version = from.version();
        for (const auto& [key, item] : from.info().entries) {
            if (item.kind == value_kind::reference) continue;
            // libharu writes the UTF-16 texts in hex, twice their bytes: a split certificate's
            // title, author and subject are 1.5 kB so, about 0.8 kB as literal strings.
            const bool hex = item.kind == value_kind::string && item.text.front() == '<';
            info.entries.emplace_back(key, hex ? make_literal_string(string_bytes(item)) : item);
        }
        info.kind = from.info().kind == value_kind::dictionary ? value_kind::dictionary : value_kind::null;
        out = "%PDF-" + version + "\n%\xB7\xBE\xAD\xAA\n";
    } else if (from.version() > version) {
        version = from.version();
        if (sent == 0) out.replace(5, 3, version);
        else raised_version = version;  // the header is gone: the catalog says it
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
    from.done_with(source_number);
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
        from.done_with(source_number);
    }
    if (bad_reference) problems.error({}, "cannot copy a page: a reference points past the end of the xref table");
    return !bad_reference;
}

// Hands the bytes kept so far to the sink; false with a diagnostic when it refuses them.
bool page_assembler::impl::send(vanthu::diagnostics& problems) {
    if (!sink || out.empty()) return true;
    std::string message;
    const bool ok = sink(out, message);
    sent += out.size();
    out.clear();
    if (!ok) problems.error({}, message.empty() ? "cannot write the PDF" : message);
    return ok;
}

// Catalog, page tree, Info, xref and trailer after the copied objects; with a sink the long
// parts (page tree, xref) go out as they grow. False with a diagnostic when the sink refuses.
bool page_assembler::impl::write_tail(vanthu::diagnostics& problems) {
    open_object(catalog_number);
    out += "<<\n/Type /Catalog\n/Pages 2 0 R\n";
    if (!raised_version.empty()) out += "/Version /" + raised_version + "\n";
    out += ">>\nendobj\n";
    open_object(pages_number);
    out += "<<\n/Type /Pages\n/Kids [";
    for (std::uint32_t kid : kids) {
        out += ' ' + std::to_string(kid) + " 0 R";
        if (sink && out.size() >= flush_bytes && !send(problems)) return false;
    }
    out += " ]\n/Count " + std::to_string(kids.size()) + "\n>>\nendobj\n";
    if (info.kind == value_kind::dictionary) {
        open_object(info_number);
        write_value_as_is(info, out);
        out += "\nendobj\n";
    }
    offsets.resize(next, 0);
    const std::size_t xref_at = position();
    out += "xref\n0 " + std::to_string(offsets.size()) + "\n0000000000 65535 f\r\n";
    for (std::size_t i = 1; i < offsets.size(); ++i) {
        char entry[24];
        std::snprintf(entry, sizeof entry, "%010zu %05d %c\r\n", offsets[i], offsets[i] ? 0 : 65535,
                      offsets[i] ? 'n' : 'f');
        out += entry;
        if (sink && out.size() >= flush_bytes && !send(problems)) return false;
    }
    out += "trailer\n<<\n/Root 1 0 R\n";
    if (info.kind == value_kind::dictionary) out += "/Info 3 0 R\n";
    out += "/Size " + std::to_string(offsets.size()) + "\n>>\nstartxref\n" + std::to_string(xref_at) +
           "\n%%EOF\n";
    return true;
}

page_assembler::page_assembler(byte_sink sink) : self_(std::make_unique<impl>()) { self_->sink = std::move(sink); }
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
    for (std::size_t i = first; i < first + count; ++i) {
        if (!self_->copy_page(from, i, problems)) return false;
        if (self_->out.size() >= flush_bytes && !self_->send(problems)) return false;
    }
    return true;
}

// The output's length so far.
std::size_t page_assembler::size() const { return self_->position(); }

// Grows the output buffer once, ahead of the copies.
void page_assembler::reserve(std::size_t bytes) {
    if (!self_->sink && bytes > self_->out.capacity()) self_->out.reserve(bytes);
}

// The kept output, ended; the assembler starts over.
std::string page_assembler::finish() {
    vanthu::diagnostics none;  // without a sink nothing can fail
    self_->write_tail(none);
    std::string done = std::move(self_->out);
    byte_sink sink = std::move(self_->sink);
    *self_ = impl{};
    self_->sink = std::move(sink);
    return done;
}

// The end of the file to the sink; the assembler starts over.
bool page_assembler::close(vanthu::diagnostics& problems) {
    const bool ok = self_->write_tail(problems) && self_->send(problems);
    byte_sink sink = std::move(self_->sink);
    *self_ = impl{};
    self_->sink = std::move(sink);
    return ok;
}

}  // namespace pdf
