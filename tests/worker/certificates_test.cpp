// The register of issued certificates: entered by code, brought up to date by a later render,
// revoked per recipient; on SQLite always and on PostgreSQL when VANTHU_TEST_PG is set.
#include <catch2/catch.hpp>

#include "store_fixture.hpp"

using namespace worker;

namespace {

// A certificate of record gk-2022 for a recipient under a register number.
record::issued_certificate certificate(const std::string& recipient, const std::string& register_number,
                                       const std::string& name) {
    record::issued_certificate c;
    c.code = "code-" + recipient + "-" + register_number;
    c.record_id = "gk-2022";
    c.recipient_id = recipient;
    c.register_number = register_number;
    c.name = name;
    c.heading = "GIẤY KHEN";
    c.decision_number = "2106/QĐ-CAHP";
    c.issuer = "CÔNG AN THÀNH PHỐ HẢI PHÒNG";
    return c;
}

void check_register(job_store& s, std::int64_t& clock_ms) {
    std::string error;
    const std::vector<record::issued_certificate> first = {certificate("gk-1", "001", "Tổ dân phố số 3"),
                                                           certificate("gk-2", "002", "Chợ Sắt")};
    REQUIRE(s.register_certificates("unit:PC07", "job-1", first, error));
    std::optional<certificate_row> found = s.find_certificate("code-gk-1-001", error);
    REQUIRE(found);
    CHECK(found->facts.name == "Tổ dân phố số 3");
    CHECK(found->facts.decision_number == "2106/QĐ-CAHP");
    CHECK(found->owner == "unit:PC07");
    CHECK(found->job_id == "job-1");
    CHECK(found->registered_ms == clock_ms);
    CHECK(found->revoked_ms == 0);
    CHECK_FALSE(s.find_certificate("code-gk-9-009", error));

    // A revision mends a name: the same code, its facts new; another owner's render of the
    // same code changes nothing.
    clock_ms += 1000;
    REQUIRE(s.register_certificates("unit:PC07", "job-2", {certificate("gk-1", "001", "Tổ dân phố số 3A")}, error));
    REQUIRE(s.register_certificates("unit:PC08", "job-9", {certificate("gk-1", "001", "Giả mạo")}, error));
    found = s.find_certificate("code-gk-1-001", error);
    CHECK(found->facts.name == "Tổ dân phố số 3A");
    CHECK(found->job_id == "job-2");
    CHECK(found->owner == "unit:PC07");

    // The same recipient under a second register number: revoking the recipient revokes both.
    REQUIRE(s.register_certificates("unit:PC07", "", {certificate("gk-1", "001b", "Tổ dân phố số 3A")}, error));
    clock_ms += 1000;
    revoke_result r = s.revoke_certificates("gk-2022", "gk-1", std::nullopt, "user:admin", "cấp trùng");
    CHECK(r.status == revoke_status::revoked);
    CHECK(r.count == 2);
    found = s.find_certificate("code-gk-1-001b", error);
    CHECK(found->revoked_ms == clock_ms);
    CHECK(found->revoked_by == "user:admin");
    CHECK(found->revoke_reason == "cấp trùng");
    CHECK(s.revoke_certificates("gk-2022", "gk-1", std::nullopt, "user:admin", "").status == revoke_status::unchanged);
    // A revoked certificate rendered again stays revoked.
    REQUIRE(s.register_certificates("unit:PC07", "job-3", {certificate("gk-1", "001", "Tổ dân phố số 3A")}, error));
    CHECK(s.find_certificate("code-gk-1-001", error)->revoked_ms != 0);
    CHECK(s.find_certificate("code-gk-2-002", error)->revoked_ms == 0);
    // Of one owner only, when given; nothing of that recipient at all: not found.
    CHECK(s.revoke_certificates("gk-2022", "gk-2", std::string("unit:PC08"), "x", "").status == revoke_status::not_found);
    CHECK(s.revoke_certificates("gk-2022", "gk-7", std::nullopt, "x", "").status == revoke_status::not_found);
    CHECK(error.empty());
}

}  // namespace

TEST_CASE("the_certificate_register_keeps_codes_mends_facts_and_revokes_per_recipient", "[worker][certificates]") {
    store_test::fixture f("certificates");
    check_register(*f.store, f.clock_ms);
}

TEST_CASE("the_certificate_register_works_the_same_on_postgresql", "[worker][certificates][postgresql]") {
    std::int64_t clock_ms = 1'700'000'000'000;
    if (auto s = store_test::postgresql_store("certificates", clock_ms)) check_register(*s, clock_ms);
}
