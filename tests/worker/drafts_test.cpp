// The drafts table and the queries of the list of documents: versions, owners, order; on
// SQLite always and on PostgreSQL when VANTHU_TEST_PG is set.
#include <catch2/catch.hpp>

#include "store_fixture.hpp"

using namespace worker;

namespace {

// A draft of an owner with a body naming its id.
draft_row draft_of(const std::string& owner, const std::string& id, const std::string& title) {
    return {owner, id, "meeting", title, "15/BB", "2026-12-03", "<meeting id=\"" + id + "\"/>", 0, 0, 0, "user:lan"};
}

// Every rule of the drafts, on one store whose clock the test moves.
void check_drafts(job_store& s, std::int64_t& clock_ms) {
    std::string error;
    draft_result first = s.save_draft(draft_of("unit:PC07", "bb-1", "Họp giao ban"), std::nullopt);
    CHECK(first.status == draft_status::created);
    CHECK(first.version == 1);
    CHECK(first.updated_ms == clock_ms);
    clock_ms += 1000;
    draft_row edited = draft_of("unit:PC07", "bb-1", "Họp giao ban tuần");
    edited.body = "<meeting id=\"bb-1\"><title>Họp giao ban tuần</title></meeting>";
    const draft_result second = s.save_draft(edited, 1);
    CHECK(second.status == draft_status::updated);
    CHECK(second.version == 2);
    // A save over a version that is no longer stored, or over a draft that is not there.
    const draft_result stale = s.save_draft(edited, 1);
    CHECK(stale.status == draft_status::conflict);
    CHECK(stale.version == 2);
    CHECK(s.save_draft(draft_of("unit:PC07", "bb-9", "x"), 1).status == draft_status::conflict);
    CHECK_FALSE(s.find_draft("unit:PC07", "bb-9", error));
    // Another unit has its own drafts under the same ids, and never sees these.
    clock_ms += 1000;
    CHECK(s.save_draft(draft_of("unit:PC08", "bb-1", "Của PC08"), std::nullopt).status == draft_status::created);
    CHECK_FALSE(s.find_draft("unit:PC08", "bb-2", error));
    clock_ms += 1000;
    CHECK(s.save_draft(draft_of("unit:PC07", "bb-2", "Hội nghị"), std::nullopt).status == draft_status::created);
    const std::optional<draft_row> found = s.find_draft("unit:PC07", "bb-1", error);
    REQUIRE(found);
    CHECK(found->body == edited.body);
    CHECK(found->version == 2);
    CHECK(found->title == "Họp giao ban tuần");
    CHECK(found->created_ms + 1000 == found->updated_ms);
    CHECK(found->updated_by == "user:lan");
    // The list: the latest saved first, without bodies, the owner's only.
    const std::vector<draft_row> listed = s.list_drafts("unit:PC07", error);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].id == "bb-2");
    CHECK(listed[1].id == "bb-1");
    CHECK(listed[1].number == "15/BB");
    CHECK(listed[1].doc_date == "2026-12-03");
    CHECK(listed[0].body.empty());
    CHECK(s.find_draft("unit:PC08", "bb-1", error)->title == "Của PC08");
    // Deleted once; the other unit's draft of that id stays.
    CHECK(s.delete_draft("unit:PC07", "bb-1", error) == client_status::ok);
    CHECK(s.delete_draft("unit:PC07", "bb-1", error) == client_status::not_found);
    CHECK(s.find_draft("unit:PC08", "bb-1", error));
    CHECK(s.save_draft(draft_of("unit:PC07", "bb-1", "again"), std::nullopt).version == 1);
    CHECK(error.empty());
}

// The latest revision of each record id, the latest updated first, and the records they keep.
void check_latest_jobs(job_store& s, std::int64_t& clock_ms) {
    submission a;
    a.owner = "unit:PC07";
    a.record_id = "bb-1";
    a.record_bytes = "<meeting id=\"bb-1\"/>";
    REQUIRE(s.submit(a).status == submit_status::created);
    clock_ms += 1000;
    submission b = a;
    b.record_id = "bb-2";
    b.record_bytes = "<meeting id=\"bb-2\"/>";
    REQUIRE(s.submit(b).status == submit_status::created);
    clock_ms += 1000;
    a.record_bytes = "<meeting id=\"bb-1\"><title>2</title></meeting>";
    a.revise = true;
    const submit_result revised = s.submit(a);
    REQUIRE(revised.value.revision == 2);
    submission other = b;
    other.owner = "unit:PC08";
    REQUIRE(s.submit(other).status == submit_status::created);
    const list_result latest = s.latest_jobs(std::string("unit:PC07"), 10);
    REQUIRE(latest.items.size() == 2);
    CHECK(latest.items[0].record_id == "bb-1");
    CHECK(latest.items[0].revision == 2);
    CHECK(latest.items[1].record_id == "bb-2");
    CHECK(s.latest_jobs(std::nullopt, 10).items.size() == 3);
    CHECK(s.latest_jobs(std::string("unit:PC07"), 1).items.size() == 1);
    std::string error;
    CHECK(s.read_record(revised.value.id, error) == std::optional<std::string>(std::string(a.record_bytes)));
    CHECK_FALSE(s.read_record("no-such-job", error));
    CHECK(error.empty());
}

}  // namespace

TEST_CASE("drafts_are_kept_per_owner_and_saved_over_only_at_the_version_expected", "[worker][drafts]") {
    store_test::fixture f("drafts");
    check_drafts(*f.store, f.clock_ms);
}

TEST_CASE("latest_jobs_give_each_record_ids_latest_revision_the_latest_updated_first", "[worker][drafts]") {
    store_test::fixture f("drafts-latest");
    check_latest_jobs(*f.store, f.clock_ms);
}

TEST_CASE("postgresql_drafts_and_latest_jobs_follow_the_same_rules", "[worker][postgresql][drafts]") {
    std::int64_t clock_ms = 1'700'000'000'000;
    auto s = store_test::postgresql_store("drafts", clock_ms);
    if (!s) return;
    check_drafts(*s, clock_ms);
    check_latest_jobs(*s, clock_ms);
}
