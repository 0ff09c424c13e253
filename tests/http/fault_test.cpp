// Faults under the real `vanthu serve`: its PostgreSQL store stops while jobs run, and the disk
// for results fills up. Nothing crashes, nothing is lost, no truncated file is ever left.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "serve_process.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using serve_test::call;
using serve_test::serve_process;

namespace {

namespace fs = std::filesystem;

// Minutes, ceremonies and certificates, round robin, so that some renders take a while.
const char* const fault_samples[] = {
    "meeting-minimal.xml", "meeting-2022-08-01-pccc-models.xml", "ceremony-2022-award-pccc-cnch.xml",
    "certification-2022-01-10-merit-pccc.xml", "certification-2023-standard-long-names.xml",
};

// n records with generated ids, each also written to dir/in/<id>.xml; id -> bytes.
std::map<std::string, std::string> make_records(const std::string& dir, const std::string& prefix, int n) {
    fs::create_directories(dir + "/in");
    std::map<std::string, std::string> out;
    for (int i = 0; i < n; ++i) {
        const std::string sample = fault_samples[static_cast<std::size_t>(i) % std::size(fault_samples)];
        const std::string id = prefix + "-" + std::to_string(i);
        out[id] = serve_test::with_record_id(test_paths::read_file(test_paths::source("samples/" + sample)), id);
        std::ofstream(dir + "/in/" + id + ".xml", std::ios::binary) << out[id];
    }
    return out;
}

// What `vanthu render -o dir/expected` makes of every record: id -> PDF bytes ("" on failure).
std::map<std::string, std::string> render_with_command(const std::string& dir,
                                                       const std::map<std::string, std::string>& records) {
    fs::create_directories(dir + "/expected");
    std::vector<std::string> argv = {test_paths::vanthu_program(), "render", "-o", dir + "/expected"};
    for (const auto& [id, bytes] : records) argv.push_back(dir + "/in/" + id + ".xml");
    if (records.size() == 1) argv[3] += "/" + records.begin()->first + ".pdf";
    const test_paths::command_output run = test_paths::run_command(argv);
    std::map<std::string, std::string> out;
    for (const auto& [id, bytes] : records) {
        std::ifstream in(dir + "/expected/" + id + ".pdf", std::ios::binary);
        out[id] = run.exit_code == 0 ? std::string(std::istreambuf_iterator<char>(in), {}) : std::string();
    }
    return out;
}

// The jobs a worker lists in a state, as JSON objects (empty when the store does not answer).
std::vector<Poco::JSON::Object::Ptr> jobs_in(int port, const std::string& state) {
    serve_test::answer a = call(port, "GET", "/v1/jobs?limit=500&state=" + state);
    std::vector<Poco::JSON::Object::Ptr> out;
    if (a.status != 200) return out;
    auto items = Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>()->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i) out.push_back(items->getObject(static_cast<unsigned>(i)));
    return out;
}

// Polls until check() holds or seconds pass; true when it held.
template <class F>
bool eventually(double seconds, F&& check) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (check()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return check();
}

// The waits ("next try in N ms") a worker logged while its store was unreachable, in order.
std::vector<long> logged_store_waits(const std::string& log) {
    const std::string key = "store unreachable: next try in ";
    std::vector<long> out;
    for (std::size_t at = log.find(key); at != std::string::npos; at = log.find(key, at + 1))
        out.push_back(std::stol(log.substr(at + key.size())));
    return out;
}

// How many log lines say exactly `message` about this job.
std::size_t count_job_message(const std::string& log, const std::string& message, const std::string& job_id) {
    const std::string what = "\"message\":\"" + message + "\",\"job_id\":\"" + job_id + "\"";
    std::size_t n = 0;
    for (std::size_t at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
    return n;
}

// A private PostgreSQL cluster (.ci/start-postgres) that the test stops and starts at will.
class private_postgres {
public:
    private_postgres(std::string folder, int tcp_port) : dir(std::move(folder)), port(tcp_port) {}
    ~private_postgres() { stop(); }

    // Creates and starts the cluster; false (with why) when this machine cannot.
    bool create(std::string& why) {
        if (!fs::exists("/usr/lib/postgresql")) {
            why = "PostgreSQL is not installed (no /usr/lib/postgresql)";
            return false;
        }
        if (::geteuid() != 0 && test_paths::run_command({"sudo", "-n", "true"}).exit_code != 0) {
            why = "neither root nor password-less sudo: cannot run pg_ctl";
            return false;
        }
        auto r = test_paths::run_command({"sh", test_paths::source(".ci/start-postgres"), dir, std::to_string(port)});
        why = r.err;
        created = r.exit_code == 0;
        return created;
    }
    // Stops it (fast shutdown: sessions are cut).
    void stop() {
        if (created) test_paths::run_command({"sh", test_paths::source(".ci/start-postgres"), "--stop", dir});
    }
    // Starts the same cluster again, its data kept.
    bool restart() {
        std::vector<std::string> argv = ::geteuid() == 0 ? std::vector<std::string>{"runuser", "-u", "postgres", "--"}
                                                         : std::vector<std::string>{"sudo", "-n", "-u", "postgres"};
        const std::string options = "-k " + dir + " -p " + std::to_string(port) +
                                    " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        for (const std::string& a : {pg_ctl(), std::string("-D"), dir + "/data", std::string("-l"), dir + "/log",
                                     std::string("-w"), std::string("-o"), options, std::string("start")})
            argv.push_back(a);
        return test_paths::run_command(argv).exit_code == 0;
    }
    std::string url() const { return "postgresql://postgres@127.0.0.1:" + std::to_string(port) + "/postgres"; }

private:
    // The newest installed pg_ctl.
    static std::string pg_ctl() {
        std::string best;
        for (const auto& e : fs::directory_iterator("/usr/lib/postgresql"))
            if (fs::exists(e.path() / "bin/pg_ctl") && e.path().string() > best) best = e.path().string();
        return best + "/bin/pg_ctl";
    }
    std::string dir;
    int port;
    bool created = false;
};

// A tmpfs of a given size mounted for the test (root only), unmounted at the end.
class small_disk {
public:
    explicit small_disk(std::string where) : path(std::move(where)) {}
    ~small_disk() {
        if (mounted) test_paths::run_command({"umount", "-l", path});
    }
    // Mounts it; false when this process may not.
    bool mount(const std::string& size) {
        fs::create_directories(path);
        if (::geteuid() != 0) return false;
        mounted = test_paths::run_command({"mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path}).exit_code == 0;
        return mounted;
    }
    // Fills it with one file until writes fail with ENOSPC.
    void fill(const std::string& name) {
        std::ofstream out(path + "/" + name, std::ios::binary);
        const std::string block(4096, 'x');
        while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush()) {
        }
    }
    // The names of the files in it.
    std::set<std::string> files() const {
        std::set<std::string> out;
        for (const auto& e : fs::directory_iterator(path)) out.insert(e.path().filename().string());
        return out;
    }
    const std::string path;

private:
    bool mounted = false;
};

}  // namespace

TEST_CASE("a_store_that_stops_while_jobs_run_is_retried_with_backoff_and_every_job_ends_done_once", "[http][fault]") {
    const std::string cluster = "/tmp/pg-fault-" + std::to_string(::getpid());
    private_postgres pg(cluster, 55433);
    std::string why;
    if (!pg.create(why)) {
        WARN("store fault test skipped: cannot start a private PostgreSQL: " << why);
        return;
    }
    const std::string dir = test_paths::scratch_dir("fault-store");
    const std::map<std::string, std::string> records = make_records(dir, "fault-store", 30);
    auto expected = std::async(std::launch::async, [&] { return render_with_command(dir, records); });
    std::vector<std::string> settings = serve_test::serve_args(pg.url(), dir);
    for (const char* s : {"-Dvanthu.workers=2", "-Dvanthu.jobs.backoff=200", "-Dvanthu.jobs.backoff_max=1000",
                          "-Dvanthu.jobs.max_attempts=20"})
        settings.push_back(s);
    auto worker = serve_test::start_serve(settings);
    const int port = worker->wait_port();
    INFO(worker->text().substr(0, 20000));
    REQUIRE(port > 0);
    std::map<std::string, std::string> location;  // record id -> job location
    for (const auto& [id, bytes] : records) {
        serve_test::answer a = call(port, "POST", "/v1/jobs", bytes);
        REQUIRE(a.status == 202);
        location[id] = a.location;
    }
    // The store goes away while jobs run: some done, the rest queued or running.
    REQUIRE(eventually(60, [&] { return !jobs_in(port, "done").empty(); }));
    pg.stop();
    CHECK(jobs_in(port, "done").size() < records.size());
    CHECK(eventually(10, [&] { return call(port, "GET", "/readyz").status == 503; }));
    CHECK(call(port, "GET", "/v1/jobs").status == 503);
    CHECK(call(port, "GET", "/livez").status == 200);
    // Retries with a growing wait: 100, 200, 400, 800 ms ... in the log.
    REQUIRE(eventually(15, [&] { return logged_store_waits(worker->text()).size() >= 8; }));
    const std::vector<long> waits = logged_store_waits(worker->text());
    CHECK(*std::max_element(waits.begin(), waits.end()) >= 4 * *std::min_element(waits.begin(), waits.end()));
    REQUIRE(pg.restart());
    CHECK(eventually(30, [&] { return call(port, "GET", "/readyz").status == 200; }));
    CHECK(eventually(120, [&] { return jobs_in(port, "done").size() == records.size(); }));
    const std::map<std::string, std::string> want = expected.get();
    const std::string log = worker->text();
    for (const auto& [id, where] : location) {
        INFO(id);
        serve_test::answer result = call(port, "GET", where + "/result");
        CHECK(result.status == 200);
        CHECK(!want.at(id).empty());
        CHECK(result.body == want.at(id));
        const std::string job_id = where.substr(where.rfind('/') + 1);
        CHECK(count_job_message(log, "done", job_id) == 1);
        CHECK(count_job_message(log, "finished late: another attempt owns the job", job_id) == 0);
    }
    CHECK(jobs_in(port, "failed").empty());
    CHECK(worker->stop(SIGTERM) == 0);
}

TEST_CASE("a_full_result_disk_fails_the_attempt_with_path_and_errno_and_leaves_no_truncated_file", "[http][fault]") {
    const std::string dir = test_paths::scratch_dir("fault-disk");
    small_disk disk(dir + "/out");
    if (!disk.mount("1m")) {
        WARN("disk-full test skipped: cannot mount a tmpfs (needs root)");
        return;
    }
    disk.fill("filler");
    const std::map<std::string, std::string> records = make_records(dir, "fault-disk", 1);
    const std::string id = records.begin()->first;
    std::vector<std::string> settings = serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir);
    for (const char* s : {"-Dvanthu.workers=1", "-Dvanthu.jobs.backoff=200", "-Dvanthu.jobs.backoff_max=1000",
                          "-Dvanthu.jobs.max_attempts=50"})
        settings.push_back(s);
    settings.push_back("-Dvanthu.output=" + disk.path);
    auto worker = serve_test::start_serve(settings);
    const int port = worker->wait_port();
    INFO(worker->text().substr(0, 20000));
    REQUIRE(port > 0);
    serve_test::answer accepted = call(port, "POST", "/v1/jobs", records.begin()->second);
    REQUIRE(accepted.status == 202);
    // Three attempts fail on ENOSPC, 200 then 400 ms apart; none leaves a file; no result is served.
    const auto start = std::chrono::steady_clock::now();
    Poco::JSON::Object::Ptr job;
    REQUIRE(eventually(30, [&] {
        job = serve_test::job_at(port, accepted.location);
        // Between attempts (not while one writes its temporary .part file) nothing is left.
        if (job->getValue<std::string>("state") != "running") CHECK(disk.files() == std::set<std::string>{"filler"});
        return job->getValue<int>("attempts") >= 3;
    }));
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(600));
    CHECK(job->getValue<std::string>("state") != "done");
    CHECK(call(port, "GET", accepted.location + "/result").status == 409);
    const std::string error = "cannot write " + disk.path + "/" + id + ".pdf: No space left on device";
    CHECK(job->getArray("errors")->getElement<std::string>(0) == error);
    CHECK(worker->text().find(error) != std::string::npos);
    // Space comes back: the next attempt completes, and the file is the command's bytes.
    fs::remove(disk.path + "/filler");
    REQUIRE(eventually(30, [&] {
        return serve_test::job_at(port, accepted.location)->getValue<std::string>("state") == "done";
    }));
    const std::string want = render_with_command(dir, records).at(id);
    CHECK(!want.empty());
    CHECK(call(port, "GET", accepted.location + "/result").body == want);
    CHECK(disk.files() == std::set<std::string>{id + ".pdf"});
    CHECK(test_paths::read_file(disk.path + "/" + id + ".pdf") == want);
    CHECK(worker->stop(SIGTERM) == 0);
}
