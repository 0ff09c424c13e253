// The worker's configuration: defaults, the sample file, environment and command-line layers.
#include <catch2/catch.hpp>

#include <fstream>

#include <Poco/Exception.h>

#include "support/test_paths.hpp"
#include "worker/config.hpp"

using namespace worker;

namespace {

// A settings struct from the given layers; REQUIREs no error.
settings settle(const std::string& file, std::map<std::string, std::string> env,
                std::map<std::string, std::string> cli) {
    std::string error;
    auto layered = layer_config(file, env, cli, error);
    INFO(error);
    REQUIRE(error.empty());
    return read_settings(*layered);
}

}  // namespace

TEST_CASE("env_name_maps_a_key_to_its_environment_variable", "[worker][config]") {
    CHECK(env_name("vanthu.http.port") == "VANTHU_HTTP_PORT");
    CHECK(env_name("vanthu.http.max_body") == "VANTHU_HTTP_MAX_BODY");
}

TEST_CASE("the_sample_properties_file_says_what_the_code_defaults_are", "[worker][config]") {
    const std::string dir = test_paths::scratch_dir("worker-config-sample");
    std::ofstream(dir + "/sample.properties") << sample_properties();
    settings from_code = settle("", {}, {});
    settings from_file = settle(dir + "/sample.properties", {}, {});
    CHECK(from_file.http_host == from_code.http_host);
    CHECK(from_file.http_port == from_code.http_port);
    CHECK(from_file.max_body == from_code.max_body);
    CHECK(from_file.store == from_code.store);
    CHECK(from_file.max_queue == from_code.max_queue);
    CHECK(from_file.lease_ms == from_code.lease_ms);
    CHECK(from_file.backoff_ms == from_code.backoff_ms);
    CHECK(from_file.max_attempts == from_code.max_attempts);
    CHECK(from_file.workers == from_code.workers);
    CHECK(from_file.grace_s == from_code.grace_s);
    CHECK(from_file.spool == from_code.spool);
    CHECK(from_file.max_pages == from_code.max_pages);
    CHECK(from_file.time_limit_s == from_code.time_limit_s);
    CHECK(from_file.strict_text == from_code.strict_text);
    CHECK(from_file.http_timeout_s == from_code.http_timeout_s);
    CHECK(from_file.busy_timeout_ms == from_code.busy_timeout_ms);
    CHECK(from_file.tls_cert == from_code.tls_cert);
    CHECK(from_file.metrics_host == from_code.metrics_host);
    CHECK(from_file.metrics_port == from_code.metrics_port);
    CHECK(from_file.session_ttl_s == from_code.session_ttl_s);
    CHECK(from_file.results_keep_s == from_code.results_keep_s);
    CHECK(from_file.purge_every_s == from_code.purge_every_s);
    CHECK(from_file.audit_file == from_code.audit_file);
}

TEST_CASE("results_are_kept_30_days_unless_told_otherwise_or_off", "[worker][config]") {
    CHECK(settle("", {}, {}).results_keep_s == 30 * 86400);
    CHECK(settle("", {}, {{"vanthu.results.keep", "90d"}}).results_keep_s == 90 * 86400);
    CHECK(settle("", {}, {{"vanthu.results.keep", "off"}}).results_keep_s == 0);
    std::string error, said;
    auto layered = layer_config("", {}, {{"vanthu.results.keep", "30 days"}}, error);
    try {
        read_settings(*layered);
    } catch (const Poco::Exception& e) {
        said = e.displayText();
    }
    CHECK(said.find("vanthu.results.keep is '30 days'") != std::string::npos);
    CHECK(settle("", {}, {{"vanthu.audit.file", "off"}}).audit_file.empty());
}

TEST_CASE("a_session_ttl_is_read_as_a_length_of_time_with_its_unit", "[worker][config]") {
    CHECK(settle("", {}, {}).session_ttl_s == 8 * 3600);
    CHECK(settle("", {}, {{"vanthu.session.ttl", "90s"}}).session_ttl_s == 90);
    CHECK(settle("", {}, {{"vanthu.session.ttl", "30m"}}).session_ttl_s == 1800);
    CHECK(settle("", {}, {{"vanthu.session.ttl", "1d"}}).session_ttl_s == 86400);
    CHECK(settle("", {{"vanthu.session.ttl", "120"}}, {}).session_ttl_s == 120);
    for (const char* bad : {"8 giờ", "h", "0h", "8w", "-5s"}) {
        std::string error;
        auto layered = layer_config("", {}, {{"vanthu.session.ttl", bad}}, error);
        std::string said;
        try {
            read_settings(*layered);
        } catch (const Poco::Exception& e) {
            said = e.displayText();
        }
        CHECK(said.find("vanthu.session.ttl is '" + std::string(bad) + "'") != std::string::npos);
    }
}

TEST_CASE("defaults_work_with_no_file_at_all", "[worker][config]") {
    settings s = settle("", {}, {});
    CHECK(s.tls_cert.empty());  // plain HTTP on loopback until a certificate is given
    CHECK(s.tls_key.empty());
    CHECK(s.metrics_port == -1);  // no metrics listener
    CHECK(settle("", {{"vanthu.metrics.port", "9464"}}, {}).metrics_port == 9464);
    CHECK(s.http_host == "127.0.0.1");
    CHECK(s.http_port == 8080);
    CHECK(s.store == "sqlite:var/vanthu.db");
    CHECK(s.spool == "spool");
    CHECK_FALSE(s.templates.empty());
    CHECK_FALSE(s.worker_id.empty());
}

TEST_CASE("the_environment_beats_the_file_and_the_command_line_beats_both", "[worker][config]") {
    const std::string dir = test_paths::scratch_dir("worker-config-layers");
    std::ofstream(dir + "/v.properties") << "vanthu.http.port = 9000\nvanthu.workers = 4\nvanthu.spool = /srv/spool\n";
    settings s = settle(dir + "/v.properties", {{"vanthu.http.port", "9100"}, {"vanthu.workers", "6"}},
                        {{"vanthu.http.port", "9200"}});
    CHECK(s.http_port == 9200);
    CHECK(s.workers == 6);
    CHECK(s.spool == "/srv/spool");
}

TEST_CASE("read_environment_picks_up_VANTHU_variables", "[worker][config]") {
    ::setenv("VANTHU_QUEUE_MAX", "17", 1);
    auto env = read_environment();
    ::unsetenv("VANTHU_QUEUE_MAX");
    CHECK(env["vanthu.queue.max"] == "17");
}

TEST_CASE("a_missing_configuration_file_is_an_error", "[worker][config]") {
    std::string error;
    layer_config("/nonexistent/vanthu.properties", {}, {}, error);
    CHECK(error.find("/nonexistent/vanthu.properties") != std::string::npos);
}

TEST_CASE("the_committed_sample_properties_file_is_up_to_date", "[worker][config]") {
    // Regenerate with worker::sample_properties() when a key changes.
    CHECK(test_paths::read_file(test_paths::source("samples/vanthu.properties")) == sample_properties());
}

TEST_CASE("strict_text_is_off_by_default_and_set_by_its_key_in_any_layer", "[worker][config]") {
    CHECK_FALSE(settle("", {}, {}).strict_text);
    CHECK(settle("", {{"vanthu.render.strict_text", "true"}}, {}).strict_text);
    CHECK(settle("", {}, {{"vanthu.render.strict_text", "yes"}}).strict_text);
    CHECK_FALSE(settle("", {{"vanthu.render.strict_text", "true"}}, {{"vanthu.render.strict_text", "false"}}).strict_text);
    CHECK(env_name("vanthu.render.strict_text") == "VANTHU_RENDER_STRICT_TEXT");
}
