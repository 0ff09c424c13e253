// The vanthu-serve program: the worker, which `vanthu serve` execs in place of itself.
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "http/serve.hpp"

namespace {

// glibc gives threads that allocate at the same time arenas of their own, up to 8 per core:
// with 8 HTTP threads rendering at once the heap fragments and resident memory climbs
// (bench/load/README.md: +15 % over 10,000 requests at 8 clients, level with 2 arenas at the
// same CPU per request). One arena per core, at least 2, unless MALLOC_ARENA_MAX says otherwise.
void limit_arenas() {
#ifdef __GLIBC__
    if (std::getenv("MALLOC_ARENA_MAX")) return;
    const unsigned cores = std::thread::hardware_concurrency();
    mallopt(M_ARENA_MAX, static_cast<int>(cores < 2 ? 2 : cores));
#endif
}

}  // namespace

// Hands the words after the program name to the worker, as `vanthu serve` gives them.
int main(int argc, char** argv) {
    limit_arenas();
    return http::run_serve(std::vector<std::string>(argv + 1, argv + argc));
}
