// Tests of reading and printing scopes.
#include <catch2/catch.hpp>

#include "auth/scopes.hpp"

TEST_CASE("scopes_are_read_from_a_comma_list_and_printed_back_in_one_order") {
    auth::scopes_result r = auth::parse_scopes("read, submit");
    REQUIRE(r);
    CHECK(r.value.has(auth::scope::submit));
    CHECK(r.value.has(auth::scope::read));
    CHECK_FALSE(r.value.has(auth::scope::admin));
    CHECK(r.value.to_string() == "submit,read");
    CHECK(auth::parse_scopes("admin,signer").value.to_string() == "admin,signer");
    CHECK(auth::parse_scopes("").value.empty());
}

TEST_CASE("an_unknown_scope_is_named_not_ignored") {
    auth::scopes_result r = auth::parse_scopes("submit,raed");
    CHECK_FALSE(r);
    CHECK(r.bad == "raed");
    CHECK(auth::parse_scopes("submit,,read").bad == "(empty)");
}

TEST_CASE("a_role_gives_its_scopes_and_an_unknown_role_gives_none") {
    CHECK(auth::role_scopes("clerk").to_string() == "submit,read");
    CHECK(auth::role_scopes("signer").to_string() == "submit,read,signer");
    CHECK(auth::role_scopes("admin").to_string() == "submit,read,admin,signer");
    CHECK(auth::role_scopes("Clerk").empty());
    CHECK(auth::is_role("signer"));
    CHECK_FALSE(auth::is_role("văn thư"));
    CHECK_FALSE(auth::is_role(""));
}
