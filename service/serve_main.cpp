// The vanthu-serve program: the worker, which `vanthu serve` execs in place of itself.
#include <string>
#include <vector>

#include "http/serve.hpp"

// Hands the words after the program name to the worker, as `vanthu serve` gives them.
int main(int argc, char** argv) {
    return http::run_serve(std::vector<std::string>(argv + 1, argv + argc));
}
