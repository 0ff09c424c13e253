// Owns reading request bodies: the framing checked before a byte is read, fixed-length and
// chunked bodies read from the connection itself under a deadline that moves with the bytes.
#include <chrono>
#include <cctype>
#include <optional>
#include <string>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/String.h>

#include "http/respond.hpp"

namespace http {

namespace {

// HTTPSession::read is protected; a pointer to it, taken in a derived class, reads the
// session's buffered bytes first and then the socket, as the session's own streams do.
struct session_bytes : Poco::Net::HTTPSession {
    using HTTPSession::read;
    static int read_bytes(Poco::Net::HTTPSession& s, char* buffer, std::streamsize length) {
        int (Poco::Net::HTTPSession::*member)(char*, std::streamsize) = &session_bytes::read;
        return (s.*member)(buffer, length);
    }
};

// Why reading stopped.
enum class stop { none, ended_early, too_slow, over_limit, bad_chunk };

// The body's bytes as they come, each read waiting no longer than the pace allows.
class body_reader {
public:
    body_reader(Poco::Net::HTTPSession& s, const body_pace& p)
        : session(s), pace(p), start(std::chrono::steady_clock::now()) {}

    // Up to n bytes appended to out; false (with why) on the end of the connection or the pace.
    bool read_some(std::string& out, std::size_t n) {
        char buf[65536];
        const std::size_t want = n < sizeof buf ? n : sizeof buf;
        set_deadline();
        int got = 0;
        try {
            got = session_bytes::read_bytes(session, buf, static_cast<std::streamsize>(want));
        } catch (const Poco::TimeoutException&) {
            why = stop::too_slow;
            return false;
        } catch (const Poco::Exception&) {
            why = stop::ended_early;
            return false;
        }
        if (got <= 0) {
            why = stop::ended_early;
            return false;
        }
        out.append(buf, static_cast<std::size_t>(got));
        received += static_cast<std::size_t>(got);
        return true;
    }
    // Exactly n bytes appended to out.
    bool read_exactly(std::string& out, std::size_t n) {
        const std::size_t goal = out.size() + n;
        while (out.size() < goal)
            if (!read_some(out, goal - out.size())) return false;
        return true;
    }
    // One line ending in CRLF (without it), at most max bytes.
    bool read_line(std::string& line, std::size_t max) {
        line.clear();
        std::string one;
        while (line.size() <= max) {
            one.clear();
            if (!read_some(one, 1)) return false;
            if (one[0] == '\n') {
                if (line.empty() || line.back() != '\r') break;
                line.pop_back();
                return true;
            }
            line += one[0];
        }
        why = stop::bad_chunk;
        return false;
    }
    stop why = stop::none;

private:
    // The socket waits no longer than idle, nor past the time by which the bytes so far should
    // have come. Set again only when it moved by more than 50 ms: a chunk line is read a byte at
    // a time, mostly from the session's buffer, and each setting is a system call.
    void set_deadline() {
        using namespace std::chrono;
        std::int64_t allowed_ms = pace.idle_ms > 0 ? pace.idle_ms : 3600 * 1000;
        const std::int64_t elapsed = duration_cast<milliseconds>(steady_clock::now() - start).count();
        if (pace.min_rate > 0) {
            const std::int64_t earned = pace.grace_ms + static_cast<std::int64_t>(received) * 1000 / pace.min_rate;
            allowed_ms = std::min(allowed_ms, std::max<std::int64_t>(earned - elapsed, 1));
        }
        // A receive timeout counts from each read: one within 50 ms of the last set serves.
        if (last_set >= 0 && allowed_ms >= last_set - 50 && allowed_ms <= last_set + 50) return;
        session.socket().setReceiveTimeout(Poco::Timespan(allowed_ms * 1000));
        last_set = allowed_ms;
    }

    Poco::Net::HTTPSession& session;
    body_pace pace;
    std::chrono::steady_clock::time_point start;
    std::size_t received = 0;
    std::int64_t last_set = -1;  // the receive timeout last set, ms; -1: none yet
};

// A chunk-size line: 1 to 15 hex digits, then nothing, or extensions after ';' (with optional
// blanks before it).
bool chunk_size(const std::string& line, std::size_t& size) {
    std::size_t at = 0;
    size = 0;
    while (at < line.size() && std::isxdigit(static_cast<unsigned char>(line[at]))) {
        if (at == 15) return false;
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(line[at])));
        size = size * 16 + static_cast<std::size_t>(c <= '9' ? c - '0' : c - 'a' + 10);
        ++at;
    }
    if (at == 0) return false;
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
    return at == line.size() ? line.back() != ' ' && line.back() != '\t' : line[at] == ';';
}

// The chunks up to the last one and its trailers; over the limit stops at once.
stop read_chunked(body_reader& in, std::string& body, std::size_t limit) {
    std::string line;
    for (;;) {
        std::size_t size = 0;
        if (!in.read_line(line, 1024)) return in.why;
        if (!chunk_size(line, size)) return stop::bad_chunk;
        if (size == 0) break;
        if (size > limit - body.size()) return stop::over_limit;
        if (!in.read_exactly(body, size)) return in.why;
        std::string end;  // the CRLF that closes the chunk's data, nothing else
        if (!in.read_line(end, 1)) return in.why == stop::ended_early ? in.why : stop::bad_chunk;
        if (!end.empty()) return stop::bad_chunk;
    }
    for (int i = 0; i < 64; ++i) {  // trailers, ignored, up to the empty line
        if (!in.read_line(line, 8192)) return in.why;
        if (line.empty()) return stop::none;
    }
    return stop::bad_chunk;
}


// Answers a refusal; the connection is not kept (its unread bytes would be taken as a request).
std::optional<std::string> refuse(Poco::Net::HTTPServerResponse& res, int status, const std::string& title,
                                  const std::string& detail) {
    res.setKeepAlive(false);
    send_problem(res, status, title, detail);
    return std::nullopt;
}

}  // namespace

bool is_content_length(std::string_view v) {
    if (v.empty() || v.size() > 18) return false;
    for (char c : v)
        if (c < '0' || c > '9') return false;
    return true;
}

std::optional<std::string> read_body(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                                     std::size_t limit, const body_pace& pace) {
    std::size_t lengths = 0, codings = 0;
    std::string length_text, coding;
    for (const auto& [name, value] : request) {
        if (Poco::icompare(name, "Content-Length") == 0) ++lengths, length_text = Poco::trim(value);
        if (Poco::icompare(name, "Transfer-Encoding") == 0) ++codings, coding = Poco::toLower(Poco::trim(value));
    }
    if (lengths > 1) return refuse(response, 400, "Bad Request", "the request has more than one Content-Length");
    if (lengths == 1 && codings > 0)
        return refuse(response, 400, "Bad Request", "the request has both Content-Length and Transfer-Encoding");
    if (codings > 1 || (codings == 1 && coding != "chunked"))
        return refuse(response, 400, "Bad Request", "the only transfer coding taken is chunked");
    if (lengths == 0 && codings == 0)
        return refuse(response, 411, "Length Required", "send the body with a Content-Length (or chunked)");
    if (lengths == 1 && !is_content_length(length_text))
        return refuse(response, 400, "Bad Request", "the Content-Length '" + length_text.substr(0, 40) + "' is not a length");
    const std::size_t declared = lengths == 1 ? static_cast<std::size_t>(std::stoull(length_text)) : 0;
    if (lengths == 1 && declared > limit)
        return refuse(response, 413, "Payload Too Large", "the body is over the limit of " + std::to_string(limit) + " bytes");
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (!impl) return refuse(response, 500, "Internal Server Error", "the request cannot be read");
    body_reader in(impl->session(), pace);
    std::string body;
    const stop why = lengths == 1 ? (in.read_exactly(body, declared) ? stop::none : in.why) : read_chunked(in, body, limit);
    switch (why) {
        case stop::none:
            return body;
        case stop::over_limit:
            return refuse(response, 413, "Payload Too Large", "the body is over the limit of " + std::to_string(limit) + " bytes");
        case stop::too_slow:
            return refuse(response, 408, "Request Timeout", "the body came slower than the server takes");
        case stop::bad_chunk:
            return refuse(response, 400, "Bad Request", "the chunked body is malformed (a bad chunk size or line)");
        case stop::ended_early:
            break;
    }
    return refuse(response, 400, "Bad Request",
                  lengths == 1 ? "the body ended after " + std::to_string(body.size()) + " of " + std::to_string(declared) + " bytes"
                               : "the chunked body ended before its last chunk");
}

}  // namespace http
