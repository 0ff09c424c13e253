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
    if (passed_.load(std::memory_order_relaxed)) return true;
    const bool now_passed = stopped() || (set_ && std::chrono::steady_clock::now() >= at_);
    if (now_passed) passed_.store(true, std::memory_order_relaxed);
    return now_passed;
}

std::string deadline::describe() const {
    if (stopped()) return "a request to stop";
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", static_cast<double>(limit_.count()) / 1000.0);
    return std::string("the time limit of ") + seconds + " s";
}

}  // namespace vanthu
