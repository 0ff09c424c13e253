// The job store on SQLite: idempotent submission, leases, fencing, retries, paging.
#include <catch2/catch.hpp>

#include <set>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "store_fixture.hpp"

using namespace worker;
using store_test::fixture;

TEST_CASE("submit_twice_with_the_same_content_returns_the_same_job", "[worker][store]") {
    fixture f("idempotent");
    auto first = f.store->submit("rec-1", "<meeting/>");
    REQUIRE(first.status == submit_status::created);
    auto again = f.store->submit("rec-1", "<meeting/>");
    CHECK(again.status == submit_status::existing);
    CHECK(again.value.id == first.value.id);
    CHECK(f.store->list(std::nullopt, 0, 10).items.size() == 1);
}

TEST_CASE("submit_with_the_same_id_and_other_content_is_a_conflict", "[worker][store]") {
    fixture f("conflict");
    auto first = f.store->submit("rec-1", "<meeting>a</meeting>");
    auto other = f.store->submit("rec-1", "<meeting>b</meeting>");
    CHECK(other.status == submit_status::conflict);
    CHECK(other.value.id == first.value.id);
    CHECK(f.store->count_live().queued == 1);
}

TEST_CASE("submit_refuses_when_the_queue_is_full", "[worker][store]") {
    store_options o;
    o.max_queue = 2;
    fixture f("full", o);
    CHECK(f.store->submit("a", "1").status == submit_status::created);
    CHECK(f.store->submit("b", "2").status == submit_status::created);
    CHECK(f.store->submit("c", "3").status == submit_status::queue_full);
    CHECK(f.store->submit("a", "1").status == submit_status::existing);  // idempotent even when full
}

TEST_CASE("claim_takes_each_job_once_in_submission_order", "[worker][store]") {
    fixture f("claim-order");
    auto a = f.store->submit("a", "record a");
    f.advance(1);
    auto b = f.store->submit("b", "record b");
    auto first = f.store->claim("w1", 30000);
    auto second = f.store->claim("w2", 30000);
    auto none = f.store->claim("w3", 30000);
    REQUIRE(first.value);
    REQUIRE(second.value);
    CHECK(first.value->id == a.value.id);
    CHECK(first.value->record_bytes == "record a");
    CHECK(first.value->attempt == 1);
    CHECK(second.value->id == b.value.id);
    CHECK_FALSE(none.value);
    CHECK(none.error.empty());
    auto j = f.store->find(a.value.id).value;
    REQUIRE(j);
    CHECK(j->state == job_state::running);
    CHECK(j->lease_owner == "w1");
}

TEST_CASE("records_with_any_bytes_survive_the_store", "[worker][store]") {
    fixture f("bytes");
    std::string bytes("\xFF\xFE<\0m\0>\0", 8);  // UTF-16 with a BOM: NULs inside
    f.store->submit("utf16", bytes);
    auto c = f.store->claim("w", 1000);
    REQUIRE(c.value);
    CHECK(c.value->record_bytes == bytes);
}

TEST_CASE("an_expired_lease_is_reclaimed_with_a_new_attempt", "[worker][store]") {
    fixture f("reclaim");
    f.store->submit("a", "x");
    auto c1 = f.store->claim("dead-worker", 10000);
    REQUIRE(c1.value);
    f.advance(5000);
    CHECK(f.store->reclaim_expired() == 0);  // still leased
    CHECK_FALSE(f.store->claim("w2", 10000).value);
    f.advance(6000);
    CHECK(f.store->reclaim_expired() == 1);
    auto c2 = f.store->claim("w2", 10000);
    REQUIRE(c2.value);
    CHECK(c2.value->id == c1.value->id);
    CHECK(c2.value->attempt == 2);
}

TEST_CASE("a_heartbeat_keeps_the_lease_alive", "[worker][store]") {
    fixture f("heartbeat");
    f.store->submit("a", "x");
    auto c = f.store->claim("w1", 10000);
    REQUIRE(c.value);
    f.advance(8000);
    CHECK(f.store->heartbeat(c.value->id, 1, 10000, 3, 10) == fence_status::applied);
    f.advance(8000);
    CHECK(f.store->reclaim_expired() == 0);
    auto j = f.store->find(c.value->id).value;
    REQUIRE(j);
    CHECK(j->pages_done == 3);
    CHECK(j->pages_total == 10);
}

TEST_CASE("a_late_worker_cannot_overwrite_the_newer_attempt", "[worker][store]") {
    fixture f("fence");
    f.store->submit("a", "x");
    auto old_lease = f.store->claim("slow", 1000);
    REQUIRE(old_lease.value);
    f.advance(2000);
    f.store->reclaim_expired();
    auto new_lease = f.store->claim("fast", 1000);
    REQUIRE(new_lease.value);
    const std::string& id = new_lease.value->id;
    CHECK(f.store->heartbeat(id, 1, 1000, 0, 0) == fence_status::fenced);
    CHECK(f.store->complete(id, 2, "new result", 1) == fence_status::applied);
    CHECK(f.store->complete(id, 1, "stale result", 1) == fence_status::fenced);
    CHECK(f.store->fail(id, 1, "late failure", false) == fence_status::fenced);
    CHECK(f.store->read_result(id) == std::optional<std::string>("new result"));
    auto j = f.store->find(id).value;
    REQUIRE(j);
    CHECK(j->state == job_state::done);
    CHECK(j->attempts == 2);
}

TEST_CASE("failures_retry_after_a_growing_backoff_then_stay_failed", "[worker][store]") {
    store_options o;
    o.max_attempts = 3;
    o.backoff_base_ms = 1000;
    fixture f("retries", o);
    auto s = f.store->submit("a", "x");
    auto c = f.store->claim("w", 60000);
    REQUIRE(c.value);
    CHECK(f.store->fail(s.value.id, 1, "font missing", false) == fence_status::applied);
    CHECK_FALSE(f.store->claim("w", 60000).value);  // backing off for 1 s
    f.advance(1000);
    c = f.store->claim("w", 60000);
    REQUIRE(c.value);
    CHECK(c.value->attempt == 2);
    CHECK(f.store->fail(s.value.id, 2, "font missing", false) == fence_status::applied);
    f.advance(1999);
    CHECK_FALSE(f.store->claim("w", 60000).value);  // the second wait is 2 s
    f.advance(1);
    c = f.store->claim("w", 60000);
    REQUIRE(c.value);
    CHECK(f.store->fail(s.value.id, 3, "font missing again", false) == fence_status::applied);
    f.advance(1'000'000);
    CHECK_FALSE(f.store->claim("w", 60000).value);
    auto j = f.store->find(s.value.id).value;
    REQUIRE(j);
    CHECK(j->state == job_state::failed);
    CHECK(j->attempts == 3);
    CHECK(j->last_error == "font missing again");
}

TEST_CASE("a_permanent_failure_is_dead_at_once", "[worker][store]") {
    fixture f("permanent");
    auto s = f.store->submit("a", "x");
    REQUIRE(f.store->claim("w", 1000).value);
    CHECK(f.store->fail(s.value.id, 1, "10:3: /meeting/chair: name is missing", true) == fence_status::applied);
    auto j = f.store->find(s.value.id).value;
    REQUIRE(j);
    CHECK(j->state == job_state::failed);
    CHECK(j->last_error == "10:3: /meeting/chair: name is missing");
}

TEST_CASE("a_lease_expiring_on_the_last_attempt_is_dead", "[worker][store]") {
    store_options o;
    o.max_attempts = 1;
    fixture f("dead-lease", o);
    auto s = f.store->submit("a", "x");
    REQUIRE(f.store->claim("w", 1000).value);
    f.advance(1001);
    CHECK(f.store->reclaim_expired() == 1);
    auto j = f.store->find(s.value.id).value;
    REQUIRE(j);
    CHECK(j->state == job_state::failed);
    CHECK(j->last_error == "the lease expired on attempt 1");
}

TEST_CASE("a_released_job_is_claimable_at_once_and_the_releaser_is_fenced", "[worker][store]") {
    fixture f("release");
    auto s = f.store->submit("a", "x");
    auto c = f.store->claim("draining", 60000);
    REQUIRE(c.value);
    CHECK(f.store->release(s.value.id, 1) == fence_status::applied);
    CHECK(f.store->complete(s.value.id, 1, "too late", 1) == fence_status::fenced);
    auto again = f.store->claim("other", 60000);
    REQUIRE(again.value);
    CHECK(again.value->attempt == 2);
}

TEST_CASE("list_pages_through_one_state_in_creation_order", "[worker][store]") {
    fixture f("paging");
    std::vector<std::string> ids;
    for (int i = 0; i < 7; ++i) {
        ids.push_back(f.store->submit("r" + std::to_string(i), "x" + std::to_string(i)).value.id);
        f.advance(1);
    }
    REQUIRE(f.store->claim("w", 1000).value);  // r0 is running now
    auto page1 = f.store->list(job_state::queued, 0, 4);
    auto page2 = f.store->list(job_state::queued, 4, 4);
    REQUIRE(page1.items.size() == 4);
    CHECK(page1.more);
    REQUIRE(page2.items.size() == 2);
    CHECK_FALSE(page2.more);
    CHECK(page1.items[0].id == ids[1]);
    CHECK(page2.items[1].id == ids[6]);
    CHECK(f.store->list(job_state::running, 0, 10).items.size() == 1);
    CHECK(f.store->list(std::nullopt, 0, 100).items.size() == 7);
    auto counts = f.store->count_live();
    CHECK(counts.queued == 6);
    CHECK(counts.running == 1);
}

TEST_CASE("jobs_survive_reopening_the_store", "[worker][store]") {
    std::string url = store_test::scratch_store_url("reopen");
    std::string error;
    std::string id;
    {
        auto s = job_store::open({url}, error);
        REQUIRE(s);
        id = s->submit("a", "x").value.id;
    }
    auto s = job_store::open({url}, error);
    REQUIRE(s);
    CHECK(s->find(id).value);
    CHECK(s->ping());
}

TEST_CASE("open_refuses_an_unknown_store_url", "[worker][store]") {
    std::string error;
    store_options o;
    o.url = "mysql://localhost/x";
    CHECK_FALSE(job_store::open(o, error));
    CHECK(error.find("unsupported store url") != std::string::npos);
}

TEST_CASE("the_split_flag_is_kept_with_the_job_and_given_to_the_claimer", "[worker][store]") {
    fixture f("split-flag");
    auto zip = f.store->submit("split-1", "x", true);
    REQUIRE(zip.status == submit_status::created);
    CHECK(zip.value.split);
    CHECK(f.store->submit("split-1", "x", true).status == submit_status::existing);
    CHECK(f.store->submit("split-1", "x", false).status == submit_status::conflict);
    REQUIRE(f.store->submit("plain-1", "y").status == submit_status::created);
    CHECK(f.store->find(zip.value.id).value->split);
    CHECK_FALSE(f.store->find_by_record("plain-1").value->split);
    auto first = f.store->claim("w", 60000).value;
    auto second = f.store->claim("w", 60000).value;
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->split);
    CHECK_FALSE(second->split);
}

TEST_CASE("a_store_made_before_the_split_flag_gets_the_column_and_keeps_its_jobs", "[worker][store]") {
    const std::string url = store_test::scratch_store_url("old-schema");
    {
        // The table as the first release made it, with one queued job.
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session s("SQLite", url.substr(7));
        s << "CREATE TABLE vanthu_jobs (id TEXT PRIMARY KEY, record_id TEXT NOT NULL UNIQUE,"
             " content_hash TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
             " max_attempts INTEGER NOT NULL, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL,"
             " available_ms BIGINT NOT NULL, lease_expires_ms BIGINT NOT NULL DEFAULT 0,"
             " lease_owner TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',"
             " pages_done INTEGER NOT NULL DEFAULT 0, pages_total INTEGER NOT NULL DEFAULT 0,"
             " record BLOB NOT NULL)", Poco::Data::Keywords::now;
        s << "INSERT INTO vanthu_jobs (id, record_id, content_hash, state, max_attempts, created_ms,"
             " updated_ms, available_ms, record) VALUES ('old', 'old-1', 'h', 'queued', 5, 1, 1, 1, 'x')",
            Poco::Data::Keywords::now;
    }
    std::string error;
    auto s = job_store::open({url}, error);
    INFO(error);
    REQUIRE(s);
    auto old = s->find("old").value;
    REQUIRE(old);
    CHECK_FALSE(old->split);
    CHECK(s->submit("new-1", "y", true).value.split);
    auto c = s->claim("w", 60000).value;
    REQUIRE(c);
    CHECK(c->id == "old");
    CHECK(c->record_bytes == "x");
}

TEST_CASE("record_ids_are_per_owner_and_an_owner_sees_only_its_jobs", "[worker][store]") {
    fixture f("owners");
    auto mine = f.store->submit("phong-pc07", "bb-01", "<meeting>a</meeting>", false);
    auto theirs = f.store->submit("cong-an-quan", "bb-01", "<meeting>b</meeting>", false);
    REQUIRE(mine.status == submit_status::created);
    REQUIRE(theirs.status == submit_status::created);
    CHECK(mine.value.id != theirs.value.id);
    CHECK(f.store->submit("phong-pc07", "bb-01", "<meeting>c</meeting>", false).status == submit_status::conflict);
    CHECK(f.store->find(mine.value.id, std::string("phong-pc07")).value);
    CHECK_FALSE(f.store->find(mine.value.id, std::string("cong-an-quan")).value);
    CHECK(f.store->find_by_record("bb-01", std::string("cong-an-quan")).value->id == theirs.value.id);
    auto listed = f.store->list(std::nullopt, 0, 10, std::string("cong-an-quan")).items;
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].owner == "cong-an-quan");
    CHECK(f.store->list(std::nullopt, 0, 10).items.size() == 2);
}

TEST_CASE("a_store_made_before_owners_is_brought_up_to_date_keeping_its_jobs", "[worker][store]") {
    const std::string url = store_test::scratch_store_url("before-owners");
    {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session old("SQLite", url.substr(7));
        using namespace Poco::Data::Keywords;
        // The schema of the stores written before jobs had owners: record ids unique for all.
        old << "CREATE TABLE vanthu_jobs (id TEXT PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL,"
               " state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL,"
               " created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL, available_ms BIGINT NOT NULL,"
               " lease_expires_ms BIGINT NOT NULL DEFAULT 0, lease_owner TEXT NOT NULL DEFAULT '',"
               " last_error TEXT NOT NULL DEFAULT '', pages_done INTEGER NOT NULL DEFAULT 0,"
               " pages_total INTEGER NOT NULL DEFAULT 0, record BLOB NOT NULL, split INTEGER NOT NULL DEFAULT 0)", now;
        old << "INSERT INTO vanthu_jobs (id, record_id, content_hash, state, max_attempts, created_ms, updated_ms,"
               " available_ms, record) VALUES ('j-1', 'bb-cu', 'h', 'done', 5, 1, 2, 3, X'3C6D2F3E')", now;
    }
    worker::store_options opts;
    opts.url = url;
    std::string error;
    auto store = job_store::open(opts, error);
    INFO(error);
    REQUIRE(store);
    auto kept = store->find("j-1").value;
    REQUIRE(kept);
    CHECK(kept->record_id == "bb-cu");
    CHECK(kept->owner == "");
    CHECK(kept->revision == 1);
    CHECK(kept->state == job_state::done);
    CHECK(store->submit("phong-pc07", "bb-cu", "<m/>", false).status == submit_status::created);
    auto reopened = job_store::open(opts, error);  // a second open changes nothing
    REQUIRE(reopened);
    CHECK(reopened->list(std::nullopt, 0, 10).items.size() == 2);
}
