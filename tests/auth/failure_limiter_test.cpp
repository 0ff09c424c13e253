// Tests of the per-address limit on failed attempts, on a clock the test moves.
#include <catch2/catch.hpp>

#include "auth/failure_limiter.hpp"

using namespace std::chrono_literals;
using clock_type = auth::failure_limiter::clock;

TEST_CASE("an_address_past_its_failures_a_minute_is_refused_until_the_oldest_is_a_minute_old") {
    auth::failure_limiter limiter(3);
    const clock_type::time_point t0{};
    for (int i = 0; i < 3; ++i) {
        CHECK(limiter.allows("127.0.0.2", t0 + i * 1s));
        limiter.record_failure("127.0.0.2", t0 + i * 1s);
    }
    CHECK_FALSE(limiter.allows("127.0.0.2", t0 + 3s));
    CHECK(limiter.retry_after("127.0.0.2", t0 + 3s) == 57);
    CHECK(limiter.allows("127.0.0.1", t0 + 3s));  // another address is not slowed
    CHECK(limiter.retry_after("127.0.0.1", t0 + 3s) == 0);
    CHECK(limiter.allows("127.0.0.2", t0 + 60s));  // the first failure left the window
    limiter.record_failure("127.0.0.2", t0 + 60s);
    CHECK_FALSE(limiter.allows("127.0.0.2", t0 + 60500ms));  // failures at 1 s, 2 s and 60 s
    CHECK(limiter.allows("127.0.0.2", t0 + 122s));
}

TEST_CASE("the_limiter_remembers_a_bounded_number_of_addresses") {
    auth::failure_limiter limiter(2, 100);
    const clock_type::time_point t0{};
    for (int i = 0; i < 1000; ++i) limiter.record_failure("10.0.0." + std::to_string(i), t0 + i * 1ms);
    CHECK(limiter.size() == 100);
    limiter.record_failure("10.0.0.999", t0 + 2s);
    CHECK_FALSE(limiter.allows("10.0.0.999", t0 + 2s));  // the newest is kept
}
