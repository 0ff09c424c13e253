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
