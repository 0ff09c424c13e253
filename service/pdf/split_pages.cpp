// Owns the two uses of page copying: a batch cut into parts, and files merged into one.
#include "pdf/pages.hpp"

namespace pdf {

// Each part's pages into a standalone PDF, in order, handed to the sink one by one.
bool split_pages(const pdf_file& from, const std::vector<std::size_t>& parts, const part_sink& sink,
                 vanthu::diagnostics& problems) {
    std::size_t total = 0;
    for (std::size_t n : parts) total += n;
    if (total != from.page_count()) {
        problems.error({}, "cannot split " + std::to_string(from.page_count()) + " pages into parts of " +
                               std::to_string(total) + " pages in all");
        return false;
    }
    std::size_t first = 0;
    for (std::size_t part = 0; part < parts.size(); ++part) {
        page_assembler one;
        if (!one.add_pages(from, first, parts[part], problems)) return false;
        first += parts[part];
        if (!sink(part, one.finish())) return false;
    }
    return true;
}

// All pages of all files, one page tree; each file's fonts stay its own objects.
std::string merge_pdfs(const std::vector<const pdf_file*>& files, vanthu::diagnostics& problems) {
    page_assembler all;
    for (const pdf_file* file : files)
        if (!file || !all.add_pages(*file, 0, file->page_count(), problems)) return {};
    return all.finish();
}

}  // namespace pdf
