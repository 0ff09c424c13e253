// The time limit of one render: a point on the steady clock that long stages look at.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

namespace vanthu {

// When a render must stop. A default deadline never passes; once passed it stays passed,
// so every stage that looks sees the same answer and stops in turn.
class deadline {
public:
    deadline() = default;
    // Copies carry the answer so far (the remembered "passed" is atomic: a batch's painting
    // threads look at one deadline at once).
    deadline(const deadline& o)
        : at_(o.at_), limit_(o.limit_), set_(o.set_), stop_(o.stop_), passed_(o.passed_.load(std::memory_order_relaxed)) {}
    deadline& operator=(const deadline& o) {
        at_ = o.at_;
        limit_ = o.limit_;
        set_ = o.set_;
        stop_ = o.stop_;
        passed_.store(o.passed_.load(std::memory_order_relaxed), std::memory_order_relaxed);
        return *this;
    }
    // A deadline this long from now; zero or less never passes.
    static deadline after(std::chrono::milliseconds limit);
    // Also passes as soon as the flag is set (a worker whose job was cancelled, or whose lease
    // was lost, stops the render at the next place that looks). The flag must outlive this.
    void stop_when(const std::atomic<bool>* flag) { stop_ = flag; }
    // Whether it passed because the flag was set rather than the time ran out.
    bool stopped() const { return stop_ && stop_->load(); }

    // Whether the time is up (reads the clock until it is, then answers from memory).
    bool passed() const;
    // Whether this deadline can pass at all.
    bool is_set() const { return set_; }
    // The limit it was made with.
    std::chrono::milliseconds limit() const { return limit_; }
    // "the time limit of 2.5 s", for messages.
    std::string describe() const;

private:
    std::chrono::steady_clock::time_point at_{};
    std::chrono::milliseconds limit_{0};
    bool set_ = false;
    const std::atomic<bool>* stop_ = nullptr;
    mutable std::atomic<bool> passed_{false};
};

}  // namespace vanthu
