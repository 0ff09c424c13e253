// Owns the tests' handle on a worker process: start, log capture, port, signals.
#include "serve_process.hpp"

#include <signal.h>

#include <chrono>
#include <iostream>
#include <thread>

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/PipeStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace serve_test {

serve_process::serve_process(const std::string& program, const std::vector<std::string>& args)
    : handle(Poco::Process::launch(program, args, nullptr, nullptr, &err)) {
    reader = std::thread([this] {
        Poco::PipeInputStream in(err);
        for (std::string line; std::getline(in, line);) {
            std::lock_guard<std::mutex> hold(lock);
            log += line + "\n";
            const std::string key = "\"message\":\"listening on 127.0.0.1:";
            const std::size_t at = line.find(key);
            if (at != std::string::npos) port = std::stoi(line.substr(at + key.size()));
            changed.notify_all();
        }
        std::lock_guard<std::mutex> hold(lock);  // the process is gone: no port will come
        log_ended = true;
        changed.notify_all();
    });
}

serve_process::~serve_process() {
    if (!ended) {
        ::kill(handle.id(), SIGKILL);
        handle.wait();
    }
    if (reader.joinable()) reader.join();
}

int serve_process::wait_port() {
    std::unique_lock<std::mutex> hold(lock);
    changed.wait_for(hold, std::chrono::seconds(30), [this] { return port != 0 || log_ended; });
    return port;
}

int serve_process::stop(int signal) {
    ::kill(handle.id(), signal);
    ended = true;
    const int code = handle.wait();
    reader.join();  // the pipe ends with the process: the log is whole now
    if (code != 0) {
        // Poco gives 256 + the signal for a process a signal ended.
        const std::string tail = log.size() > 8000 ? log.substr(log.size() - 8000) : log;
        std::cerr << "worker " << handle.id() << " exited with " << code
                  << (code > 256 ? " (signal " + std::to_string(code - 256) + ")" : std::string())
                  << "; the end of its log:\n" << tail;
    }
    return code;
}

std::string serve_process::text() {
    std::lock_guard<std::mutex> hold(lock);
    return log;
}

std::size_t serve_process::count_message(const std::string& message) {
    const std::string what = "\"message\":\"" + message + "\"";
    const std::string all = text();
    std::size_t n = 0;
    for (std::size_t at = all.find(what); at != std::string::npos; at = all.find(what, at + 1)) ++n;
    return n;
}

std::unique_ptr<serve_process> start_serve(const std::vector<std::string>& settings) {
    std::vector<std::string> args = {"serve"};
    args.insert(args.end(), settings.begin(), settings.end());
    return std::make_unique<serve_process>(test_paths::vanthu_program(), args);
}

answer call(int port, const std::string& method, const std::string& path, const std::string& body) {
    return call_as(port, "", method, path, body);
}

answer call_as(int port, const std::string& token, const std::string& method, const std::string& path,
               const std::string& body) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return send(port, method, path, body, headers);
}

answer send(int port, const std::string& method, const std::string& path, const std::string& body,
            const std::map<std::string, std::string>& headers) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers) request.set(name, value);
    // A Content-Length the test gives is sent as it is (a body announced and never sent).
    if ((method == "POST" || method == "PUT") && !request.has("Content-Length"))
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    answer a;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), a.body);
    a.status = static_cast<int>(response.getStatus());
    a.location = response.get("Location", "");
    for (const auto& [name, value] : response) a.headers[Poco::toLower(name)] = value;
    return a;
}

Poco::JSON::Object::Ptr job_at(int port, const std::string& location) { return job_as(port, "", location); }

Poco::JSON::Object::Ptr job_as(int port, const std::string& token, const std::string& location) {
    return Poco::JSON::Parser().parse(call_as(port, token, "GET", location).body).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr wait_job(int port, const std::string& location) { return wait_job_as(port, "", location); }

Poco::JSON::Object::Ptr wait_job_as(int port, const std::string& token, const std::string& location) {
    Poco::JSON::Object::Ptr o;
    for (int i = 0; i < 3000; ++i) {
        o = job_as(port, token, location);
        const std::string state = o->getValue<std::string>("state");
        if (state == "done" || state == "failed" || state == "awaiting_signature") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return o;
}

std::string with_record_id(const std::string& record, const std::string& id) {
    const std::size_t at = record.find(" id=\"");
    const std::size_t end = record.find('"', at + 5);
    return record.substr(0, at + 5) + id + record.substr(end);
}

std::string meeting(const std::string& id, const std::string& place) {
    std::string xml = with_record_id(test_paths::read_file(test_paths::source("samples/meeting-minimal.xml")), id);
    const std::size_t at = xml.find("<place>");
    return xml.replace(at + 7, xml.find("</place>") - at - 7, place);
}

std::string certification_of(int n) {
    const std::string sample = test_paths::read_file(test_paths::source("samples/certification-2022-11-15-fire-safe-groups.xml"));
    const std::size_t first = sample.find("<recipient "), end_first = sample.find("</recipient>") + 12;
    const std::size_t last = sample.rfind("</recipient>") + 12;
    const std::string one = sample.substr(first, end_first - first);
    const std::size_t id_at = one.find("id=\"") + 4, id_end = one.find('"', id_at);
    std::string many;
    for (int i = 0; i < n; ++i) many += one.substr(0, id_at) + "r-" + std::to_string(i) + one.substr(id_end) + "\n";
    return with_record_id(sample.substr(0, first) + many + sample.substr(last), "gcn-" + std::to_string(n));
}

std::vector<std::string> serve_args(const std::string& store, const std::string& dir, const std::string& lease) {
    return {"-Dvanthu.auth=off", "-Dvanthu.http.port=0", "-Dvanthu.store=" + store, "-Dvanthu.spool=" + dir + "/spool",
            "-Dvanthu.jobs.poll=50", "-Dvanthu.jobs.lease=" + lease, "-Dvanthu.drain.grace=10",
            "-Dvanthu.audit.file=" + dir + "/audit.jsonl"};
}

int status_of(const std::string& answer) {
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
}

std::string body_of(const std::string& answer) {
    const std::size_t at = answer.find("\r\n\r\n");
    return at == std::string::npos ? std::string() : answer.substr(at + 4);
}

}  // namespace serve_test
