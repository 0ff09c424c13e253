// The job store on PostgreSQL (FOR UPDATE SKIP LOCKED). Runs when VANTHU_TEST_PG names a
// throw-away database, e.g. postgresql://postgres@127.0.0.1:55433/postgres; skipped otherwise.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "store_fixture.hpp"

using namespace worker;

namespace {

// Opens a PostgreSQL store in a database of its own (fresh when name is given, else the
// last fresh one), or returns nullptr after a visible warning.
std::unique_ptr<job_store> open_pg(const std::string& name, store_options o = {}) {
    static std::string url;
    if (store_test::test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL test skipped");
        return nullptr;
    }
    if (!name.empty()) url = store_test::fresh_pg_database(name);
    o.url = url;
    std::string error;
    auto s = job_store::open(o, error);
    INFO(error);
    REQUIRE(s);
    REQUIRE(s->dialect_name() == "postgresql");
    return s;
}

}  // namespace

TEST_CASE("postgresql_submit_is_idempotent_and_conflicts_on_other_content", "[worker][postgresql]") {
    auto s = open_pg("submit");
    if (!s) return;
    auto first = s->submit("pg-1", std::string("\xFF\xFE<\0m\0>\0", 8));
    REQUIRE(first.status == submit_status::created);
    CHECK(s->submit("pg-1", std::string("\xFF\xFE<\0m\0>\0", 8)).status == submit_status::existing);
    CHECK(s->submit("pg-1", "other").status == submit_status::conflict);
    auto c = s->claim("w", 60000);
    REQUIRE(c.value);
    CHECK(c.value->record_bytes == std::string("\xFF\xFE<\0m\0>\0", 8));
    CHECK(c.value->attempt == 1);
}

TEST_CASE("postgresql_fencing_retries_and_results", "[worker][postgresql]") {
    store_options o;
    o.max_attempts = 2;
    o.backoff_base_ms = 1000;
    auto s = open_pg("fencing", o);
    if (!s) return;
    std::int64_t clock = 1'700'000'000'000;
    s->set_clock([&clock] { return clock; });
    auto j = s->submit("pg-2", "x").value;
    REQUIRE(s->claim("slow", 1000).value);
    clock += 2000;
    CHECK(s->reclaim_expired() == 1);
    auto c2 = s->claim("fast", 1000);
    REQUIRE(c2.value);
    CHECK(c2.value->attempt == 2);
    CHECK(s->complete(j.id, 1, "stale", 1) == fence_status::fenced);
    CHECK(s->complete(j.id, 2, std::string("%PDF\0bytes", 10), 3) == fence_status::applied);
    CHECK(s->read_result(j.id) == std::optional<std::string>(std::string("%PDF\0bytes", 10)));
    auto k = s->submit("pg-3", "y").value;
    REQUIRE(s->claim("w", 60000).value);
    CHECK(s->fail(k.id, 1, "boom", false) == fence_status::applied);
    clock += 1000;
    REQUIRE(s->claim("w", 60000).value);
    CHECK(s->fail(k.id, 2, "boom again", false) == fence_status::applied);
    auto dead = s->find(k.id).value;
    REQUIRE(dead);
    CHECK(dead->state == job_state::failed);
    CHECK(s->list(job_state::failed, 0, 10).items.size() == 1);
    CHECK(s->count_live().queued == 0);
}

TEST_CASE("postgresql_concurrent_claimers_never_take_the_same_job", "[worker][postgresql]") {
    auto setup = open_pg("claimers");
    if (!setup) return;
    const int jobs = 200;
    for (int i = 0; i < jobs; ++i) REQUIRE(setup->submit("pg-c-" + std::to_string(i), std::to_string(i)).status == submit_status::created);
    std::vector<std::unique_ptr<job_store>> stores;  // three "processes", two threads each
    for (int i = 0; i < 3; ++i) stores.push_back(open_pg(""));
    std::mutex lock;
    std::multiset<std::string> claimed;
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&, t] {
            job_store& s = *stores[static_cast<std::size_t>(t % 3)];
            for (;;) {
                auto c = s.claim("w" + std::to_string(t), 60000);
                if (!c.value) break;
                s.complete(c.value->id, c.value->attempt, "done", 1);
                std::lock_guard<std::mutex> hold(lock);
                claimed.insert(c.value->id);
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(claimed.size() == jobs);
    CHECK(std::set<std::string>(claimed.begin(), claimed.end()).size() == jobs);
    CHECK(setup->list(job_state::done, 0, 1000).items.size() == jobs);
}
