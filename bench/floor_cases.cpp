// Owns the floor's three cases: our layout done once, untimed; only the bare painting timed.
#include <memory>

#include "bench.hpp"

namespace bench {

namespace {

// The pages the floor draws, laid out by our pipeline in the child before the clock starts.
struct laid_pages {
    std::vector<layout::page> pages;
};

// Renders the record once keeping its pages; the PDF is dropped, only the boxes are kept.
bool lay_out_once(const std::string& record, const render::options& opts, laid_pages& into,
                  std::string& message) {
    render::options keep = opts;
    keep.keep_pages = true;
    render::result r = render::render_record(record, keep);
    if (!r) {
        message = r.problems.items.empty() ? "render failed" : r.problems.items.front().message;
        return false;
    }
    for (const layout::page& p : r.pages)
        if (!p.images.empty()) {
            message = "the floor draws no images, and these pages have some";
            return false;
        }
    into.pages = std::move(r.pages);
    return true;
}

// A floor case: lay out `record` once, then draw documents of `per_document` pages
// (0 = all pages in one document), `repeat` times over.
child_case floor_case(const inputs& in, const std::string& record, std::size_t per_document,
                      std::size_t repeat) {
    auto laid = std::make_shared<laid_pages>();
    child_case c;
    c.prepare = [&in, &record, laid](std::string& message) {
        return lay_out_once(record, in.opts, *laid, message);
    };
    c.run = [&in, laid, per_document, repeat](figures& out) {
        const std::vector<layout::page>& pages = laid->pages;
        const std::size_t step = per_document == 0 ? pages.size() : per_document;
        for (std::size_t n = 0; n < repeat; ++n)
            for (std::size_t first = 0; first < pages.size(); first += step) {
                std::string pdf = paint_bare(pages, first, step, in.opts.fonts_dir, out.message);
                if (pdf.empty()) return false;
                add_document(out, pdf);
            }
        return true;
    };
    return c;
}

}  // namespace

// Every certificate page into one document.
child_case floor_batch(const inputs& in) { return floor_case(in, in.certificates, 0, 1); }

// Each certificate page into a document of its own.
child_case floor_split(const inputs& in) { return floor_case(in, in.certificates, 1, 1); }

// The minutes' pages into one document, minutes_count times.
child_case floor_minutes(const inputs& in) { return floor_case(in, in.minutes, 0, in.minutes_count); }

}  // namespace bench
