// Fleets of the real `vanthu serve` program: PostgreSQL shared by two and three workers,
// SIGKILL in the middle of a 500-certificate job, progress while a long job runs.
#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include <Poco/Data/Session.h>

#include "../worker/store_fixture.hpp"
#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"
#include "worker/store.hpp"
#include "worker/store_impl.hpp"

using serve_test::call;
using serve_test::serve_process;

namespace {

// The samples a fleet's jobs are made of, round robin: minutes, ceremonies, certificates.
const char* const fleet_samples[] = {
    "meeting-minimal.xml",
    "meeting-2022-08-01-pccc-models.xml",
    "meeting-2023-11-23-model-ward-inspection.xml",
    "meeting-2020-07-10-half-year-review.xml",
    "ceremony-2020-commemoration-national-security-day.xml",
    "ceremony-2022-award-pccc-cnch.xml",
    "ceremony-2017-pledge-cluster-12.xml",
    "certification-2022-01-10-merit-pccc.xml",
    "certification-2023-standard-long-names.xml",
};

// The sample with more than 500 certificates, one page each.
const char* const big_sample = "samples/certification-2022-11-15-fire-safe-groups.xml";

// Writes bytes to a file, REQUIRing success.
void write_text(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    REQUIRE(out.good());
}

// Records with generated ids, each written to dir/in/<id>.xml; the id -> record bytes.
std::map<std::string, std::string> make_records(const std::string& dir, const std::string& prefix, int n) {
    std::filesystem::create_directories(dir + "/in");
    std::map<std::string, std::string> out;
    const std::size_t kinds = sizeof fleet_samples / sizeof fleet_samples[0];
    for (int i = 0; i < n; ++i) {
        const std::string sample = fleet_samples[static_cast<std::size_t>(i) % kinds];
        const std::string id = prefix + "-" + std::to_string(i);
        out[id] = serve_test::with_record_id(test_paths::read_file(test_paths::source("samples/" + sample)), id);
        write_text(dir + "/in/" + id + ".xml", out[id]);
    }
    return out;
}

// `vanthu render -o DIR` of every record in dir/in, into dir/expected/<id>.pdf.
test_paths::command_output run_render_command(const std::string& dir, const std::map<std::string, std::string>& records) {
    std::vector<std::string> argv = {test_paths::vanthu_program(), "render", "-o", dir + "/expected"};
    for (const auto& [id, bytes] : records) argv.push_back(dir + "/in/" + id + ".xml");
    if (records.size() == 1) argv[3] += "/" + records.begin()->first + ".pdf";
    std::filesystem::create_directories(dir + "/expected");
    return test_paths::run_command(argv);
}

// What the render command made of the records: record id -> PDF bytes.
std::map<std::string, std::string> read_rendered(const std::string& dir, const std::map<std::string, std::string>& records,
                                                 const test_paths::command_output& r) {
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, std::string> out;
    for (const auto& [id, bytes] : records) out[id] = test_paths::read_file(dir + "/expected/" + id + ".pdf");
    return out;
}

// `vanthu serve` (the real program) on a store, named in leases and logs.
std::unique_ptr<serve_process> start_worker(const std::string& store, const std::string& dir,
                                            const std::string& name, const std::string& lease = "60000") {
    std::vector<std::string> args = {"serve"};
    for (const std::string& a : serve_test::serve_args(store, dir + "/" + name, lease)) args.push_back(a);
    args.push_back("-Dvanthu.worker.id=" + name);
    auto p = std::make_unique<serve_process>(test_paths::vanthu_program(), args);
    INFO(p->text());
    REQUIRE(p->wait_port() > 0);
    return p;
}

// Opens the store the workers share, as a client of its own.
std::unique_ptr<worker::job_store> open_store(const std::string& url) {
    worker::store_options o;
    o.url = url;
    std::string error;
    auto s = worker::job_store::open(o, error);
    INFO(error);
    REQUIRE(s);
    return s;
}

// Waits until n jobs are done (or any failed, or the deadline passes); returns the done count.
std::size_t wait_all_done(worker::job_store& store, std::size_t n, std::chrono::seconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::size_t done = 0;
    while (std::chrono::steady_clock::now() < until) {
        done = store.list(worker::job_state::done, 0, n + 1).items.size();
        if (done >= n || !store.list(worker::job_state::failed, 0, 1).items.empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done;
}

// The rows of the results table: job id -> the attempt that stored it (straight from SQL).
std::map<std::string, int> stored_results(const std::string& url) {
    worker::sql_dialect d;
    std::string error;
    REQUIRE(worker::choose_dialect(url, d, error));
    Poco::Data::Session s(d.connector, d.connection);
    std::vector<std::string> ids;
    std::vector<int> attempts;
    s << "SELECT job_id, attempt FROM vanthu_results", Poco::Data::Keywords::into(ids),
        Poco::Data::Keywords::into(attempts), Poco::Data::Keywords::now;
    std::map<std::string, int> out;
    for (std::size_t i = 0; i < ids.size(); ++i) out[ids[i]] = attempts[i];
    return out;
}

// n workers on one fresh PostgreSQL database work through 200 jobs submitted over HTTP.
void run_postgresql_fleet(int workers, const std::string& name) {
    if (store_test::test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL fleet test skipped");
        return;
    }
    const std::string url = store_test::fresh_pg_database(name);
    const std::string dir = test_paths::scratch_dir("http-" + name);
    const int jobs = 200;
    const std::map<std::string, std::string> records = make_records(dir, name, jobs);
    // The command renders the same records meanwhile (no Catch2 assertion on that thread).
    std::future<test_paths::command_output> command = std::async(std::launch::async, [&] {
        return run_render_command(dir, records);
    });
    std::vector<std::unique_ptr<serve_process>> fleet;
    std::vector<int> ports;
    for (int w = 0; w < workers; ++w) {
        fleet.push_back(start_worker(url, dir, "w" + std::to_string(w)));
        ports.push_back(fleet.back()->wait_port());
    }
    int i = 0;
    for (const auto& [id, bytes] : records) {
        serve_test::answer a = call(ports[static_cast<std::size_t>(i++ % workers)], "POST", "/v1/jobs", bytes);
        INFO(id << ": " << a.body);
        REQUIRE(a.status == 202);
    }
    auto store = open_store(url);
    const std::map<std::string, std::string> expected = read_rendered(dir, records, command.get());
    REQUIRE(wait_all_done(*store, jobs, std::chrono::seconds(120)) == jobs);
    // Each job done once, by its first attempt, with the command's bytes.
    const std::vector<worker::job> all = store->list(std::nullopt, 0, 1000).items;
    REQUIRE(all.size() == jobs);
    const std::map<std::string, int> results = stored_results(url);
    CHECK(results.size() == jobs);
    for (const worker::job& j : all) {
        INFO(j.record_id);
        CHECK(j.state == worker::job_state::done);
        CHECK(j.attempts == 1);
        CHECK((results.count(j.id) == 1 && results.at(j.id) == 1));
        CHECK(store->read_result(j.id) == expected.at(j.record_id));
    }
    // Every worker took a share, and no render was done twice (or finished late).
    std::size_t logged = 0;
    for (auto& p : fleet) {
        INFO(p->text());
        CHECK(p->count_message("done") > 0);
        CHECK(p->count_message("finished late: another attempt owns the job") == 0);
        logged += p->count_message("done");
    }
    CHECK(logged == jobs);
    for (auto& p : fleet) CHECK(p->stop(SIGTERM) == 0);
}

// The 507-recipient sample with its recipients given `copies` times (fresh ids), so that a
// render lasts long enough on a quiet machine for a heartbeat to show it mid-way.
std::string repeat_recipients(const std::string& sample, int copies) {
    const std::string open = "<recipients>", close = "</recipients>";
    const std::size_t begin = sample.find(open) + open.size(), end = sample.find(close);
    const std::string inner = sample.substr(begin, end - begin);
    std::string all = inner;
    for (int c = 1; c < copies; ++c) {
        std::string copy = inner;
        const std::string from = "<recipient id=\"", to = from + "c" + std::to_string(c) + "-";
        for (std::size_t at = copy.find(from); at != std::string::npos; at = copy.find(from, at + to.size()))
            copy.replace(at, from.size(), to);
        all += copy;
    }
    return sample.substr(0, begin) + all + sample.substr(end);
}

// 19 copies of the sample's 507 recipients: 9,633 certificates (a record holds 10,000 at most), about a second on both cores
// (12 copies became too quick once each text was written directly: a test saw none mid-render),
// long enough for several heartbeats to store its progress and for a kill to land mid-render.
std::map<std::string, std::string> big_record(const std::string& dir, const std::string& id) {
    std::filesystem::create_directories(dir + "/in");
    const std::string sample = repeat_recipients(test_paths::read_file(test_paths::source(big_sample)), 19);
    const std::string bytes = serve_test::with_record_id(sample, id);
    write_text(dir + "/in/" + id + ".xml", bytes);
    return {{id, bytes}};
}

// Waits until the job is running with some pages done (the worker is mid-render); false when
// it finished or never got there.
bool wait_mid_render(worker::job_store& store, const std::string& job_id, worker::job& seen) {
    for (int i = 0; i < 3000; ++i) {
        std::optional<worker::job> j = store.find(job_id).value;
        if (j && j->state != worker::job_state::queued && j->state != worker::job_state::running) return false;
        if (j && j->state == worker::job_state::running && j->pages_done > 0) {
            seen = *j;
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

// The job a worker killed mid-render held is finished once, by the next attempt, with the
// command's bytes; with two workers the survivor does it, with one the restarted worker.
void kill_mid_render(const std::string& url, const std::string& dir, bool fleet) {
    auto store = open_store(url);
    const std::string lease = "1500";
    std::unique_ptr<serve_process> a = start_worker(url, dir, "a", lease);
    std::unique_ptr<serve_process> b;
    if (fleet) b = start_worker(url, dir, "b", lease);
    std::string job_id, record_id;
    worker::job seen;
    for (int attempt = 0; attempt < 4 && job_id.empty(); ++attempt) {
        // A new record id each try: the kill must land while the render runs.
        const std::string id = "big-kill-" + std::to_string(attempt);
        serve_test::answer accepted = call(a->wait_port(), "POST", "/v1/jobs", big_record(dir, id).begin()->second);
        REQUIRE(accepted.status == 202);
        const std::string candidate = accepted.location.substr(std::string("/v1/jobs/").size());
        if (wait_mid_render(*store, candidate, seen)) {
            job_id = candidate;
            record_id = id;
        }
    }
    REQUIRE_FALSE(job_id.empty());
    std::unique_ptr<serve_process>& victim = !fleet || seen.lease_owner == "a" ? a : b;
    REQUIRE((seen.lease_owner == "a" || seen.lease_owner == "b"));
    victim->stop(SIGKILL);
    std::optional<worker::job> after_kill = store->find(job_id).value;
    REQUIRE(after_kill);
    REQUIRE(after_kill->state == worker::job_state::running);  // the kill landed mid-render
    REQUIRE(after_kill->attempts == 1);
    std::unique_ptr<serve_process>& survivor = fleet ? (&victim == &a ? b : a) : a;
    if (!fleet) a = start_worker(url, dir, "a2", lease);  // the restarted single worker
    for (int i = 0; i < 4500; ++i) {
        auto j = store->find(job_id).value;
        if (j && j->state != worker::job_state::running && j->state != worker::job_state::queued) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::optional<worker::job> finished = store->find(job_id).value;
    REQUIRE(finished);
    CHECK(finished->state == worker::job_state::done);
    CHECK(finished->attempts == 2);
    CHECK(finished->pages_total >= 500);
    CHECK(stored_results(url).at(job_id) == 2);
    const auto big = big_record(dir + "/cmd", record_id);
    const std::map<std::string, std::string> expected = read_rendered(dir + "/cmd", big, run_render_command(dir + "/cmd", big));
    CHECK(store->read_result(job_id) == expected.at(record_id));
    INFO(survivor->text());
    CHECK(survivor->count_message("done") >= 1);
    CHECK(survivor->count_message("finished late: another attempt owns the job") == 0);
    CHECK(survivor->stop(SIGTERM) == 0);
}

}  // namespace

TEST_CASE("two_vanthu_serve_processes_on_postgresql_do_200_jobs_exactly_once", "[http][fleet][postgresql]") {
    run_postgresql_fleet(2, "fleet2");
}

TEST_CASE("three_vanthu_serve_processes_on_postgresql_do_200_jobs_exactly_once", "[http][fleet][postgresql]") {
    run_postgresql_fleet(3, "fleet3");
}

TEST_CASE("postgresql_a_worker_killed_mid_render_leaves_its_job_to_another_after_the_lease", "[http][fleet][postgresql]") {
    if (store_test::test_pg_url().empty()) {
        WARN("VANTHU_TEST_PG is not set: PostgreSQL SIGKILL test skipped");
        return;
    }
    kill_mid_render(store_test::fresh_pg_database("sigkill"), test_paths::scratch_dir("http-sigkill-pg"), true);
}

TEST_CASE("sqlite_a_worker_killed_mid_render_leaves_its_job_to_the_restarted_worker", "[http][fleet]") {
    const std::string dir = test_paths::scratch_dir("http-sigkill-sqlite");
    kill_mid_render("sqlite:" + dir + "/jobs.db", dir, false);
}

TEST_CASE("progress_moves_while_a_6000_certificate_job_renders", "[http][fleet]") {
    const std::string dir = test_paths::scratch_dir("http-progress");
    auto w = start_worker("sqlite:" + dir + "/jobs.db", dir, "p", "600");  // progress every 200 ms
    const int port = w->wait_port();
    serve_test::answer accepted = call(port, "POST", "/v1/jobs", big_record(dir, "big-progress").begin()->second);
    REQUIRE(accepted.status == 202);
    std::vector<int> seen;  // pages_done while running, in order
    int total = 0;
    std::string state;
    for (int i = 0; i < 6000; ++i) {
        auto job = serve_test::job_at(port, accepted.location);
        state = job->getValue<std::string>("state");
        if (state == "done" || state == "failed") break;
        if (state == "running") {
            seen.push_back(job->getObject("progress")->getValue<int>("pages_done"));
            total = job->getObject("progress")->getValue<int>("pages_total");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(state == "done");
    auto done = serve_test::job_at(port, accepted.location);
    const int pages = done->getObject("progress")->getValue<int>("pages_total");
    CHECK(pages >= 500);
    CHECK(done->getObject("progress")->getValue<int>("pages_done") == pages);
    // While running: never backwards, at least two different partial counts, out of the job's pages.
    INFO("pages_done seen while running: " << seen.size() << " polls");
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    std::set<int> partial;
    for (int n : seen) if (n > 0 && n < pages) partial.insert(n);
    CHECK(partial.size() >= 2);
    CHECK(total == pages);
    CHECK(w->stop(SIGTERM) == 0);
}
