// Owns the store tests' scratch store and fake clock.
#include "store_fixture.hpp"

#include <catch2/catch.hpp>

#include "support/test_paths.hpp"

namespace store_test {

std::string scratch_store_url(const std::string& name) {
    return "sqlite:" + test_paths::scratch_dir("worker-" + name) + "/jobs.db";
}

fixture::fixture(const std::string& name, worker::store_options opts) {
    if (opts.url == worker::store_options{}.url) opts.url = scratch_store_url(name);
    std::string error;
    store = worker::job_store::open(opts, error);
    INFO(error);
    REQUIRE(store);
    store->set_clock([this] { return clock_ms; });
}

}  // namespace store_test
