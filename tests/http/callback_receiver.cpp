// The tests' callback receiver: a Poco HTTPServer whose one handler records and answers.
#include "callback_receiver.hpp"

#include <chrono>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

namespace callback_test {

struct receiver::state {
    std::mutex lock;
    std::condition_variable arrived;
    std::vector<received> requests;
    std::deque<int> next;
    int otherwise = 200;
    int port = 0;
};

namespace {

class record_handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit record_handler(std::shared_ptr<receiver::state> s) : shared(std::move(s)) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
        received r;
        r.path = req.getURI();
        for (const auto& [name, value] : req) r.headers[Poco::toLower(name)] = value;
        Poco::StreamCopier::copyToString(req.stream(), r.body);
        {
            std::lock_guard<std::mutex> hold(shared->lock);
            r.answered = shared->otherwise;
            if (!shared->next.empty()) {
                r.answered = shared->next.front();
                shared->next.pop_front();
            }
            shared->requests.push_back(r);
        }
        shared->arrived.notify_all();
        res.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.answered));
        if (r.answered >= 300 && r.answered < 400) res.set("Location", "http://127.0.0.1:" + std::to_string(shared->port) + "/elsewhere");
        res.setContentLength(2);
        res.send() << "ok";
    }

private:
    std::shared_ptr<receiver::state> shared;
};

class factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit factory(std::shared_ptr<receiver::state> s) : shared(std::move(s)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new record_handler(shared);
    }

private:
    std::shared_ptr<receiver::state> shared;
};

}  // namespace

receiver::receiver() : shared(std::make_shared<state>()) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    shared->port = socket.address().port();
    server = std::make_unique<Poco::Net::HTTPServer>(new factory(shared), socket, new Poco::Net::HTTPServerParams);
    server->start();
}

receiver::~receiver() { server->stopAll(true); }

int receiver::port() const { return shared->port; }

std::string receiver::url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(shared->port) + path; }

void receiver::answer_next(std::vector<int> statuses) {
    std::lock_guard<std::mutex> hold(shared->lock);
    shared->next.assign(statuses.begin(), statuses.end());
}

void receiver::always(int status) {
    std::lock_guard<std::mutex> hold(shared->lock);
    shared->next.clear();
    shared->otherwise = status;
}

std::vector<received> receiver::wait_for(std::size_t n, int seconds) {
    std::unique_lock<std::mutex> hold(shared->lock);
    shared->arrived.wait_for(hold, std::chrono::seconds(seconds), [&] { return shared->requests.size() >= n; });
    return shared->requests;
}

std::vector<received> receiver::got() {
    std::lock_guard<std::mutex> hold(shared->lock);
    return shared->requests;
}

}  // namespace callback_test
