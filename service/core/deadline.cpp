// Owns vanthu::deadline: the time limit of a render.
#include "core/deadline.hpp"

#include <cstdio>

namespace vanthu {

deadline deadline::after(std::chrono::milliseconds limit) {
    deadline d;
    if (limit.count() <= 0) return d;
    d.set_ = true;
    d.limit_ = limit;
    d.at_ = std::chrono::steady_clock::now() + limit;
    return d;
}

bool deadline::passed() const {
    if (passed_) return true;
    if (stopped()) return passed_ = true;
    if (!set_) return false;
    passed_ = std::chrono::steady_clock::now() >= at_;
    return passed_;
}

std::string deadline::describe() const {
    if (stopped()) return "a request to stop";
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", static_cast<double>(limit_.count()) / 1000.0);
    return std::string("the time limit of ") + seconds + " s";
}

}  // namespace vanthu
