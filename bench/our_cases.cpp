// Owns the three cases run through our whole pipeline, by its public front door (render.hpp).
#include "bench.hpp"

namespace bench {

namespace {

// The first problem of a failed render, for the table.
std::string first_problem(const render::result& r) {
    return r.problems.items.empty() ? "render failed" : r.problems.items.front().message;
}

}  // namespace

// All certificates into one PDF: parse, bind, lay out and paint each recipient, save.
child_case our_batch(const inputs& in) {
    child_case c;
    c.run = [&in](figures& out) {
        render::result r = render::render_record(in.certificates, in.opts);
        if (!r) {
            out.message = first_problem(r);
            return false;
        }
        add_document(out, r.pdf);
        return true;
    };
    return c;
}

// One PDF per certificate through render_split; the PDFs are counted, not kept.
child_case our_split(const inputs& in) {
    child_case c;
    c.run = [&in](figures& out) {
        auto sink = [&out](const std::string&, const std::string& pdf, std::string&) {
            add_document(out, pdf);
            return true;
        };
        render::result r = render::render_split(in.certificates, in.opts, sink);
        if (!r) {
            out.message = first_problem(r);
            return false;
        }
        return true;
    };
    return c;
}

// The three-page minutes rendered minutes_count times, each a PDF of its own.
child_case our_minutes(const inputs& in) {
    child_case c;
    c.run = [&in](figures& out) {
        for (std::size_t i = 0; i < in.minutes_count; ++i) {
            render::result r = render::render_record(in.minutes, in.opts);
            if (!r) {
                out.message = first_problem(r);
                return false;
            }
            add_document(out, r.pdf);
        }
        return true;
    };
    return c;
}

}  // namespace bench
