// Owns writing an incremental update: objects, their cross-reference section, the trailer.
#include "sign/update.hpp"

#include <cstdio>

namespace sign {

pdf_update::pdf_update(const pdf::pdf_file& base) : base_(base) {
    std::size_t size = 0;
    const pdf::value* declared = base.trailer().find("Size");
    if (!declared || !declared->to_count(size) || size < base.object_count()) size = base.object_count();
    next_ = static_cast<std::uint32_t>(size);
}

std::uint32_t pdf_update::new_object() { return next_++; }

void pdf_update::put(std::uint32_t number, std::string body) { objects_[number] = std::move(body); }

void pdf_update::put(std::uint32_t number, const pdf::value& body) {
    std::string text;
    pdf::write_value_as_is(body, text);
    put(number, std::move(text));
}

// The entries are 20 bytes each ("oooooooooo ggggg n\r\n"), one subsection per run of numbers.
std::string pdf_update::finish() {
    std::string out(base_.bytes());
    if (!out.empty() && out.back() != '\n' && out.back() != '\r') out += '\n';
    for (const auto& [number, body] : objects_) {
        offsets_[number] = out.size();
        out += std::to_string(number) + " 0 obj\n" + body + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n";
    for (auto run = offsets_.begin(); run != offsets_.end();) {
        auto end = run;
        std::uint32_t count = 0;
        while (end != offsets_.end() && end->first == run->first + count) ++end, ++count;
        out += std::to_string(run->first) + ' ' + std::to_string(count) + '\n';
        for (; run != end; ++run) {
            char entry[24];
            std::snprintf(entry, sizeof entry, "%010zu 00000 n\r\n", run->second);
            out += entry;
        }
    }
    pdf::value trailer;
    trailer.kind = pdf::value_kind::dictionary;
    pdf::value size;
    size.kind = pdf::value_kind::number;
    size.text = std::to_string(next_);
    trailer.entries.emplace_back("Size", size);
    for (const char* kept : {"Root", "Info", "ID"})
        if (const pdf::value* v = base_.trailer().find(kept)) trailer.entries.emplace_back(kept, *v);
    pdf::value prev;
    prev.kind = pdf::value_kind::number;
    prev.text = std::to_string(base_.last_xref());
    trailer.entries.emplace_back("Prev", prev);
    out += "trailer\n";
    pdf::write_value_as_is(trailer, out);
    out += "\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

}  // namespace sign
