// Binding: a template evaluated against a record gives a document model.
#pragma once

#include <string>

#include "core/diagnostic.hpp"
#include "model/document.hpp"
#include "record/record.hpp"
#include "tmpl/template.hpp"

namespace bind {

struct bind_options {
    std::string fonts_dir;      // where the template's font files are found
    std::string templates_dir;  // where its images are found
};

struct bind_result {
    model::document doc;
    vanthu::diagnostics problems;
    explicit operator bool() const { return !problems.has_errors(); }
};

bind_result bind_document(const tmpl::template_def& t, const record::record& r,
                          const bind_options& options);

}  // namespace bind
