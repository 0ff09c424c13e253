// A job store on SQLite in a scratch folder, with a clock the test moves by hand.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "worker/store.hpp"

namespace store_test {

struct fixture {
    std::int64_t clock_ms = 1'700'000'000'000;
    std::unique_ptr<worker::job_store> store;

    // Opens a fresh store in a scratch folder named after the test; REQUIREs success.
    explicit fixture(const std::string& name, worker::store_options opts = {});
    // Moves the fake clock forward.
    void advance(std::int64_t ms) { clock_ms += ms; }
};

// The store URL for a scratch SQLite file.
std::string scratch_store_url(const std::string& name);

// VANTHU_TEST_PG (a postgresql:// URL of a throw-away database), or empty: the caller skips.
std::string test_pg_url();

// A store on a fresh PostgreSQL database named after the test, its clock clock_ms (which the
// test moves); nullptr, with a warning, when VANTHU_TEST_PG is not set (the test is skipped).
std::unique_ptr<worker::job_store> postgresql_store(const std::string& name, std::int64_t& clock_ms);

// A new empty database vanthu_test_<name> beside VANTHU_TEST_PG's, so that tests running
// in parallel never share tables; returns its URL.
std::string fresh_pg_database(const std::string& name);

}  // namespace store_test
