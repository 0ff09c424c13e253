// The time limit of one render: a point on the steady clock that long stages look at.
#pragma once

#include <chrono>
#include <string>

namespace vanthu {

// When a render must stop. A default deadline never passes; once passed it stays passed,
// so every stage that looks sees the same answer and stops in turn.
class deadline {
public:
    deadline() = default;
    // A deadline this long from now; zero or less never passes.
    static deadline after(std::chrono::milliseconds limit);

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
    mutable bool passed_ = false;
};

}  // namespace vanthu
