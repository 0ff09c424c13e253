// Hostile HTTP requests against the real `vanthu serve`, written byte by byte on a raw socket:
// each gets its exact answer, creates no job, and the worker renders normally right after.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include "serve_process.hpp"
#include "support/test_paths.hpp"

using serve_test::body_of;
using serve_test::serve_process;
using serve_test::status_of;

namespace {

constexpr std::size_t body_limit = 200000;  // the worker's vanthu.http.max_body in these tests

// A raw connection to a worker: the test writes the exact bytes and reads the exact answer.
class raw_client {
public:
    explicit raw_client(int port)
        : socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port))) {}

    // Sends all bytes; false once the server has closed or reset the connection.
    bool send(std::string_view bytes) {
        try {
            socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
            return true;
        } catch (const Poco::Exception&) {
            return false;
        }
    }

    // Sends bytes a piece at a time and stops as soon as the server answers; true when it did.
    bool send_until_answered(std::string_view bytes, std::size_t piece) {
        for (std::size_t at = 0; at < bytes.size(); at += piece) {
            if (answered_within(0)) return true;
            if (!send(bytes.substr(at, piece))) return true;  // closed on us: the answer is waiting
        }
        return answered_within(5000);
    }

    // True when the server says something (or closes) within ms.
    bool answered_within(int ms) {
        return socket.poll(Poco::Timespan(0, ms * 1000), Poco::Net::Socket::SELECT_READ);
    }

    // Closes the sending side: the server reads end of stream.
    void close_sending() { socket.shutdownSend(); }

    // Everything the server sends until it closes (or stays silent for timeout_s).
    std::string read_answer(int timeout_s) {
        socket.setReceiveTimeout(Poco::Timespan(timeout_s, 0));
        std::string out;
        char buf[8192];
        try {
            for (int n; (n = socket.receiveBytes(buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
        } catch (const Poco::Exception&) {  // timeout or reset: keep what arrived
        }
        return out;
    }

private:
    Poco::Net::StreamSocket socket;
};

// A worker with a short body timeout (1 s) and a small body limit, on a scratch SQLite store,
// with any more settings ("-Dkey=value").
std::unique_ptr<serve_process> start_worker(const std::string& name, const std::vector<std::string>& more = {}) {
    const std::string dir = test_paths::scratch_dir("hostile-http-" + name);
    std::vector<std::string> settings = serve_test::serve_args("sqlite:" + dir + "/jobs.db", dir);
    settings.push_back("-Dvanthu.http.timeout=1");
    settings.push_back("-Dvanthu.http.max_body=" + std::to_string(body_limit));
    settings.insert(settings.end(), more.begin(), more.end());
    auto p = serve_test::start_serve(settings);
    INFO(p->text());
    REQUIRE(p->wait_port() > 0);
    return p;
}

// The minimal sample with its own record id.
std::string good_record(const std::string& id) {
    return serve_test::with_record_id(test_paths::read_file(test_paths::source("samples/meeting-minimal.xml")), id);
}

// The head of a POST with these extra header lines.
std::string post_head(const std::string& path, const std::string& headers) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n" + headers + "\r\n";
}

// The worker still works: no job was created by the hostile request, a good render is a PDF,
// and SIGTERM stops it cleanly (exit 0; under valgrind, its leak check then runs too).
void require_still_serving(serve_process& worker, const std::string& id) {
    const int port = worker.wait_port();
    INFO(worker.text());
    auto listed = Poco::JSON::Parser().parse(serve_test::call(port, "GET", "/v1/jobs").body)
                      .extract<Poco::JSON::Object::Ptr>();
    CHECK(listed->getArray("items")->size() == 0);
    serve_test::answer a = serve_test::call(port, "POST", "/v1/render", good_record(id));
    CHECK(a.status == 200);
    CHECK(a.body.rfind("%PDF-", 0) == 0);
    CHECK(worker.stop(SIGTERM) == 0);
}

// Seconds since start.
double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("a_declared_2_gib_body_gets_413_before_a_single_body_byte_is_sent", "[http][hostile]") {
    auto worker = start_worker("two-gib");
    for (const char* path : {"/v1/render", "/v1/jobs"}) {
        INFO(path);
        raw_client c(worker->wait_port());
        REQUIRE(c.send(post_head(path, "Content-Length: 2147483648\r\n")));
        REQUIRE(c.answered_within(5000));  // no body was sent: the answer cannot come from reading it
        const std::string answer = c.read_answer(5);
        CHECK(status_of(answer) == 413);
        CHECK(answer.find("\r\nConnection: Close\r\n") != std::string::npos);  // Poco's spelling
        CHECK(body_of(answer).find("over the limit of 200000 bytes") != std::string::npos);
    }
    require_still_serving(*worker, "hostile-http-two-gib");
}

TEST_CASE("a_content_length_that_is_no_length_gets_400", "[http][hostile]") {
    auto worker = start_worker("bad-length");
    // Poco's request parser throws on the last three before any handler runs and closes the
    // connection without a word; the front door reads the head first and answers.
    for (const char* length : {"-1", "abc", "99999999999999999999", "12, 12"}) {
        INFO(length);
        raw_client c(worker->wait_port());
        REQUIRE(c.send(post_head("/v1/jobs", std::string("Content-Length: ") + length + "\r\n")));
        REQUIRE(c.answered_within(5000));
        const std::string answer = c.read_answer(5);
        CHECK(status_of(answer) == 400);
        CHECK(body_of(answer).find(std::string("the Content-Length '") + length + "' is not a length") != std::string::npos);
    }
    require_still_serving(*worker, "hostile-http-bad-length");
}

TEST_CASE("a_body_that_stops_half_way_gets_408_after_the_body_timeout", "[http][hostile]") {
    auto worker = start_worker("half-body");
    const std::string half(5000, ' ');
    for (const char* path : {"/v1/render", "/v1/jobs"}) {
        INFO(path);
        raw_client c(worker->wait_port());
        REQUIRE(c.send(post_head(path, "Content-Length: 10000\r\n") + half));
        const auto start = std::chrono::steady_clock::now();
        const std::string answer = c.read_answer(10);  // the socket stays open, nothing more is sent
        const double waited = seconds_since(start);
        CHECK(status_of(answer) == 408);
        CHECK(waited > 0.5);  // the configured 1 s, not at once
        CHECK(waited < 5.0);  // and not the client's own 10 s
    }
    require_still_serving(*worker, "hostile-http-half-body");
}

TEST_CASE("a_body_whose_sender_closes_half_way_gets_400_and_creates_no_job", "[http][hostile]") {
    auto worker = start_worker("half-closed");
    const std::string record = good_record("hostile-http-half-closed-job");
    for (const char* path : {"/v1/render", "/v1/jobs"}) {
        INFO(path);
        raw_client c(worker->wait_port());
        const std::string declared = "Content-Length: " + std::to_string(record.size() * 2) + "\r\n";
        REQUIRE(c.send(post_head(path, declared) + record));  // a whole, valid record, but half the body
        c.close_sending();
        const std::string answer = c.read_answer(5);
        CHECK(status_of(answer) == 400);
        CHECK(body_of(answer).find("the body ended after " + std::to_string(record.size()) + " of " +
                                   std::to_string(record.size() * 2) + " bytes") != std::string::npos);
    }
    require_still_serving(*worker, "hostile-http-half-closed");
}

TEST_CASE("a_chunked_body_over_the_limit_gets_413", "[http][hostile]") {
    auto worker = start_worker("chunked");
    SECTION("many small chunks") {
        for (const char* path : {"/v1/render", "/v1/jobs"}) {
            INFO(path);
            raw_client c(worker->wait_port());
            REQUIRE(c.send(post_head(path, "Transfer-Encoding: chunked\r\n")));
            std::string chunks;
            while (chunks.size() < 2 * body_limit) chunks += "4000\r\n" + std::string(0x4000, ' ') + "\r\n";
            REQUIRE(c.send_until_answered(chunks, 0x4000));
            CHECK(status_of(c.read_answer(5)) == 413);
        }
    }
    SECTION("one chunk that declares 2 GiB") {
        raw_client c(worker->wait_port());
        REQUIRE(c.send(post_head("/v1/jobs", "Transfer-Encoding: chunked\r\n") + "80000000\r\n"));
        REQUIRE(c.send_until_answered(std::string(2 * body_limit, ' '), 0x4000));
        CHECK(status_of(c.read_answer(5)) == 413);
    }
    SECTION("a chunk size of 20 hex digits") {
        // Poco alone reads at most 8 hex digits and ends the body there (an empty record, 422):
        // the worker decodes chunks itself and calls it what it is.
        raw_client c(worker->wait_port());
        REQUIRE(c.send(post_head("/v1/jobs", "Transfer-Encoding: chunked\r\n") + "FFFFFFFFFFFFFFFFFFFF\r\nabc"));
        REQUIRE(c.answered_within(5000));
        const std::string answer = c.read_answer(5);
        CHECK(status_of(answer) == 400);
        CHECK(body_of(answer).find("bad chunk size") != std::string::npos);
    }
    require_still_serving(*worker, "hostile-http-chunked");
}

TEST_CASE("nul_bytes_and_invalid_utf8_in_a_record_get_422_with_line_and_column", "[http][hostile]") {
    auto worker = start_worker("bad-bytes");
    struct bad {
        std::string bytes;    // put in the title, after "Họp" (line 6, column 13)
        std::string message;  // the first problem's message starts with this
    };
    const bad cases[] = {{std::string("\0", 1), "character U+0000 is not allowed in XML"},
                         {"\xC0\xAF", "invalid UTF-8"},      // overlong '/'
                         {"\xED\xA0\x80", "invalid UTF-8"},  // an encoded surrogate
                         {"\xE1\xBB", "invalid UTF-8"}};     // a sequence cut short
    const std::string title = "Họp giao ban tuần";
    for (const bad& b : cases) {
        std::string record = good_record("hostile-http-bytes");
        record.replace(record.find(title), title.size(), "Họp" + b.bytes + " giao ban");
        for (const char* path : {"/v1/render", "/v1/jobs"}) {
            INFO(path << " " << b.message);
            serve_test::answer a = serve_test::call(worker->wait_port(), "POST", path, record);
            INFO(a.body);
            CHECK(a.status == 422);
            auto problems = Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>()->getArray("problems");
            REQUIRE(problems);
            REQUIRE(problems->size() >= 1);
            auto first = problems->getObject(0);
            CHECK(first->getValue<int>("line") == 6);
            CHECK(first->getValue<int>("column") == 13);
            CHECK(first->getValue<std::string>("message").rfind(b.message, 0) == 0);
        }
    }
    require_still_serving(*worker, "hostile-http-bad-bytes-good");
}

TEST_CASE("a_multipart_upload_posted_as_a_record_and_vni_text_under_strict_text_get_422", "[http][hostile]") {
    auto worker = start_worker("strict-input", {"-Dvanthu.render.strict_text=true"});
    const std::string upload = "--vanthu7MA4YWxk\r\nContent-Disposition: form-data; name=\"record\"; filename=\"m.xml\"\r\n"
                               "Content-Type: text/xml\r\n\r\n" + good_record("hostile-http-multipart") +
                               "\r\n--vanthu7MA4YWxk--\r\n";
    std::string vni = good_record("hostile-http-vni");
    vni.replace(vni.find("<place>Hải Phòng</place>"), std::string("<place>Hải Phòng</place>").size(),
                "<place>Haûi Phoøng</place>");  // "Hải Phòng" typed in a VNI font
    const struct {
        std::string record;
        int line, column;
        std::string message;  // the first problem's message starts with this
    } cases[] = {{upload, 1, 1, "malformed XML: text outside the root element"},
                 {vni, 4, 3, "text looks like VNI bytes, not Vietnamese: 'Haûi'"}};
    for (const auto& c : cases) {
        for (const char* path : {"/v1/render", "/v1/jobs"}) {
            INFO(path << " " << c.message);
            serve_test::answer a = serve_test::call(worker->wait_port(), "POST", path, c.record);
            INFO(a.body);
            CHECK(a.status == 422);
            auto problems = Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>()->getArray("problems");
            REQUIRE(problems);
            REQUIRE(problems->size() >= 1);
            auto first = problems->getObject(0);
            CHECK(first->getValue<int>("line") == c.line);
            CHECK(first->getValue<int>("column") == c.column);
            CHECK(first->getValue<std::string>("message").rfind(c.message, 0) == 0);
        }
    }
    require_still_serving(*worker, "hostile-http-strict-input-good");
}

TEST_CASE("a_flood_of_headers_or_a_1_mb_header_line_gets_431_before_it_is_all_sent", "[http][hostile]") {
    auto worker = start_worker("headers");
    std::string flood;
    for (int i = 0; i < 10000; ++i) flood += "X-Flood-" + std::to_string(i) + ": v\r\n";
    const std::string big_line = "X-Big: " + std::string(1024 * 1024, 'a') + "\r\n";
    const std::string big_uri = "POST /v1/render?" + std::string(1024 * 1024, 'a') + " HTTP/1.1\r\n";
    const std::string heads[] = {post_head("/v1/render", flood), post_head("/v1/jobs", big_line), big_uri};
    for (const std::string& head : heads) {
        INFO(head.substr(0, 40));
        raw_client c(worker->wait_port());
        REQUIRE(c.send_until_answered(head, 0x4000));
        const std::string answer = c.read_answer(5);
        CHECK(status_of(answer) == 431);
        CHECK(body_of(answer).find("the request head is over 64 KiB") != std::string::npos);
    }
    require_still_serving(*worker, "hostile-http-headers");
}

TEST_CASE("a_body_without_a_length_gets_411_and_ambiguous_framing_400", "[http][hostile][framing]") {
    auto worker = start_worker("framing");
    for (const char* path : {"/v1/render", "/v1/jobs", "/v1/session"}) {
        INFO(path);
        raw_client c(worker->wait_port());
        REQUIRE(c.send(post_head(path, "") + "<meeting/>"));
        const std::string answer = c.read_answer(5);
        CHECK(status_of(answer) == 411);
        CHECK(body_of(answer).find("Content-Length") != std::string::npos);
    }
    struct framing {
        const char* headers;
        const char* says;
    };
    const framing cases[] = {
        {"Content-Length: 10\r\nContent-Length: 10\r\n", "more than one Content-Length"},
        {"Content-Length: 10\r\nContent-Length: 20\r\n", "more than one Content-Length"},
        {"Content-Length: 10\r\nTransfer-Encoding: chunked\r\n", "both Content-Length and Transfer-Encoding"},
        {"Transfer-Encoding: gzip\r\n", "the only transfer coding taken is chunked"},
        {"Transfer-Encoding: gzip, chunked\r\n", "the only transfer coding taken is chunked"},
        {"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "the only transfer coding taken is chunked"},
        {"Content-Length: +10\r\n", "is not a length"},
    };
    for (const framing& f : cases) {
        INFO(f.headers);
        raw_client c(worker->wait_port());
        REQUIRE(c.send(post_head("/v1/jobs", f.headers) + "0123456789"));
        const std::string answer = c.read_answer(5);
        CHECK(status_of(answer) == 400);
        CHECK(body_of(answer).find(f.says) != std::string::npos);
    }
    require_still_serving(*worker, "hostile-http-framing");
}

TEST_CASE("a_malformed_chunk_gets_400_and_a_well_formed_chunked_record_is_rendered", "[http][hostile][framing]") {
    auto worker = start_worker("chunks");
    const char* malformed[] = {
        "zz\r\nabc\r\n0\r\n\r\n",         // no hex digit
        "3\r\nabcdef\r\n0\r\n\r\n",        // more data than the size says
        "3 junk\r\nabc\r\n0\r\n\r\n",     // junk after the size (not an extension)
        "-3\r\nabc\r\n0\r\n\r\n",          // a sign
        "3\nabc\r\n0\r\n\r\n",             // a bare LF
    };
    for (const char* body : malformed) {
        INFO(body);
        raw_client c(worker->wait_port());
        REQUIRE(c.send(post_head("/v1/render", "Transfer-Encoding: chunked\r\n") + body));
        const std::string answer = c.read_answer(5);
        CHECK(status_of(answer) == 400);
        CHECK(body_of(answer).find("chunked body is malformed") != std::string::npos);
    }
    // A record cut in three chunks, one with an extension, then a trailer: a PDF.
    const std::string record = good_record("hostile-http-chunked-ok");
    const std::size_t third = record.size() / 3;
    auto hex = [](std::size_t n) {
        char b[32];
        std::snprintf(b, sizeof b, "%zx", n);
        return std::string(b);
    };
    std::string body = hex(third) + "\r\n" + record.substr(0, third) + "\r\n";
    body += hex(third) + ";name=value\r\n" + record.substr(third, third) + "\r\n";
    body += hex(record.size() - 2 * third) + "\r\n" + record.substr(2 * third) + "\r\n";
    body += "0\r\nX-Trailer: yes\r\n\r\n";
    raw_client c(worker->wait_port());
    REQUIRE(c.send(post_head("/v1/render", "Transfer-Encoding: chunked\r\nConnection: close\r\n") + body));
    const std::string answer = c.read_answer(10);
    CHECK(status_of(answer) == 200);
    CHECK(body_of(answer).rfind("%PDF-", 0) == 0);
    require_still_serving(*worker, "hostile-http-chunks");
}

TEST_CASE("a_malformed_uri_gets_400_not_a_500_or_a_422", "[http][hostile][framing]") {
    auto worker = start_worker("uri");
    for (const char* target : {"/v1/jobs?state=%zz", "/v1/jobs/%zz", "/v1/jobs?state=%", "/%E0%A4%A"}) {
        INFO(target);
        raw_client c(worker->wait_port());
        REQUIRE(c.send(std::string("GET ") + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        const std::string answer = c.read_answer(5);
        CHECK(status_of(answer) == 400);
        CHECK(body_of(answer).find("not a well-formed URI") != std::string::npos);
    }
    raw_client c(worker->wait_port());
    const std::string record = good_record("hostile-http-uri-post");
    REQUIRE(c.send(post_head("/v1/jobs?split=%zz", "Content-Length: " + std::to_string(record.size()) + "\r\n") + record));
    CHECK(status_of(c.read_answer(5)) == 400);
    require_still_serving(*worker, "hostile-http-uri");
}

TEST_CASE("a_body_trickled_below_the_minimum_rate_gets_408", "[http][hostile][framing]") {
    // Every read comes well within the 5 s timeout; the average falls below 1,000 bytes a
    // second once the 1 s grace is over.
    auto worker = start_worker("trickle", {"-Dvanthu.http.timeout=5", "-Dvanthu.http.body_grace=1s",
                                           "-Dvanthu.http.min_body_rate=1000"});
    raw_client c(worker->wait_port());
    REQUIRE(c.send(post_head("/v1/jobs", "Content-Length: 100000\r\n")));
    const auto start = std::chrono::steady_clock::now();
    bool answered = false;
    while (!answered && seconds_since(start) < 10) {
        if (!c.send(std::string(100, ' '))) break;
        answered = c.answered_within(300);
    }
    const double waited = seconds_since(start);
    const std::string answer = c.read_answer(5);
    CHECK(status_of(answer) == 408);
    CHECK(body_of(answer).find("slower than the server takes") != std::string::npos);
    CHECK(waited > 1.0);  // not before the grace
    CHECK(waited < 4.0);  // and well before the 5 s a read may stall
    require_still_serving(*worker, "hostile-http-trickle");
}
