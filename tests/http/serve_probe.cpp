// A test program that runs http::run_serve as `vanthu serve` will.
#include <string>
#include <vector>

#include "http/serve.hpp"

int main(int argc, char** argv) {
    return http::run_serve(std::vector<std::string>(argv + 1, argv + argc));
}
