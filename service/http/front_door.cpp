// Owns the front door: accepting, waiting for whole request heads with epoll (edge-triggered,
// reading by MSG_PEEK so that Poco later reads the request from the socket untouched), the
// limits per address, the queue of whole requests and the threads that serve them.
#include "http/front_door.hpp"
#include "http/respond.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/StreamSocketImpl.h>

namespace http {

namespace {

using clock = std::chrono::steady_clock;

constexpr std::size_t max_head = 65536;        // a head (or head and small body) the door reads
constexpr std::size_t probe_queue = 16;        // probes waiting for the probe thread
constexpr auto log_every = std::chrono::seconds(10);
constexpr auto linger = std::chrono::seconds(2);  // how long an answered connection is read out

// Where a connection at the door is.
enum class phase {
    head,     // its request head is coming
    body,     // its head is whole; its small body is coming
    waiting,  // whole; waiting for a request thread
    closing,  // answered: what the client still sends is read and dropped until it closes
};

struct connection {
    Poco::Net::StreamSocket socket;
    std::string address;
    phase at = phase::head;
    clock::time_point deadline;
    std::size_t need = 0;  // bytes queued on the socket before the request is whole (phase body)
    std::size_t seen = 0;  // bytes queued at the last look (phase body)
    clock::time_point whole_by;  // when the body must be whole (phase body); deadline is sooner while it stalls
    bool probe = false;    // GET /livez or /readyz
};

// What the door knows of one client address.
struct peer {
    int open = 0;            // its connections, at the door or in threads
    int active = 0;          // its requests in (or handed to) request threads
    std::deque<int> waiting;  // its whole requests waiting for a thread, oldest first
};

// A whole request handed to a request thread.
struct task {
    Poco::Net::StreamSocket socket;
    std::string address;
    bool probe = false;
};

// The reason phrase of the statuses the door answers itself.
const char* reason(int status) {
    switch (status) {
        case 400: return "Bad Request";
        case 408: return "Request Timeout";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        default: return "Service Unavailable";
    }
}

// The head of a request as far as the door needs it.
struct head_facts {
    std::string problem;          // why it is not HTTP, or empty
    std::string path;             // the target up to '?'
    std::string method;
    std::size_t length = 0;       // the Content-Length (0 when none)
    bool chunked = false;         // a Transfer-Encoding is present (read_body judges its value)
    bool expects_continue = false;
};

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string trim(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
    return std::string(v);
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
}

// Reads the request line and the header lines (the head without its blank line).
head_facts read_head(std::string_view head) {
    head_facts f;
    std::size_t eol = head.find("\r\n");
    const std::string_view line = head.substr(0, eol);
    const std::size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1 || line.substr(sp2 + 1).substr(0, 7) != "HTTP/1." ||
        line.size() != sp2 + 9) {
        f.problem = "the request line is not 'METHOD target HTTP/1.1'";
        return f;
    }
    f.method = std::string(line.substr(0, sp1));
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    f.path = std::string(target.substr(0, target.find('?')));
    for (char c : f.method)
        if (!is_token_char(c)) {
            f.problem = "the request method is not a token";
            return f;
        }
    std::size_t at = eol == std::string_view::npos ? head.size() : eol + 2;
    int lengths = 0;
    while (at < head.size()) {
        eol = head.find("\r\n", at);
        const std::string_view field = head.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at);
        at = eol == std::string_view::npos ? head.size() : eol + 2;
        const std::size_t colon = field.find(':');
        if (colon == 0 || colon == std::string_view::npos || !is_token_char(field.front())) {
            f.problem = "a header line is not 'Name: value'";
            return f;
        }
        const std::string_view name = field.substr(0, colon);
        for (char c : name)
            if (!is_token_char(c)) {
                f.problem = "a header name is not a token";
                return f;
            }
        const std::string value = trim(field.substr(colon + 1));
        if (iequals(name, "Content-Length")) {
            if (!is_content_length(value)) {
                f.problem = "the Content-Length '" + value.substr(0, 40) + "' is not a length";
                return f;
            }
            f.length = std::stoull(value);
            ++lengths;
        } else if (iequals(name, "Transfer-Encoding")) {
            f.chunked = true;
        } else if (iequals(name, "Expect")) {
            f.expects_continue = true;
        }
    }
    // Framing that two readers could take two ways (request smuggling) is refused here too.
    if (lengths > 1) f.problem = "the request has more than one Content-Length";
    if (lengths > 0 && f.chunked) f.problem = "the request has both Content-Length and Transfer-Encoding";
    return f;
}

}  // namespace

struct front_door::state {
    Poco::Net::ServerSocket listener;
    Poco::Net::HTTPServerParams::Ptr params;
    Poco::Net::HTTPRequestHandlerFactory::Ptr factory;
    door_limits limits;
    worker::metrics& counters;
    worker::json_log& log;

    int poller = -1;  // epoll
    int wake = -1;    // eventfd: a thread finished, or stop
    bool listening = true;
    clock::time_point listen_again;
    std::thread door;
    std::atomic<bool> stopping{false};

    // The door thread's own.
    std::unordered_map<int, connection> connections;
    std::map<std::string, peer> peers;
    std::size_t waiting = 0;  // whole requests waiting for a thread
    int busy = 0;             // requests handed to request threads, not yet ended
    std::map<int, std::uint64_t> turned_away;  // status -> count since the last log line
    clock::time_point last_log;

    // Shared with the request threads, under lock.
    std::mutex lock;
    std::condition_variable work_ready, probe_ready;
    std::deque<task> work, probe_work;
    std::vector<task> ended;  // requests whose answer is sent, their sockets to be closed
    bool threads_stop = false;
    std::vector<std::thread> threads;

    state(Poco::Net::ServerSocket l, Poco::Net::HTTPServerParams::Ptr p, Poco::Net::HTTPRequestHandlerFactory::Ptr f,
          const door_limits& lim, worker::metrics& m, worker::json_log& lg)
        : listener(std::move(l)), params(std::move(p)), factory(std::move(f)), limits(lim),
          counters(m), log(lg) {}

    // ---- the door thread

    void run() {
        epoll_event events[128];
        while (!stopping) {
            const int n = epoll_wait(poller, events, 128, 100);
            for (int i = 0; i < n; ++i) {
                const int fd = events[i].data.fd;
                if (fd == listener.impl()->sockfd()) {
                    accept_all();
                } else if (fd == wake) {
                    std::uint64_t count;
                    [[maybe_unused]] ssize_t r = ::read(wake, &count, sizeof count);
                } else {
                    on_event(fd, events[i].events);
                }
            }
            take_ended();
            const clock::time_point now = clock::now();
            expire(now);
            if (!listening && now >= listen_again) watch_listener(true);
            pump();
            log_turned_away(now);
        }
        for (auto& [fd, c] : connections) {
            epoll_ctl(poller, EPOLL_CTL_DEL, fd, nullptr);
            c.socket.close();
        }
        connections.clear();
    }

    void watch_listener(bool on) {
        epoll_event e{};
        e.events = EPOLLIN;
        e.data.fd = listener.impl()->sockfd();
        epoll_ctl(poller, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, e.data.fd, &e);
        listening = on;
    }

    void accept_all() {
        for (int i = 0; i < 256; ++i) {
            const int accepted = ::accept4(listener.impl()->sockfd(), nullptr, nullptr, SOCK_CLOEXEC);
            if (accepted < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED) return;
                // Out of descriptors or memory: stop accepting a moment instead of spinning.
                log.warn(std::string("http: cannot accept a connection: ") + std::strerror(errno));
                watch_listener(false);
                listen_again = clock::now() + std::chrono::milliseconds(200);
                return;
            }
            Poco::Net::StreamSocket s(new Poco::Net::StreamSocketImpl(accepted));  // blocking, as Poco reads it
            std::string address;
            try {
                address = s.peerAddress().host().toString();
            } catch (const Poco::Exception&) {
                continue;  // gone already
            }
            peer& p = peers[address];
            ++p.open;
            const int fd = s.impl()->sockfd();
            connection& c = connections[fd];
            c.socket = s;
            c.address = address;
            if (p.open > limits.max_per_address) {
                answer(fd, 429, "this address has " + std::to_string(limits.max_per_address) +
                                    " connections open already; close one or wait");
                continue;
            }
            c.deadline = clock::now() + std::chrono::milliseconds(limits.head_timeout_ms);
            epoll_event e{};
            e.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
            e.data.fd = fd;
            epoll_ctl(poller, EPOLL_CTL_ADD, fd, &e);
            on_event(fd, 0);  // bytes may have come with the connection
        }
    }

    void on_event(int fd, std::uint32_t events) {
        const auto found = connections.find(fd);
        if (found == connections.end()) return;
        connection& c = found->second;
        const bool hung_up = (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0;
        if (c.at == phase::closing) return read_out(fd);
        if (c.at == phase::head) {
            static thread_local char buffer[max_head];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_PEEK | MSG_DONTWAIT);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return close(fd);
            const std::string_view bytes(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
            const std::size_t end = bytes.find("\r\n\r\n");
            if (end == std::string_view::npos) {
                if (bytes.size() >= max_head) return answer(fd, 431, "the request head is over 64 KiB");
                if (hung_up) close(fd);
                return;
            }
            const head_facts f = read_head(bytes.substr(0, end));
            if (!f.problem.empty()) return answer(fd, 400, f.problem);
            c.probe = (f.method == "GET" || f.method == "HEAD") && (f.path == "/livez" || f.path == "/readyz");
            const std::size_t whole = end + 4 + f.length;
            if (f.length > 0 && !f.chunked && !f.expects_continue && whole <= max_head) {
                c.at = phase::body;
                c.need = whole;
                const std::int64_t allowed = limits.body_grace_ms + (limits.min_body_rate > 0
                    ? static_cast<std::int64_t>(f.length) * 1000 / limits.min_body_rate : 0);
                c.whole_by = clock::now() + std::chrono::milliseconds(allowed);
                c.deadline = std::min(c.whole_by, clock::now() + std::chrono::milliseconds(limits.idle_ms));
            } else {
                return enqueue(fd);
            }
        }
        if (c.at == phase::body) {
            int queued = 0;
            if (ioctl(fd, FIONREAD, &queued) == 0 && static_cast<std::size_t>(queued) >= c.need) return enqueue(fd);
            if (static_cast<std::size_t>(queued) > c.seen) {  // it moves: the stall clock starts again
                c.seen = static_cast<std::size_t>(queued);
                c.deadline = std::min(c.whole_by, clock::now() + std::chrono::milliseconds(limits.idle_ms));
            }
            if (hung_up) return enqueue(fd);  // the request thread answers a body cut short
        }
    }

    // A whole request: to the probe thread, or in line for a request thread.
    void enqueue(int fd) {
        connection& c = connections.at(fd);
        epoll_ctl(poller, EPOLL_CTL_DEL, fd, nullptr);
        if (c.probe) {
            std::unique_lock<std::mutex> hold(lock);
            if (probe_work.size() >= probe_queue) {
                hold.unlock();
                return answer(fd, 503, "the probe thread is busy");
            }
            probe_work.push_back({c.socket, c.address, true});
            hold.unlock();
            probe_ready.notify_one();
            forget(fd, false);
            return;
        }
        if (waiting >= static_cast<std::size_t>(limits.queue) && !shed_for(c.address))
            return answer(fd, 503, "every request thread is busy and " + std::to_string(limits.queue) +
                                       " requests are waiting; try again later");
        c.at = phase::waiting;
        c.deadline = clock::now() + std::chrono::milliseconds(limits.wait_ms);
        peers[c.address].waiting.push_back(fd);
        ++waiting;
    }

    // With the queue full, the newest request of the address with the most waiting makes room
    // for one of an address with fewer: one client alone may fill the queue, never shut
    // others out of it. False when the newcomer's address is the one to turn away.
    bool shed_for(const std::string& address) {
        const std::size_t mine = peers[address].waiting.size();
        peer* most = nullptr;
        for (auto& [a, p] : peers)
            if (a != address && (!most || p.waiting.size() > most->waiting.size())) most = &p;
        if (!most || most->waiting.size() <= mine + 1) return false;
        answer(most->waiting.back(), 503, "every request thread is busy and " + std::to_string(limits.queue) +
                                              " requests are waiting, most of them from this address; try again later");
        return true;
    }

    // Hands waiting requests to free threads, one address after another.
    void pump() {
        while (busy < limits.threads && waiting > 0) {
            bool handed = false;
            for (auto& [address, p] : peers) {
                if (busy >= limits.threads) break;
                if (p.waiting.empty() || p.active >= limits.threads_per_address) continue;
                const int fd = p.waiting.front();
                p.waiting.pop_front();
                --waiting;
                ++p.active;
                ++busy;
                connection& c = connections.at(fd);
                {
                    std::lock_guard<std::mutex> hold(lock);
                    work.push_back({c.socket, c.address, false});
                }
                work_ready.notify_one();
                forget(fd, false);
                handed = true;
            }
            if (!handed) break;
        }
    }

    // Requests whose answer is sent come back to the door to be closed gracefully.
    void take_ended() {
        std::vector<task> done;
        {
            std::lock_guard<std::mutex> hold(lock);
            done.swap(ended);
        }
        for (task& t : done) {
            if (!t.probe) {
                --busy;
                const auto p = peers.find(t.address);
                if (p != peers.end()) --p->second.active;
            }
            const int fd = t.socket.impl()->sockfd();
            connection& c = connections[fd];
            c.socket = t.socket;
            c.address = t.address;
            close_gracefully(fd);
        }
    }

    // The connection's answer is sent and its sending side shut: it is read out for a moment
    // before it is closed.
    void close_gracefully(int fd) {
        connection& c = connections.at(fd);
        c.at = phase::closing;
        c.deadline = clock::now() + linger;
        epoll_event e{};
        e.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
        e.data.fd = fd;
        if (epoll_ctl(poller, EPOLL_CTL_ADD, fd, &e) != 0) epoll_ctl(poller, EPOLL_CTL_MOD, fd, &e);
        read_out(fd);
    }

    // Reads and drops what a closing connection sent; closes it at its end. Closing a socket
    // with unread bytes would send a reset, which can swallow the answer before it is read
    // (a 413 sent before the body was read, say).
    void read_out(int fd) {
        char sink[16384];
        for (int i = 0; i < 64; ++i) {
            const ssize_t n = ::recv(fd, sink, sizeof sink, MSG_DONTWAIT);
            if (n > 0) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
            break;  // its end, or an error
        }
        close(fd);
    }

    // One connection of the address is gone.
    void release(const std::string& address) {
        const auto p = peers.find(address);
        if (p == peers.end()) return;
        if (--p->second.open <= 0 && p->second.active <= 0 && p->second.waiting.empty()) peers.erase(p);
    }

    void expire(clock::time_point now) {
        std::vector<std::pair<int, phase>> late;
        for (const auto& [fd, c] : connections)
            if (c.deadline <= now) late.emplace_back(fd, c.at);
        for (const auto& [fd, at] : late) {
            const std::int64_t head_s = limits.head_timeout_ms / 1000;
            if (at == phase::closing)
                close(fd);
            else if (at == phase::head)
                answer(fd, 408, "the request head did not arrive within " + std::to_string(head_s > 0 ? head_s : 1) + " s");
            else if (at == phase::body)
                answer(fd, 408, "the body came slower than the server takes");
            else
                answer(fd, 503, "no request thread was free in time; try again later");
        }
    }

    // Answers a connection at the door and closes it gracefully.
    void answer(int fd, int status, const std::string& detail) {
        const std::string body = "{\"type\":\"about:blank\",\"title\":\"" + std::string(reason(status)) +
                                 "\",\"status\":" + std::to_string(status) + ",\"detail\":" + worker::quote_json(detail) + "}";
        std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) +
                          "\r\nServer: vanthu\r\nContent-Type: application/problem+json\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\nConnection: close\r\n";
        if (status == 503 || status == 429) out += "Retry-After: " + std::to_string(limits.retry_after_s) + "\r\n";
        out += "\r\n" + body;
        const auto found = connections.find(fd);
        if (found != connections.end() && found->second.at == phase::waiting) forget_waiting(fd, found->second);
        [[maybe_unused]] ssize_t sent = ::send(fd, out.data(), out.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        ::shutdown(fd, SHUT_WR);
        counters.count_request(status);
        ++turned_away[status];
        close_gracefully(fd);
    }

    // The connection leaves the door: closed, or (handed) owned by a request thread now.
    void forget(int fd, bool closed) {
        const auto found = connections.find(fd);
        if (found == connections.end()) return;
        if (found->second.at == phase::waiting) forget_waiting(fd, found->second);
        if (closed) {
            epoll_ctl(poller, EPOLL_CTL_DEL, fd, nullptr);
            found->second.socket.close();
            release(found->second.address);
        }
        connections.erase(found);
    }

    // A waiting request leaves the line of its address.
    void forget_waiting(int fd, connection& c) {
        auto& line = peers[c.address].waiting;
        const auto at = std::find(line.begin(), line.end(), fd);
        if (at != line.end()) {
            line.erase(at);
            --waiting;
        }
        c.at = phase::head;  // out of the line; the caller says what it becomes
    }

    void close(int fd) { forget(fd, true); }

    void log_turned_away(clock::time_point now) {
        if (turned_away.empty() || now - last_log < log_every) return;
        std::string counts;
        for (const auto& [status, n] : turned_away) counts += (counts.empty() ? "" : ", ") + std::to_string(n) + "x" + std::to_string(status);
        log.warn("http: the front door answered " + counts + " itself (" + std::to_string(connections.size()) +
                 " connections at the door, " + std::to_string(busy) + " requests in threads)");
        turned_away.clear();
        last_log = now;
    }

    // ---- request threads

    void serve(bool probe_lane) {
        std::deque<task>& line = probe_lane ? probe_work : work;
        std::condition_variable& ready = probe_lane ? probe_ready : work_ready;
        for (;;) {
            task t;
            {
                std::unique_lock<std::mutex> hold(lock);
                ready.wait(hold, [&] { return threads_stop || !line.empty(); });
                if (line.empty()) return;
                t = std::move(line.front());
                line.pop_front();
            }
            // Poco closes the socket it is given when the request ends; it is given a duplicate
            // descriptor, so the connection itself stays open to be closed gracefully.
            const int original = t.socket.impl()->sockfd();
            const int copy = ::fcntl(original, F_DUPFD_CLOEXEC, 0);
            if (copy >= 0) {
                try {
                    Poco::Net::StreamSocket duplicate(new Poco::Net::StreamSocketImpl(copy));
                    Poco::Net::HTTPServerConnection connection(duplicate, params, factory);
                    connection.run();
                } catch (const Poco::Exception& e) {
                    log.warn("http: a request ended in an error: " + e.displayText());
                } catch (const std::exception& e) {
                    log.warn(std::string("http: a request ended in an error: ") + e.what());
                }
            }
            ::shutdown(original, SHUT_WR);  // the answer is whole: the client reads its end
            {
                std::lock_guard<std::mutex> hold(lock);
                ended.push_back(std::move(t));
            }
            const std::uint64_t one = 1;
            [[maybe_unused]] ssize_t w = ::write(wake, &one, sizeof one);
        }
    }
};

front_door::front_door(Poco::Net::ServerSocket listener, Poco::Net::HTTPServerParams::Ptr params,
                       Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                       const door_limits& limits, worker::metrics& counters, worker::json_log& log)
    : s(std::make_unique<state>(std::move(listener), std::move(params), std::move(factory), limits,
                                counters, log)) {}

front_door::~front_door() { stop(); }

void front_door::start() {
    // Every connection at the door is a descriptor: take what the hard limit allows.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    s->poller = epoll_create1(EPOLL_CLOEXEC);
    s->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (s->poller < 0 || s->wake < 0) throw Poco::SystemException("cannot create the front door's epoll or eventfd");
    s->listener.setBlocking(false);
    s->watch_listener(true);
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.fd = s->wake;
    epoll_ctl(s->poller, EPOLL_CTL_ADD, s->wake, &e);
    for (int i = 0; i < s->limits.threads; ++i) s->threads.emplace_back([this] { s->serve(false); });
    s->threads.emplace_back([this] { s->serve(true); });
    s->door = std::thread([this] { s->run(); });
}

void front_door::stop() {
    if (!s || s->poller < 0) return;
    s->stopping = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t w = ::write(s->wake, &one, sizeof one);
    if (s->door.joinable()) s->door.join();
    s->listener.close();
    {
        std::lock_guard<std::mutex> hold(s->lock);
        s->threads_stop = true;
    }
    s->work_ready.notify_all();
    s->probe_ready.notify_all();
    for (std::thread& t : s->threads) t.join();
    s->threads.clear();
    ::close(s->poller);
    ::close(s->wake);
    s->poller = -1;
}

}  // namespace http
