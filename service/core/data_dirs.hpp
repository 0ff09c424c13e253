// Where the program finds its templates and fonts when not told.
#pragma once

#include <string>

namespace vanthu {

// The folder of a kind of data ("templates" or "fonts") when not configured: the environment
// (VANTHU_TEMPLATES, VANTHU_FONTS), then the installed prefix
// (<exe>/../share/vanthu/<kind>), then the source tree the program was built from.
std::string find_data_dir(const std::string& kind);

}  // namespace vanthu
