// The front door of a real `vanthu serve` against hostile clients from other loopback
// addresses (127.0.0.2 ...): trickled heads, held bodies, connection floods and a full queue
// never keep a client on 127.0.0.1 from its answers, and what the door turns away it answers.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "serve_process.hpp"
#include "support/test_paths.hpp"

using serve_test::body_of;
using serve_test::serve_process;
using serve_test::status_of;

namespace {

using clock_type = std::chrono::steady_clock;

// A raw connection from a chosen loopback address.
class door_client {
public:
    door_client(const std::string& from, int port) {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        ::inet_pton(AF_INET, from.c_str(), &a.sin_addr);
        ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<std::uint16_t>(port));
        ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        ok = ok && ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
    }
    ~door_client() {
        if (fd >= 0) ::close(fd);
    }
    door_client(const door_client&) = delete;
    door_client& operator=(const door_client&) = delete;

    bool connected() const { return ok; }
    bool send(const std::string& bytes) {
        return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }
    // True when the server says something (or closes) within ms.
    bool answered_within(int ms) {
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, ms) > 0;
    }
    // Everything until the server closes, or what came within timeout_ms.
    std::string read_answer(int timeout_ms) {
        std::string out;
        const auto end = clock_type::now() + std::chrono::milliseconds(timeout_ms);
        char buf[8192];
        while (clock_type::now() < end) {
            const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(end - clock_type::now()).count());
            if (!answered_within(left > 0 ? left : 0)) break;
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) break;
            out.append(buf, static_cast<std::size_t>(n));
        }
        return out;
    }

private:
    int fd = -1;
    bool ok = false;
};

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

std::unique_ptr<serve_process> start_worker(const std::string& name, const std::vector<std::string>& more) {
    const std::string dir = test_paths::scratch_dir("front-door-" + name);
    std::vector<std::string> settings = serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir);
    settings.insert(settings.end(), more.begin(), more.end());
    auto p = serve_test::start_serve(settings);
    INFO(p->text());
    REQUIRE(p->wait_port() > 0);
    return p;
}

std::string small_record() { return test_paths::read_file(test_paths::source("samples/meeting-minimal.xml")); }

std::string render_request(const std::string& record) {
    return "POST /v1/render HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\nContent-Length: " +
           std::to_string(record.size()) + "\r\n\r\n" + record;
}

// The status of one whole request from an address on a new connection (0: no answer).
int request_from(const std::string& from, int port, const std::string& request, int timeout_ms = 10000) {
    door_client c(from, port);
    if (!c.connected() || !c.send(request)) return 0;
    return status_of(c.read_answer(timeout_ms));
}

const std::string livez = "GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

}  // namespace

TEST_CASE("a_request_head_trickled_a_byte_at_a_time_gets_408_at_the_head_deadline", "[http][door]") {
    auto worker = start_worker("head", {"-Dvanthu.http.head_timeout=2s", "-Dvanthu.http.timeout=30"});
    door_client c("127.0.0.2", worker->wait_port());
    REQUIRE(c.connected());
    const std::string head = "GET /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + std::string(200, 'a');
    const auto start = clock_type::now();
    bool answered = false;
    for (std::size_t i = 0; i < head.size() && !answered; ++i) {
        if (!c.send(head.substr(i, 1))) break;
        answered = c.answered_within(100);  // never idle for long: a per-read timeout would not fire
    }
    const double waited = seconds_since(start);
    const std::string answer = c.read_answer(3000);
    CHECK(status_of(answer) == 408);
    CHECK(body_of(answer).find("the request head did not arrive within 2 s") != std::string::npos);
    CHECK(answer.find("Connection: close") != std::string::npos);
    CHECK(waited > 1.5);
    CHECK(waited < 4.0);
    // No request thread was ever taken: one thread serves the next client at once.
    CHECK(request_from("127.0.0.1", worker->wait_port(), render_request(small_record())) == 200);
    CHECK(worker->stop(SIGTERM) == 0);
}

TEST_CASE("what_poco_would_close_without_a_word_gets_400_or_431_from_the_door", "[http][door]") {
    auto worker = start_worker("malformed", {});
    const int port = worker->wait_port();
    struct bad {
        std::string request;
        int status;
        const char* says;
    };
    const bad cases[] = {
        {"POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400, "the Content-Length 'abc' is not a length"},
        {"POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", 400, "is not a length"},
        {"POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 12, 12\r\n\r\n", 400, "is not a length"},
        {"POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n", 400, "is not a length"},
        {"GET /livez\r\n\r\n", 400, "the request line is not"},
        {"GET /livez HTTP/1.1\r\nno colon here\r\n\r\n", 400, "a header line is not"},
        {"GET /livez HTTP/1.1\r\n folded: value\r\n\r\n", 400, "a header line is not"},
        {"GET /livez HTTP/1.1\r\nX-Big: " + std::string(70000, 'a') + "\r\n\r\n", 431, "over 64 KiB"},
    };
    for (const bad& b : cases) {
        INFO(b.request.substr(0, 80));
        door_client c("127.0.0.1", port);
        REQUIRE(c.send(b.request));
        const std::string answer = c.read_answer(5000);
        CHECK(status_of(answer) == b.status);
        CHECK(body_of(answer).find(b.says) != std::string::npos);
        CHECK(answer.find("Content-Type: application/problem+json") != std::string::npos);
    }
    CHECK(request_from("127.0.0.1", port, livez) == 200);
    CHECK(worker->stop(SIGTERM) == 0);
}

TEST_CASE("connections_past_max_per_address_get_429_and_other_addresses_are_served", "[http][door]") {
    auto worker = start_worker("per-address", {"-Dvanthu.http.max_per_address=4"});
    const int port = worker->wait_port();
    std::vector<std::unique_ptr<door_client>> held;
    for (int i = 0; i < 4; ++i) {
        held.push_back(std::make_unique<door_client>("127.0.0.2", port));
        REQUIRE(held.back()->send("GET /v1/jobs HTTP/1.1\r\n"));  // half a head: held at the door
    }
    door_client fifth("127.0.0.2", port);
    const std::string refused = fifth.read_answer(5000);
    CHECK(status_of(refused) == 429);
    CHECK(refused.find("Retry-After: ") != std::string::npos);
    CHECK(body_of(refused).find("4 connections open already") != std::string::npos);
    // Another address is not counted with 127.0.0.2.
    CHECK(request_from("127.0.0.3", port, livez) == 200);
    CHECK(request_from("127.0.0.1", port, render_request(small_record())) == 200);
    // Once one of the four is closed, 127.0.0.2 may connect again.
    held.pop_back();
    bool served = false;
    for (int i = 0; i < 50 && !served; ++i) {
        served = request_from("127.0.0.2", port, livez) == 200;
        if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(served);
    CHECK(worker->stop(SIGTERM) == 0);
}

TEST_CASE("one_address_holding_bodies_takes_only_its_share_of_the_threads", "[http][door]") {
    // Two threads, one per address: 127.0.0.2's bodies that never come hold one thread at most.
    auto worker = start_worker("share", {"-Dvanthu.http.threads=2", "-Dvanthu.http.threads_per_address=1",
                                         "-Dvanthu.http.timeout=10", "-Dvanthu.http.body_grace=10s"});
    const int port = worker->wait_port();
    std::vector<std::unique_ptr<door_client>> holders;
    for (int i = 0; i < 3; ++i) {
        holders.push_back(std::make_unique<door_client>("127.0.0.2", port));
        // A body too big for the door to wait for: handed to a thread at once, which waits for it.
        REQUIRE(holders.back()->send("POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nabc"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (int i = 0; i < 5; ++i) {
        const auto start = clock_type::now();
        CHECK(request_from("127.0.0.1", port, render_request(small_record())) == 200);
        CHECK(seconds_since(start) < 5.0);  // not behind the 10 s bodies
    }
    CHECK(worker->stop(SIGTERM) == 0);
}

TEST_CASE("a_full_queue_gets_503_with_retry_after_and_the_probes_still_answer", "[http][door]") {
    // One thread, held by a body that never comes; one place in the queue.
    auto worker = start_worker("full", {"-Dvanthu.http.threads=1", "-Dvanthu.http.queue=1", "-Dvanthu.http.timeout=8",
                                        "-Dvanthu.http.body_grace=8s", "-Dvanthu.queue.retry_after=7"});
    const int port = worker->wait_port();
    door_client holder("127.0.0.2", port);
    REQUIRE(holder.send("POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nabc"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    door_client queued("127.0.0.3", port);  // whole, waiting for the thread
    REQUIRE(queued.send(render_request(small_record())));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    door_client turned("127.0.0.4", port);
    REQUIRE(turned.send(render_request(small_record())));
    const std::string answer = turned.read_answer(5000);
    CHECK(status_of(answer) == 503);
    CHECK(answer.find("Retry-After: 7\r\n") != std::string::npos);
    CHECK(body_of(answer).find("every request thread is busy") != std::string::npos);
    // /livez and /readyz have their own thread.
    for (const char* path : {"/livez", "/readyz"}) {
        const auto start = clock_type::now();
        CHECK(request_from("127.0.0.1", port, std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\n\r\n") == 200);
        CHECK(seconds_since(start) < 2.0);
    }
    CHECK_FALSE(queued.answered_within(0));  // still waiting, not dropped
    CHECK(worker->stop(SIGTERM) == 0);
}

TEST_CASE("a_flood_of_hostile_connections_leaves_a_normal_client_its_answers", "[http][door]") {
    // The bench (bench/load/slowloris.py) runs 500 connections for 60 s and measures times;
    // this keeps 150 for 12 s and asserts what must never happen: a 5xx or no answer.
    auto worker = start_worker("flood", {"-Dvanthu.http.head_timeout=3s", "-Dvanthu.http.body_grace=3s"});
    const int port = worker->wait_port();
    std::atomic<bool> stop{false};
    std::atomic<int> door_answers{0};
    std::vector<std::thread> attackers;
    for (int t = 0; t < 3; ++t) {
        attackers.emplace_back([&, t] {
            std::vector<std::unique_ptr<door_client>> open;
            while (!stop) {
                while (open.size() < 50) {
                    open.push_back(std::make_unique<door_client>("127.0.0.2", port));
                    open.back()->send(t == 0 ? "POST /v1/jobs HTTP/1.1\r\nHost: x\r\n"
                                      : t == 1 ? "POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"
                                               : "GET /v1/jobs HTTP/1.1\r\nHost: x\r\n\r\n");
                }
                for (auto it = open.begin(); it != open.end();) {
                    if ((*it)->answered_within(0)) {
                        if (status_of((*it)->read_answer(100)) != 0) ++door_answers;
                        it = open.erase(it);
                    } else {
                        (*it)->send(t == 1 ? " " : "X-Slow: 1\r\n");
                        ++it;
                    }
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(500));
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const std::string record = small_record();
    int livez_ok = 0, render_ok = 0, other = 0;
    const auto start = clock_type::now();
    while (seconds_since(start) < 10) {
        (request_from("127.0.0.1", port, livez) == 200 ? livez_ok : other)++;
        (request_from("127.0.0.1", port, render_request(record)) == 200 ? render_ok : other)++;
    }
    stop = true;
    for (std::thread& t : attackers) t.join();
    INFO(worker->text().substr(0, 4000));
    CHECK(other == 0);
    CHECK(livez_ok > 10);
    CHECK(render_ok > 10);
    CHECK(door_answers > 0);  // the attackers were answered (408, 429), not left hanging
    CHECK(worker->stop(SIGTERM) == 0);
}

TEST_CASE("a_burst_of_concurrent_renders_gets_200_or_503_with_retry_after_never_silence", "[http][door]") {
    auto worker = start_worker("burst", {"-Dvanthu.http.threads=2", "-Dvanthu.http.queue=4"});
    const int port = worker->wait_port();
    const std::string request =
        render_request(test_paths::read_file(test_paths::source("samples/certification-2022-12-20-merit-advanced-units.xml")));
    std::vector<std::string> answers(40);
    std::vector<std::thread> clients;
    std::atomic<bool> go{false};
    for (std::size_t i = 0; i < answers.size(); ++i)
        clients.emplace_back([&, i] {
            door_client c("127.0.0." + std::to_string(1 + i % 4), port);
            while (!go) std::this_thread::yield();
            if (c.connected() && c.send(request)) answers[i] = c.read_answer(60000);
        });
    go = true;
    for (std::thread& t : clients) t.join();
    int ok = 0, busy = 0;
    for (const std::string& a : answers) {
        INFO(a.substr(0, 200));
        const int status = status_of(a);
        CHECK((status == 200 || status == 503));
        if (status == 503) CHECK(a.find("\r\nRetry-After: ") != std::string::npos);
        ok += status == 200;
        busy += status == 503;
    }
    CHECK(ok >= 2);
    CHECK(busy >= 1);
    CHECK(worker->stop(SIGTERM) == 0);
}
