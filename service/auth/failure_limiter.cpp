// Owns the sliding one-minute window of failures per address.
#include "auth/failure_limiter.hpp"

#include <algorithm>

namespace auth {

namespace {
constexpr auto window = std::chrono::minutes(1);
}

// Drops the failures older than the window.
void failure_limiter::forget_old(std::deque<clock::time_point>& times, clock::time_point now) {
    while (!times.empty() && now - times.front() >= window) times.pop_front();
}

// Forgets the address whose latest failure is the oldest.
void failure_limiter::evict_one() {
    auto oldest = failures_.begin();
    for (auto it = failures_.begin(); it != failures_.end(); ++it)
        if (it->second.empty() || (!oldest->second.empty() && it->second.back() < oldest->second.back())) oldest = it;
    if (oldest != failures_.end()) failures_.erase(oldest);
}

// Fewer than per_minute failures in the last minute.
bool failure_limiter::allows(const std::string& address, clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = failures_.find(address);
    if (found == failures_.end()) return true;
    forget_old(found->second, now);
    if (found->second.empty()) {
        failures_.erase(found);
        return true;
    }
    return found->second.size() < per_minute_;
}

// Appends now, keeping only the last per_minute failures (enough to decide).
void failure_limiter::record_failure(const std::string& address, clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = failures_.find(address);
    if (found == failures_.end()) {
        if (failures_.size() >= max_addresses_) evict_one();
        found = failures_.emplace(address, std::deque<clock::time_point>{}).first;
    }
    forget_old(found->second, now);
    found->second.push_back(now);
    while (found->second.size() > per_minute_) found->second.pop_front();
}

// The time until the oldest counted failure leaves the window, rounded up to a second.
long failure_limiter::retry_after(const std::string& address, clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = failures_.find(address);
    if (found == failures_.end()) return 0;
    forget_old(found->second, now);
    if (found->second.size() < per_minute_) return 0;
    const auto wait = found->second.front() + window - now;
    return std::max<long>(1, static_cast<long>(std::chrono::ceil<std::chrono::seconds>(wait).count()));
}

std::size_t failure_limiter::size() {
    std::lock_guard<std::mutex> lock(mutex_);
    return failures_.size();
}

}  // namespace auth
