// Results kept in chunks: a result of several MiB is stored a chunk at a time and read back
// the same, in order; a reader that fails stores nothing; purge and deletion leave no chunk.
#include <catch2/catch.hpp>

#include <Poco/Data/Session.h>

#include "store_fixture.hpp"
#include "worker/spill_file.hpp"
#include "worker/store_impl.hpp"

using namespace worker;

namespace {

// Bytes that differ at every offset, so that chunks out of order would show.
std::string numbered_bytes(std::size_t n) {
    std::string out;
    out.reserve(n + 16);
    for (std::size_t i = 0; out.size() < n; ++i) out += std::to_string(i) + ",";
    out.resize(n);
    return out;
}

Poco::Int64 chunk_rows(const std::string& url) {
    sql_dialect d;
    std::string error;
    REQUIRE(choose_dialect(url, d, error));
    Poco::Data::Session s(d.connector, d.connection);
    Poco::Int64 n = -1;
    s << "SELECT COUNT(*) FROM vanthu_result_chunks", Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    return n;
}

// Claims the store's next job (it must be the one given).
claimed_job claim_it(job_store& store, const std::string& id) {
    claim_result c = store.claim("w1", 60000);
    REQUIRE(c.value);
    REQUIRE(c.value->id == id);
    return *c.value;
}

void chunks_round_trip(job_store& store, const std::string& url) {
    const std::string big = numbered_bytes(3 * result_chunk_bytes + 12345);
    const submit_result s = store.submit("gcn-lon", "<certification/>");
    const claimed_job c = claim_it(store, s.value.id);
    // Through a spill file, as the worker does.
    spill_file spill("", 0);
    std::string message;
    REQUIRE(spill.open(message));
    for (std::size_t at = 0; at < big.size(); at += 70000) REQUIRE(spill.write(std::string_view(big).substr(at, 70000), message));
    CHECK(spill.size() == big.size());
    CHECK(spill.sha256() == hash_content(big));
    REQUIRE(store.complete(c.id, c.attempt, spill.reader(), static_cast<std::int64_t>(spill.size()), spill.sha256(), 4) ==
            fence_status::applied);
    CHECK(chunk_rows(url) == 4);
    std::vector<std::size_t> sizes;
    std::string back;
    CHECK(store.read_result(c.id, [&](std::string_view chunk) {
        sizes.push_back(chunk.size());
        back.append(chunk);
        return true;
    }) == read_status::ok);
    CHECK(back == big);
    CHECK(sizes == std::vector<std::size_t>{result_chunk_bytes, result_chunk_bytes, result_chunk_bytes, 12345});
    const job done = *store.find(c.id).value;
    CHECK(done.result_bytes == static_cast<std::int64_t>(big.size()));
    CHECK(done.result_digest == hash_content(big));
    int calls = 0;
    CHECK(store.read_result(c.id, [&](std::string_view) { return ++calls < 2; }) == read_status::stopped);
    CHECK(calls == 2);

    // A reader that breaks halfway stores nothing and leaves the job running.
    const submit_result t = store.submit("gcn-hong", "<certification>2</certification>");
    const claimed_job d = claim_it(store, t.value.id);
    int given = 0;
    const result_reader broken = [&given](std::string& chunk, std::size_t max, std::string& error) {
        if (given++ == 2) {
            error = "Input/output error";
            return false;
        }
        chunk.append(max, 'x');
        return true;
    };
    CHECK(store.complete(d.id, d.attempt, broken, 1 << 22, "00", 1) == fence_status::store_error);
    CHECK(store.find(d.id).value->state == job_state::running);
    CHECK(store.read_result(d.id, [](std::string_view) { return true; }) == read_status::none);
    CHECK(chunk_rows(url) == 4);

    // Deleting the result takes its chunks.
    REQUIRE(store.cancel(c.id, std::nullopt).status == cancel_status::deleted);
    CHECK(chunk_rows(url) == 0);
    CHECK(store.read_result(c.id, [](std::string_view) { return true; }) == read_status::none);
}

}  // namespace

TEST_CASE("a_result_of_several_mib_is_stored_and_read_a_chunk_at_a_time", "[worker][store][chunks]") {
    store_options o;
    o.url = store_test::scratch_store_url("chunks");
    store_test::fixture f("chunks", o);
    chunks_round_trip(*f.store, o.url);
}

TEST_CASE("postgresql_stores_results_in_chunks_the_same_way", "[worker][postgresql][chunks]") {
    if (store_test::test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL test skipped");
        return;
    }
    store_options o;
    o.url = store_test::fresh_pg_database("chunks");
    std::string error;
    auto store = job_store::open(o, error);
    REQUIRE(store);
    chunks_round_trip(*store, o.url);
}

TEST_CASE("a_spill_file_past_its_cap_refuses_the_write_and_says_why", "[worker][chunks]") {
    spill_file spill("", 1000);
    std::string message;
    REQUIRE(spill.open(message));
    CHECK(spill.write(std::string(600, 'a'), message));
    CHECK_FALSE(spill.write(std::string(600, 'b'), message));
    CHECK(spill.over_limit());
    CHECK(message.find("vanthu.results.max_bytes (1000 bytes)") != std::string::npos);
    spill_file nowhere("/nonexistent/folder", 0);
    CHECK_FALSE(nowhere.open(message));
    CHECK(message.find("/nonexistent/folder") != std::string::npos);
}
