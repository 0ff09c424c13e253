// The users and sessions tables: expiry by the store's clock, revocation, disabled users; on
// SQLite always and on PostgreSQL when VANTHU_TEST_PG is set.
#include <catch2/catch.hpp>

#include "store_fixture.hpp"

using namespace worker;

namespace {

// A session of a user from `now`, lasting ttl_ms.
session_row session_of(const std::string& digest, const std::string& user, std::int64_t now, std::int64_t ttl_ms) {
    return {digest, user, "csrf-" + digest, now, now + ttl_ms};
}

// Every rule of the two tables, on one store whose clock the test moves.
void check_users_and_sessions(job_store& s, std::int64_t& clock_ms) {
    std::string error;
    REQUIRE(s.add_user({"lan.nguyen", "$argon2id$v=19$m=65536,t=2,p=1$aa$bb", "clerk", "PC07", 0, 0}, error) ==
            client_status::ok);
    REQUIRE(s.add_user({"mai.le", "$argon2id$v=19$m=65536,t=2,p=1$cc$dd", "signer", "", 0, 0}, error) ==
            client_status::ok);
    CHECK(s.add_user({"lan.nguyen", "x", "admin", "", 0, 0}, error) == client_status::exists);
    const auto lan = s.find_user("lan.nguyen", error);
    REQUIRE(lan);
    CHECK(lan->role == "clerk");
    CHECK(lan->unit == "PC07");
    CHECK(lan->created_ms == clock_ms);
    CHECK_FALSE(s.find_user("khong.co.ai", error));
    CHECK(s.list_users(error).size() == 2);
    // A session lives until its absolute expiry, by the store's clock.
    REQUIRE(s.open_session(session_of("d1", "lan.nguyen", clock_ms, 1000), error) == client_status::ok);
    REQUIRE(s.open_session(session_of("d2", "lan.nguyen", clock_ms, 60000), error) == client_status::ok);
    REQUIRE(s.open_session(session_of("d3", "mai.le", clock_ms, 60000), error) == client_status::ok);
    const auto found = s.find_session("d1", error);
    REQUIRE(found);
    CHECK(found->user.unit == "PC07");
    CHECK(found->session.csrf_token == "csrf-d1");
    clock_ms += 1000;
    CHECK_FALSE(s.find_session("d1", error));
    CHECK(s.find_session("d2", error));
    // Logout ends one session; a new password ends every session of that user only.
    CHECK(s.close_session("d2", error) == client_status::ok);
    CHECK(s.close_session("d2", error) == client_status::not_found);
    REQUIRE(s.open_session(session_of("d4", "lan.nguyen", clock_ms, 60000), error) == client_status::ok);
    CHECK(s.set_password("lan.nguyen", "$argon2id$new", error) == client_status::ok);
    CHECK_FALSE(s.find_session("d4", error));
    CHECK(s.find_user("lan.nguyen", error)->password_hash == "$argon2id$new");
    CHECK(s.find_session("d3", error));
    CHECK(s.set_password("khong.co.ai", "x", error) == client_status::not_found);
    // Disabled: its sessions are gone, it stays listed, and it cannot be disabled twice.
    CHECK(s.disable_user("mai.le", error) == client_status::ok);
    CHECK_FALSE(s.find_session("d3", error));
    CHECK(s.find_user("mai.le", error)->disabled_ms == clock_ms);
    CHECK(s.disable_user("mai.le", error) == client_status::not_found);
    CHECK(error.empty());
}

}  // namespace

TEST_CASE("users_and_sessions_expire_by_the_clock_and_end_on_logout_passwd_and_disable", "[worker][users]") {
    store_test::fixture f("users-sessions");
    check_users_and_sessions(*f.store, f.clock_ms);
}

TEST_CASE("postgresql_users_and_sessions_follow_the_same_rules", "[worker][postgresql][users]") {
    std::int64_t clock_ms = 1'700'000'000'000;
    if (auto s = store_test::postgresql_store("users", clock_ms)) check_users_and_sessions(*s, clock_ms);
}
