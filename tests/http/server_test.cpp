// The listeners of a real worker: the loopback metrics listener (vanthu.metrics.port) serves
// /metrics and the probes without a token, and nothing else, and only on loopback.
#include <catch2/catch.hpp>

#include <signal.h>

#include <filesystem>
#include <string>
#include <vector>

#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using serve_test::call;

namespace {

// The port of the metrics listener, read from the worker's log ("... on 127.0.0.1:PORT").
int metrics_port_of(serve_test::serve_process& p) {
    const std::string key = "\"message\":\"metrics, livez and readyz without tokens on 127.0.0.1:";
    const std::string log = p.text();
    const std::size_t at = log.find(key);
    return at == std::string::npos ? 0 : std::stoi(log.substr(at + key.size()));
}

// `vanthu serve` with the test settings plus extra ones, run to its end (124 if it was still
// running after 20 s: it started when it should have refused).
test_paths::command_output serve_until_exit(const std::string& dir, const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {"timeout", "20", test_paths::vanthu_program(), "serve"};
    for (const std::string& a : serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir)) argv.push_back(a);
    argv.insert(argv.end(), extra.begin(), extra.end());
    return test_paths::run_command(argv);
}

}  // namespace

TEST_CASE("metrics_listener_serves_metrics_and_probes_without_a_token_and_nothing_else", "[http][metrics]") {
    const std::string dir = test_paths::scratch_dir("server-metrics-listener");
    std::vector<std::string> args = serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir);
    args.push_back("-Dvanthu.auth=required");
    args.push_back("-Dvanthu.metrics.port=0");
    auto p = serve_test::start_serve(args);
    const int api = p->wait_port();
    REQUIRE(api > 0);
    const int metrics = metrics_port_of(*p);
    INFO(p->text());
    REQUIRE(metrics > 0);
    CHECK(metrics != api);

    serve_test::answer m = call(metrics, "GET", "/metrics");
    CHECK(m.status == 200);
    CHECK(m.body.find("vanthu_jobs_total{outcome=\"done\"} 0") != std::string::npos);
    CHECK(call(metrics, "GET", "/livez").body == "ok\n");
    CHECK(call(metrics, "GET", "/readyz").body == "ready\n");
    // Nothing of the API: no jobs, no renders, no document.
    CHECK(call(metrics, "GET", "/v1/jobs").status == 404);
    CHECK(call(metrics, "POST", "/v1/render", "<bien-ban/>").status == 404);
    CHECK(call(metrics, "GET", "/openapi.json").status == 404);
    serve_test::answer post = call(metrics, "POST", "/metrics", "x");
    CHECK(post.status == 405);
    CHECK(post.headers["allow"] == "GET");
    // The API's own /metrics still needs an admin token.
    CHECK(call(api, "GET", "/metrics").status == 401);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("without_vanthu_metrics_port_there_is_no_metrics_listener", "[http][metrics]") {
    const std::string dir = test_paths::scratch_dir("server-no-metrics-listener");
    auto p = serve_test::start_serve(serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir));
    REQUIRE(p->wait_port() > 0);
    CHECK(metrics_port_of(*p) == 0);
    CHECK(p->text().find("metrics, livez and readyz") == std::string::npos);
    CHECK(p->stop(SIGTERM) == 0);
}

TEST_CASE("metrics_listener_refuses_to_start_on_a_non_loopback_address", "[http][metrics]") {
    const std::string dir = test_paths::scratch_dir("server-metrics-public");
    for (const char* host : {"0.0.0.0", "192.168.1.20", "::"}) {
        test_paths::command_output run =
            serve_until_exit(dir, {"-Dvanthu.metrics.host=" + std::string(host), "-Dvanthu.metrics.port=9464"});
        INFO(host << "\n" << run.err);
        CHECK(run.exit_code == 78);
        CHECK(run.err.find("vanthu.metrics.host is '" + std::string(host) + "'") != std::string::npos);
        CHECK(run.err.find("listening on") == std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(dir + "/jobs.db"));
}
