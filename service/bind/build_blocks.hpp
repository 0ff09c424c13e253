// Turning the template's body into model blocks for one record.
#pragma once

#include <vector>

#include "bind/evaluate.hpp"
#include "model/document.hpp"
#include "tmpl/ast.hpp"

namespace bind {

// The blocks of a list of body elements, laid out in `width` points (for percentages).
void build_blocks(const std::vector<tmpl::elem>& elems, double width, scope& sc, vanthu::diagnostics& problems,
                  std::vector<model::block>& out);

// Model runs of a template text in a style (signatures, labels); the spans are taken by
// value so that a caller done with them moves their texts in.
std::vector<model::run> build_runs(record::inline_text spans, const tmpl::style& st);

// Trims and collapses spaces across runs, adds no full stop after text that ends a sentence,
// drops empty runs and merges runs of one style.
void tidy_runs(std::vector<model::run>& runs);

}  // namespace bind
