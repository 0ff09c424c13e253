// Owns pagination: slabs stacked on pages, kept together, headers repeated, tall slabs split.
#include "layout/flow.hpp"

namespace layout {

namespace {

// Stacks slabs on pages in the text area of a page setup.
class paginator {
public:
    paginator(const model::page_setup& setup, const flow_context& ctx)
        : setup_(setup), ctx_(ctx), text_height_(setup.height - setup.margin_top - setup.margin_bottom),
          max_pages_(ctx.max_pages) {
        open_page(false);
    }

    // Places every slab; a slab goes to the next page when it, or the chain of slabs kept
    // with it, does not fit what is left of this page but would fit a fresh one.
    // The boxes of each slab move to its page: the slabs are spent afterwards (chain_height
    // only reads the heights and flags of the slabs after the one being placed).
    std::vector<page> run(std::vector<slab>& slabs) {
        for (std::size_t i = 0; i < slabs.size() && !over_ && !ctx_.out_of_time(); ++i) {
            slab& s = slabs[i];
            if (s.page_break) {
                open_page(false);
                opened_by_break_ = true;
                continue;
            }
            if (s.positioned) {  // outside the flow: on this page, where it says
                append_boxes(pages_.back(), std::move(s.content), 0, 0);
                marked_ = true;
                continue;
            }
            if (used_ && chain_height(slabs, i, false) > room() + tolerance) {
                const bool chain_fits_fresh = chain_height(slabs, i, true) <= text_height_ + tolerance;
                const bool alone_fits_here = space_for(s) + s.height <= room() + tolerance;
                if (chain_fits_fresh || !alone_fits_here) open_page(true);
            }
            place(s);
        }
        if (over_) {
            ctx_.problems.error({},
                                "the document needs more than " + std::to_string(max_pages_) +
                                    " pages (the page limit); layout stopped",
                                "split the record, or raise the page limit");
            return std::move(pages_);
        }
        // A page break after the last thing (one page per recipient) leaves no empty page.
        if (opened_by_break_ && !used_ && !marked_ && pages_.size() > 1) pages_.pop_back();
        return std::move(pages_);
    }

private:
    // Height left on the current page.
    double room() const { return text_height_ - cursor_; }

    // The space above a slab: none at the top of a page reached by an automatic break.
    double space_for(const slab& s) const { return !used_ && overflowed_ ? 0 : s.space_before; }

    // Height of slab i and the slabs kept with it, here or on a fresh page.
    double chain_height(const std::vector<slab>& slabs, std::size_t i, bool fresh) const {
        const slab& first = slabs[i];
        const bool header = first.repeat_header && (fresh || !used_);
        double h = (fresh ? 0 : space_for(first)) + (header ? first.repeat_header->height : 0) + first.height;
        for (std::size_t k = i; slabs[k].keep_with_next && k + 1 < slabs.size(); ++k) {
            if (slabs[k + 1].page_break) break;
            h += slabs[k].space_after + slabs[k + 1].space_before + slabs[k + 1].height;
        }
        return h;
    }

    // Starts a new page; overflow says it comes from an automatic break.
    void open_page(bool overflow) {
        if (max_pages_ != 0 && pages_.size() >= max_pages_) {  // keep filling the last page; run stops
            over_ = true;
            return;
        }
        page p;
        p.width = setup_.width;
        p.height = setup_.height;
        pages_.push_back(std::move(p));
        cursor_ = 0;
        used_ = false;
        marked_ = false;
        opened_by_break_ = false;
        overflowed_ = overflow;
    }

    // Puts a slab's boxes at the cursor, below the given space (copied: a repeated header
    // is put on many pages).
    void put(const slab& s, double space) {
        append_boxes(pages_.back(), s.content, setup_.margin_left, setup_.margin_top + cursor_ + space);
        cursor_ += space + s.height;
        used_ = true;
    }

    // Puts a spent slab's boxes at the cursor, below the given space (moved).
    void put_spent(slab& s, double space) {
        append_boxes(pages_.back(), std::move(s.content), setup_.margin_left, setup_.margin_top + cursor_ + space);
        cursor_ += space + s.height;
        used_ = true;
    }

    // Places one slab (after the table header it repeats, on a fresh page); a slab taller
    // than what a fresh page holds is split, with a warning.
    void place(slab& s) {
        double space = space_for(s);
        if (!used_ && s.repeat_header) put(*s.repeat_header, 0);
        if (cursor_ + space + s.height <= text_height_ + tolerance) {  // the usual case: it fits
            put_spent(s, space);
            cursor_ += s.space_after;
            return;
        }
        slab rest = s;
        bool warned = false;
        while (!over_ && cursor_ + space + rest.height > text_height_ + tolerance) {
            const double limit = text_height_ - cursor_ - space;
            if (limit <= tolerance) break;  // a header alone fills the page: let it overflow
            if (!warned) {
                ctx_.problems.warning({{}, 0, 0, s.what}, s.what + " is taller than a page; split across pages",
                                      "make it shorter");
                warned = true;
            }
            auto [head, tail] = split_slab(rest, limit);
            put(head, space);
            open_page(true);
            space = 0;
            if (s.repeat_header) put(*s.repeat_header, 0);
            rest = std::move(tail);
        }
        put(rest, space);
        cursor_ += s.space_after;
    }

    const model::page_setup& setup_;
    const flow_context& ctx_;
    double text_height_;
    std::size_t max_pages_;   // 0 = no limit
    bool over_ = false;       // the page limit was reached: placing stops
    std::vector<page> pages_;
    double cursor_ = 0;       // height used on the current page
    bool used_ = false;       // something of the flow is on the current page
    bool overflowed_ = false; // the current page was opened by an automatic break
    bool marked_ = false;     // a positioned box is on the current page
    bool opened_by_break_ = false;  // the current page was opened by a forced page break
};

}  // namespace

// Stacks the slabs on as many pages as they need.
std::vector<page> paginate(std::vector<slab> slabs, const model::page_setup& setup, const flow_context& ctx) {
    return paginator(setup, ctx).run(slabs);
}

}  // namespace layout
