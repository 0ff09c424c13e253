// A `vanthu serve` process started by a test: its port, its JSON log, signals; and a client.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>

namespace serve_test {

// A running worker process whose stderr (the JSON log) is read on a thread.
class serve_process {
public:
    // Starts program with args; for the real binary the first argument is "serve".
    serve_process(const std::string& program, const std::vector<std::string>& args);
    // Kills the process (SIGKILL) unless it was stopped already.
    ~serve_process();
    serve_process(const serve_process&) = delete;
    serve_process& operator=(const serve_process&) = delete;

    // The HTTP port once it listens (0 after 30 s without).
    int wait_port();
    // Sends a signal and waits for the exit code.
    int stop(int signal);
    // Everything logged so far.
    std::string text();
    // How many log lines so far carry this exact message.
    std::size_t count_message(const std::string& message);
    // The process id.
    long pid() const { return static_cast<long>(handle.id()); }

private:
    Poco::Pipe err;
    Poco::ProcessHandle handle;
    std::thread reader;
    std::mutex lock;
    std::condition_variable changed;
    std::string log;
    int port = 0;
    bool log_ended = false;  // its stderr closed: it exited
    bool ended = false;
};

// The real program as `vanthu serve` with these settings (-Dkey=value ...): every test that
// spawns a worker goes through here.
std::unique_ptr<serve_process> start_serve(const std::vector<std::string>& settings);

// What a worker answered.
struct answer {
    int status = 0;
    std::string body;
    std::string location;
    std::map<std::string, std::string> headers;  // names in lower case
};

// One request to a worker on 127.0.0.1, on a fresh connection.
answer call(int port, const std::string& method, const std::string& path, const std::string& body = {});
// The same with 'Authorization: Bearer <token>' (none when token is empty).
answer call_as(int port, const std::string& token, const std::string& method, const std::string& path,
               const std::string& body = {});

// The same with any headers (a cookie, a CSRF token, a content type).
answer send(int port, const std::string& method, const std::string& path, const std::string& body = {},
            const std::map<std::string, std::string>& headers = {});

// The JSON of a job, fetched over HTTP.
Poco::JSON::Object::Ptr job_at(int port, const std::string& location);

// Polls a job until it is done, failed or awaiting a signature (at most about 60 s); returns
// its last JSON.
Poco::JSON::Object::Ptr wait_job(int port, const std::string& location);
// The same two as a client with a token.
Poco::JSON::Object::Ptr job_as(int port, const std::string& token, const std::string& location);
Poco::JSON::Object::Ptr wait_job_as(int port, const std::string& token, const std::string& location);

// A record's text with its own id (the first id attribute, the root's) replaced.
std::string with_record_id(const std::string& record, const std::string& id);

// The minimal meeting sample under an id, its place given.
std::string meeting(const std::string& id, const std::string& place = "Hải Phòng");

// A certification with n recipients, each the first recipient of the fire-safe sample, under
// the record id gcn-<n>.
std::string certification_of(int n);

// The worker settings for a test (authentication off, as on loopback only): any free port, a scratch spool, a fast poll, the lease.
std::vector<std::string> serve_args(const std::string& store, const std::string& dir,
                                    const std::string& lease = "60000");

// The status code of a raw HTTP/1.1 answer, 0 when there is none.
int status_of(const std::string& answer);
// The body of a raw answer (after the blank line).
std::string body_of(const std::string& answer);

}  // namespace serve_test
