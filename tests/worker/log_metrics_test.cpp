// The JSON-lines log and the Prometheus metrics.
#include <catch2/catch.hpp>

#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "worker/json_log.hpp"
#include "worker/metrics.hpp"

using namespace worker;

TEST_CASE("each_log_line_is_one_json_object_with_job_and_record_ids", "[worker][log]") {
    std::ostringstream out;
    json_log log(out);
    log.warn("bản ghi \"lỗi\"\nở dòng 3", {"job-1", "rec-7"});
    log.info("started");
    std::istringstream lines(out.str());
    std::string first, second, third;
    REQUIRE(std::getline(lines, first));
    REQUIRE(std::getline(lines, second));
    CHECK_FALSE(std::getline(lines, third));
    auto o = Poco::JSON::Parser().parse(first).extract<Poco::JSON::Object::Ptr>();
    CHECK(o->getValue<std::string>("message") == "bản ghi \"lỗi\"\nở dòng 3");
    CHECK(o->getValue<std::string>("level") == "warning");
    CHECK(o->getValue<std::string>("job_id") == "job-1");
    CHECK(o->getValue<std::string>("record_id") == "rec-7");
    CHECK(o->getValue<std::string>("time").size() == 24);
    auto o2 = Poco::JSON::Parser().parse(second).extract<Poco::JSON::Object::Ptr>();
    CHECK_FALSE(o2->has("job_id"));
}

TEST_CASE("a_log_line_is_valid_json_whatever_bytes_its_message_holds", "[worker][log]") {
    // A windows-1258 record's name read as UTF-8 (Nguyễn Văn A: ê, the combining tilde and ă
    // are single bytes there, ill-formed here), a truncated
    // sequence at the end, an overlong '/', a UTF-16 surrogate, control characters, quotes
    // and backslashes: each line still parses, and what is well-formed comes back as it was.
    const std::string message = std::string("Nguy\xea\xde" "n V\xe3" "n A \"tr\u01b0\u1edfng\" \\ C:\\h\u1ed3 s\u01a1\t") +
                                std::string("\x01\x1f\x7f") + "\xc0\xaf" + "\xed\xa0\x80" + "\xe1\xbb";
    std::ostringstream out;
    json_log log(out);
    log.error(message, {"job-\xff", "rec-\x80"});
    const std::string line = out.str();
    REQUIRE(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);  // one line, whatever the message holds
    Poco::JSON::Object::Ptr o;
    REQUIRE_NOTHROW(o = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>());
    const std::string fffd = "\xef\xbf\xbd";
    CHECK(o->getValue<std::string>("message") ==
          "Nguy" + fffd + fffd + "n V" + fffd + "n A \"tr\u01b0\u1edfng\" \\ C:\\h\u1ed3 s\u01a1\t\x01\x1f\x7f" +
              fffd + fffd + fffd + fffd + fffd + fffd + fffd);
    CHECK(o->getValue<std::string>("job_id") == "job-" + fffd);
    CHECK(o->getValue<std::string>("record_id") == "rec-" + fffd);
}

TEST_CASE("quote_json_escapes_what_json_asks_for_and_keeps_vietnamese_as_it_is", "[worker][log]") {
    CHECK(quote_json("Bi\u00ean b\u1ea3n h\u1ecdp") == "\"Bi\u00ean b\u1ea3n h\u1ecdp\"");
    CHECK(quote_json("a\"b\\c\nd\re\tf") == "\"a\\\"b\\\\c\\nd\\re\\tf\"");
    CHECK(quote_json(std::string("\x00\x1b", 2)) == "\"\\u0000\\u001b\"");
    CHECK(quote_json("\xff") == "\"\\ufffd\"");
    CHECK(quote_json("") == "\"\"");
}

TEST_CASE("log_lines_below_the_level_are_dropped", "[worker][log]") {
    std::ostringstream out;
    json_log log(out, parse_log_level("warning"));
    log.info("quiet");
    log.error("loud");
    CHECK(out.str().find("quiet") == std::string::npos);
    CHECK(out.str().find("loud") != std::string::npos);
}

TEST_CASE("metrics_are_prometheus_text_with_a_cumulative_histogram", "[worker][metrics]") {
    metrics m;
    m.observe_render(0.07);
    m.observe_render(3.0);
    m.count_job(job_outcome::done);
    m.count_job(job_outcome::done);
    m.count_job(job_outcome::fenced);
    m.count_pages(12);
    const std::string text = m.format_prometheus(5, 1, true);
    CHECK(text.find("vanthu_jobs_total{outcome=\"done\"} 2\n") != std::string::npos);
    CHECK(text.find("vanthu_jobs_total{outcome=\"fenced\"} 1\n") != std::string::npos);
    CHECK(text.find("vanthu_pages_total 12\n") != std::string::npos);
    CHECK(text.find("vanthu_queue_depth{state=\"queued\"} 5\n") != std::string::npos);
    CHECK(text.find("vanthu_render_seconds_bucket{le=\"0.05\"} 0\n") != std::string::npos);
    CHECK(text.find("vanthu_render_seconds_bucket{le=\"0.1\"} 1\n") != std::string::npos);
    CHECK(text.find("vanthu_render_seconds_bucket{le=\"5\"} 2\n") != std::string::npos);
    CHECK(text.find("vanthu_render_seconds_bucket{le=\"+Inf\"} 2\n") != std::string::npos);
    CHECK(text.find("vanthu_render_seconds_count 2\n") != std::string::npos);
    CHECK(text.find("# TYPE vanthu_render_seconds histogram\n") != std::string::npos);
}
