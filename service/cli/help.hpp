// The help of each command: vanthu render --help, vanthu sign --help, vanthu help CMD.
#pragma once

#include <string>

namespace cli {

// The help of one command (render, check, import, sign, verify); empty for any other word.
std::string command_help(const std::string& command);

}  // namespace cli
