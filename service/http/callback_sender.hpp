// Delivers the callbacks' outbox: each event POSTed, signed with its client's callback secret,
// to the job's callback URL; retried with doubling backoff until delivered or given up. A
// thread of its own: rendering never waits for a receiver.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "worker/json_log.hpp"
#include "worker/store.hpp"

namespace http {

struct callback_settings {
    std::vector<std::string> allow;       // vanthu.callbacks.allow, read by read_allow_list
    bool https_only = false;              // plain http:// refused
    std::int64_t timeout_ms = 5000;       // to connect, send and hear the answer
    std::int64_t backoff_ms = 1000;       // after the first failed attempt; doubles
    std::int64_t backoff_max_ms = 3600000;
    std::int64_t give_up_ms = 86400000;   // after the event was made, no more attempts
    std::int64_t poll_ms = 500;           // between looks at the outbox
    std::string public_url;               // the API's address as clients reach it, for result URLs
    std::string worker_id;                // this worker's name in the outbox leases
};

class callback_sender {
public:
    callback_sender(worker::job_store& store, callback_settings settings, worker::json_log& log);
    ~callback_sender();
    callback_sender(const callback_sender&) = delete;
    callback_sender& operator=(const callback_sender&) = delete;

    // Starts the delivering thread.
    void start();
    // Stops it; an attempt in progress ends first (within the timeout).
    void stop();
    // One pass: delivers every event due now; returns how many attempts were made.
    std::size_t run_once();

private:
    // One attempt at one event.
    worker::callback_attempt deliver(const worker::callback_event& e);
    // The event's JSON: the job as it ended.
    std::string body_of(const worker::callback_event& e, std::string& why);
    void loop();

    worker::job_store& store;
    callback_settings settings;
    worker::json_log& log;
    std::mutex lock;
    std::condition_variable wakeup;
    bool stopping = false;
    std::thread thread;
};

}  // namespace http
