// Owns the store tests' scratch store and fake clock.
#include "store_fixture.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/URI.h>

#include "support/test_paths.hpp"
#include "worker/store_impl.hpp"

namespace store_test {

std::string scratch_store_url(const std::string& name) {
    return "sqlite:" + test_paths::scratch_dir("worker-" + name) + "/jobs.db";
}

std::string test_pg_url() {
    const char* url = std::getenv("VANTHU_TEST_PG");
    return url ? url : "";
}

std::unique_ptr<worker::job_store> postgresql_store(const std::string& name, std::int64_t& clock_ms) {
    if (test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL test skipped");
        return nullptr;
    }
    worker::store_options o;
    o.url = fresh_pg_database(name);
    std::string error;
    auto s = worker::job_store::open(o, error);
    INFO(error);
    REQUIRE(s);
    s->set_clock([&clock_ms] { return clock_ms; });
    return s;
}

std::string fresh_pg_database(const std::string& name) {
    const std::string base = test_pg_url();
    worker::sql_dialect d;
    std::string error;
    INFO(error);
    REQUIRE(worker::choose_dialect(base, d, error));
    Poco::Data::PostgreSQL::Connector::registerConnector();
    Poco::Data::Session s(d.connector, d.connection);
    const std::string db = "vanthu_test_" + name;
    s << "SET client_min_messages = warning", Poco::Data::Keywords::now;
    s << "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)", Poco::Data::Keywords::now;
    s << "CREATE DATABASE " + db, Poco::Data::Keywords::now;
    Poco::URI uri(base);
    uri.setPath("/" + db);
    return uri.toString();
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
