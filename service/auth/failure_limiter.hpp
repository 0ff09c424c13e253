// Slows a burst of failed attempts (bad tokens, bad passwords) from one address.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace auth {

// Counts failures per address over the last minute; an address past `per_minute` failures is
// refused (HTTP 429) until its oldest failure is a minute old. Memory is bounded: at most
// `max_addresses` addresses are remembered, the one whose latest failure is oldest forgotten first.
class failure_limiter {
public:
    using clock = std::chrono::steady_clock;

    explicit failure_limiter(std::size_t per_minute = 20, std::size_t max_addresses = 10000)
        : per_minute_(per_minute), max_addresses_(max_addresses) {}

    // Whether a request from the address may try (again) now.
    bool allows(const std::string& address, clock::time_point now);
    // Notes one failure of the address at `now`.
    void record_failure(const std::string& address, clock::time_point now);
    // Seconds until the address may try again (0 when it may now): the Retry-After of a 429.
    long retry_after(const std::string& address, clock::time_point now);
    // How many addresses are remembered.
    std::size_t size();

private:
    void forget_old(std::deque<clock::time_point>& times, clock::time_point now);
    void evict_one();

    std::size_t per_minute_, max_addresses_;
    std::mutex mutex_;
    std::map<std::string, std::deque<clock::time_point>> failures_;
};

}  // namespace auth
