// A callback receiver for the tests: an HTTP server on 127.0.0.1 that records every request it
// gets and answers each with the next status the test queued (200 once the queue is empty).
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPServer;
}

namespace callback_test {

// One request as the receiver got it.
struct received {
    std::string path;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    int answered = 0;                            // the status it was given
};

class receiver {
public:
    receiver();
    ~receiver();
    receiver(const receiver&) = delete;
    receiver& operator=(const receiver&) = delete;

    int port() const;
    // http://127.0.0.1:<port><path>
    std::string url(const std::string& path = "/hook") const;
    // The statuses the next requests get, in order (a 3xx comes with a Location elsewhere).
    void answer_next(std::vector<int> statuses);
    // Every status from now on (until answer_next or always(200) again).
    void always(int status);
    // Waits up to seconds for at least n requests; what came.
    std::vector<received> wait_for(std::size_t n, int seconds = 30);
    // What came so far.
    std::vector<received> got();

    struct state;

private:
    std::shared_ptr<state> shared;
    std::unique_ptr<Poco::Net::HTTPServer> server;
};

}  // namespace callback_test
