// Where the program finds its templates, fonts and web page when not told.
#pragma once

#include <string>
#include <vector>

namespace vanthu {

// The folder of a kind of data ("templates", "fonts" or "web") when not configured: the
// environment (VANTHU_TEMPLATES, VANTHU_FONTS, VANTHU_WEB), then the installed prefix
// (<exe>/../share/vanthu/<kind>), then the source tree the program was built from.
std::string find_data_dir(const std::string& kind);

// The folder of a kind of data that comes with the program, whatever the environment says:
// the installed prefix (<exe>/../share/vanthu/<kind>), else the source tree it was built from.
std::string builtin_data_dir(const std::string& kind);

// The template folders searched after the chosen one (--templates DIR, vanthu.templates,
// VANTHU_TEMPLATES): the built-in templates, unless the chosen folder is that folder.
std::vector<std::string> templates_after(const std::string& chosen);

}  // namespace vanthu
