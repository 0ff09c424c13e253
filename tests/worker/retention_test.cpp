// Retention: finished jobs' results and records are purged after vanthu.results.keep, with a
// clock the test moves; their rows stay with the result's digest; the spool's old files go;
// on PostgreSQL one worker of a fleet purges at a time.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <fcntl.h>

#include <filesystem>
#include <fstream>

#include <Poco/Data/Session.h>

#include "store_fixture.hpp"
#include "support/test_paths.hpp"
#include "worker/retention.hpp"
#include "worker/store_impl.hpp"

using namespace worker;

namespace {

constexpr std::int64_t day = 86'400'000;

// A job of the store rendered with this result at the store's current time.
job done_job(job_store& store, const std::string& record_id, const std::string& result) {
    const submit_result s = store.submit(record_id, "<meeting id=\"" + record_id + "\"/>");
    REQUIRE(s.status == submit_status::created);
    claim_result c = store.claim("w1", 60000);
    REQUIRE(c.value);
    REQUIRE(c.value->id == s.value.id);
    REQUIRE(store.complete(c.value->id, c.value->attempt, result, 3) == fence_status::applied);
    return *store.find(s.value.id).value;
}

// The whole cycle on one store whose clock reads `clock`: a done, a failed, a cancelled and a
// queued job; nothing goes a millisecond before the cutoff, every ended one after it.
void purge_cycle(job_store& store, std::int64_t& clock) {
    const std::string pdf = "%PDF-1.7 giấy khen " + std::string(5000, 'x');
    const job done = done_job(store, "gk-2026-001", pdf);
    CHECK(done.result_digest == hash_content(pdf));
    CHECK(done.result_bytes == static_cast<std::int64_t>(pdf.size()));
    const submit_result bad = store.submit("bb-sai", "<meeting/>");
    claim_result c = store.claim("w1", 60000);
    REQUIRE(c.value);
    REQUIRE(store.fail(c.value->id, c.value->attempt, "1:1: /meeting: no title", true) == fence_status::applied);
    const submit_result stopped = store.submit("bb-huy", "<meeting id=\"huy\"/>");
    REQUIRE(store.cancel(stopped.value.id, std::nullopt).status == cancel_status::cancelled);
    clock += 29 * day;
    const submit_result waiting = store.submit("bb-cho", "<meeting id=\"cho\"/>");  // queued, never ends

    retention_options keep;
    keep.keep_ms = 30 * day;
    keep.batch = 2;  // several passes
    json_log quiet(std::cerr, log_level::error);
    retention_keeper keeper(store, keep, quiet, [&clock] { return clock; });
    clock += day - 1;  // a millisecond short of 30 days after the first three ended
    retention_cycle early = keeper.run_once();
    CHECK(early.jobs == 0);
    CHECK(store.read_result(done.id) == pdf);
    clock += 2;
    retention_cycle due = keeper.run_once();
    INFO(due.error);
    CHECK(due.error.empty());
    CHECK(due.jobs == 3);
    CHECK_FALSE(store.read_result(done.id));
    for (const std::string& id : {done.id, bad.value.id, stopped.value.id}) {
        const std::optional<job> j = store.find(id).value;
        REQUIRE(j);  // the row stays as the register of what was issued
        CHECK(j->purged_ms == clock);
    }
    const job kept = *store.find(done.id).value;
    CHECK(kept.state == job_state::done);
    CHECK(kept.result_digest == hash_content(pdf));
    CHECK(kept.record_id == "gk-2026-001");
    CHECK(store.find(waiting.value.id).value->purged_ms == 0);
    CHECK(keeper.run_once().jobs == 0);  // nothing twice
    // The same record sent again is made again, as its next revision.
    const submit_result again = store.submit("gk-2026-001", "<meeting id=\"gk-2026-001\"/>");
    CHECK(again.status == submit_status::created);
    CHECK(again.value.revision == 2);
    // Out of the way of what the caller does next: both end now, cancelled.
    REQUIRE(store.cancel(waiting.value.id, std::nullopt).status == cancel_status::cancelled);
    REQUIRE(store.cancel(again.value.id, std::nullopt).status == cancel_status::cancelled);
}

// Sets a file's modification time (milliseconds since the epoch).
void touch_at(const std::filesystem::path& p, std::int64_t ms) {
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = static_cast<time_t>(ms / 1000);
    times[0].tv_nsec = times[1].tv_nsec = 0;
    REQUIRE(::utimensat(AT_FDCWD, p.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0);
}

}  // namespace

TEST_CASE("results_and_records_are_purged_after_the_retention_period_and_the_rows_stay", "[worker][retention]") {
    store_test::fixture f("retention");
    f.store->set_clock([&f] { return f.clock_ms; });
    purge_cycle(*f.store, f.clock_ms);
}

TEST_CASE("the_spool_loses_its_old_done_and_failed_files_and_nothing_a_link_points_to", "[worker][retention]") {
    const std::filesystem::path root = test_paths::scratch_dir("retention-spool");
    for (const char* d : {"incoming", "done", "failed"}) std::filesystem::create_directories(root / d);
    const std::int64_t now = 1'800'000'000'000;
    const std::filesystem::path outside = root / "keep-me.pdf";
    std::ofstream(outside) << "not the spool's";
    std::ofstream(root / "done" / "old.pdf") << "%PDF";
    std::ofstream(root / "done" / "new.pdf") << "%PDF";
    std::ofstream(root / "failed" / "old.xml") << "<x/>";
    std::ofstream(root / "failed" / "old.error.txt") << "1:1: malformed XML";
    std::ofstream(root / "incoming" / "old.xml") << "<x/>";
    std::filesystem::create_symlink(outside, root / "done" / "link.pdf");
    std::filesystem::create_directories(root / "done" / "folder");
    for (const char* p : {"done/old.pdf", "failed/old.xml", "failed/old.error.txt", "incoming/old.xml", "done/link.pdf", "done/folder"})
        touch_at(root / p, now - 31 * day);
    touch_at(outside, now - 31 * day);
    touch_at(root / "done" / "new.pdf", now - 29 * day);

    CHECK(purge_spool_files(root.string(), now - 30 * day) == 4);
    CHECK_FALSE(std::filesystem::exists(root / "done" / "old.pdf"));
    CHECK_FALSE(std::filesystem::exists(root / "failed" / "old.xml"));
    CHECK_FALSE(std::filesystem::exists(root / "failed" / "old.error.txt"));
    CHECK_FALSE(std::filesystem::is_symlink(root / "done" / "link.pdf"));
    CHECK(std::filesystem::exists(outside));                    // the link went, not its target
    CHECK(std::filesystem::exists(root / "done" / "new.pdf"));  // younger than the period
    CHECK(std::filesystem::exists(root / "incoming" / "old.xml"));  // not the purge's to take
    CHECK(std::filesystem::is_directory(root / "done" / "folder"));
}

TEST_CASE("postgresql_purges_the_same_way_and_one_worker_at_a_time", "[worker][retention][postgresql]") {
    if (store_test::test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL test skipped");
        return;
    }
    store_options o;
    o.url = store_test::fresh_pg_database("retention");
    std::string error;
    auto store = job_store::open(o, error);
    REQUIRE(store);
    std::int64_t clock = 1'700'000'000'000;
    store->set_clock([&clock] { return clock; });
    purge_cycle(*store, clock);

    // While another member of the fleet purges (it holds the purge lock), this one stands aside.
    const job done = done_job(*store, "gk-2026-002", "%PDF-1.7");
    clock += 31 * day;
    sql_dialect d;
    REQUIRE(choose_dialect(o.url, d, error));
    Poco::Data::Session other(d.connector, d.connection);
    other << "BEGIN", Poco::Data::Keywords::now;
    other << "SELECT pg_advisory_xact_lock(7268746876)", Poco::Data::Keywords::now;
    const purge_result aside = store->purge_ended(clock - 30 * day, 100);
    CHECK(aside.busy);
    CHECK(aside.purged == 0);
    CHECK(store->read_result(done.id));
    other << "COMMIT", Poco::Data::Keywords::now;
    const purge_result after = store->purge_ended(clock - 30 * day, 100);
    CHECK_FALSE(after.busy);
    CHECK(after.purged == 3);  // this job and the two purge_cycle cancelled at its end
    CHECK_FALSE(store->read_result(done.id));
}
