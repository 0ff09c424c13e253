// Templates: files under templates/ that secretariats edit (templates/README.md).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"

namespace tmpl {

// A loaded, checked template. Its inside belongs to tmpl/ and bind/.
struct template_def;

struct load_result {
    std::shared_ptr<const template_def> value;
    vanthu::diagnostics problems;  // file:line:column: message
    explicit operator bool() const { return value && !problems.has_errors(); }
};

// Loads templates_dir/<name>.xml (name: [A-Za-z0-9._-], no path), checking
// every element, attribute, unit, field path and formatter it uses.
load_result load_template(const std::string& templates_dir, const std::string& name);

// The same over several folders, searched in order: the template comes from the first folder
// holding <name>.xml, and its images (and a blank-of base not found before) are resolved from
// there; a template found nowhere is reported with every folder searched. A file that is
// present but refused (a link out of its folder) stops the search: it is not skipped.
load_result load_template(const std::vector<std::string>& folders, const std::string& name);

// Templates loaded once and then shared, for one look at the files by many renders: a command
// rendering fifty records reads, parses and checks the template once, not fifty times (7 % of
// such a run). Safe from several threads; a load's problems come with every answer, as they
// would from load_template. Not for a long-lived worker: a template edited after its first
// load is not read again.
class template_memo {
public:
    load_result load(const std::vector<std::string>& folders, const std::string& name);

private:
    std::mutex mutex_;
    std::map<std::string, load_result> loaded_;  // by folders and name
};

// Whether the template makes its pages one recipient at a time (pages="per-recipient"),
// so that a batch can be rendered recipient by recipient, or split into one PDF each.
bool makes_pages_per_recipient(const template_def& t);

// The kind of record the template is made for (<template kind="...">): "meeting",
// "ceremony" or "certification".
const char* made_for_kind(const template_def& t);

// The file name of a loaded template, for diagnostics.
const std::string& template_file(const template_def& t);
// Its name, and the folder it was loaded from (the first of the search that held it).
const std::string& template_name(const template_def& t);
const std::string& template_folder(const template_def& t);

// Every file a loaded template was made from: its own, a blank-of's, its images (absolute or
// as loaded), and its fonts relative to the fonts folder, in a fixed order.
struct template_inputs {
    std::vector<std::string> files;       // read from the template folder
    std::vector<std::string> font_files;  // relative to the fonts folder
};
template_inputs inputs_of(const template_def& t);

// The default template of a record kind: "minutes" for a meeting, "pledge"
// or "ceremony" for a ceremony, "certificate-merit" / "certificate-standard".
std::string default_template_name(const std::string& kind, const std::string& subkind);

}  // namespace tmpl
