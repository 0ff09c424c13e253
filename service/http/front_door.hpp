// The front door of the plain-HTTP API listener. One thread accepts every connection and
// waits, at no request thread's cost, until its request head (and a small body) has arrived
// whole; only then does a request thread (Poco's HTTPServerConnection) read and answer it.
// What the door turns away it answers itself, a problem document and Connection: close:
//   408  a head not whole within head_timeout_ms, however slowly it trickles, or a small body
//        not whole within body_grace_ms and its length at min_body_rate, or stalled idle_ms;
//   400  a request line or Content-Length that is not HTTP (Poco would close without a word);
//   431  a head over 64 KiB;
//   429  a connection past max_per_address open ones from its address;
//   503  a whole request when every thread is busy and `queue` requests already wait, or one
//        that waited wait_ms for a thread (Retry-After on both).
// Requests of one address take at most threads_per_address threads at once; the rest wait
// their turn, taken address by address, so that one client cannot fill the threads. GET /livez
// and /readyz have a thread of their own. Connections serve one request each (no keep-alive):
// an idle connection never holds anything. The TLS listener is Poco's own (it cannot read a
// head before the handshake); put a TLS proxy in front when clients are not trusted.
#pragma once

#include <cstdint>
#include <memory>

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>

#include "worker/json_log.hpp"
#include "worker/metrics.hpp"

namespace http {

struct door_limits {
    int threads = 8;                       // request threads
    int queue = 64;                        // whole requests waiting for a thread
    int max_per_address = 64;              // open connections from one address
    int threads_per_address = 4;           // requests of one address in threads at once
    std::int64_t head_timeout_ms = 10000;  // a request head whole within this
    std::int64_t body_grace_ms = 10000;    // a small body whole within this and its length at...
    std::int64_t min_body_rate = 16384;    // ... this many bytes a second (0: the grace only)
    std::int64_t idle_ms = 30000;          // longest a small body may stall
    std::int64_t wait_ms = 30000;          // longest a whole request waits for a thread
    int retry_after_s = 30;                // Retry-After of 503
};

class front_door {
public:
    front_door(Poco::Net::ServerSocket listener, Poco::Net::HTTPServerParams::Ptr params,
               Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
               const door_limits& limits, worker::metrics& counters, worker::json_log& log);
    ~front_door();
    front_door(const front_door&) = delete;
    front_door& operator=(const front_door&) = delete;

    // Starts the door's thread and the request threads.
    void start();
    // Stops accepting, closes the connections still at the door, and waits for the requests
    // in threads to end.
    void stop();

private:
    struct state;
    std::unique_ptr<state> s;
};

}  // namespace http
