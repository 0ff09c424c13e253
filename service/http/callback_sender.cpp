// Owns delivering callback events: the body, the signature, the connection, the backoff.
#include "http/callback_sender.hpp"

#include <algorithm>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>

#include "auth/signed_event.hpp"
#include "http/callback_policy.hpp"
#include "http/respond.hpp"

namespace http {

namespace {

// Sends the body over a session made for the checked address; the status, or 0 with why.
int post(Poco::Net::HTTPClientSession& session, const callback_target& to, const worker::callback_event& e,
         const std::string& body, const std::string& signature, std::string& why) {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, to.target, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setHost(to.host, to.port);
    request.setContentType("application/json");
    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    request.set("User-Agent", "vanthu-callbacks/1");
    request.set("Vanthu-Event", e.type);
    request.set("Vanthu-Event-Id", e.id);
    request.set("Vanthu-Signature", signature);
    request.setKeepAlive(false);
    try {
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        char sink[4096];  // a receiver's answer is not read past 64 kB
        for (int i = 0; i < 16 && in.read(sink, sizeof sink); ++i) {
        }
        return static_cast<int>(response.getStatus());
    } catch (const Poco::Exception& ex) {
        why = ex.displayText();
    } catch (const std::exception& ex) {
        why = ex.what();
    }
    return 0;
}

}  // namespace

callback_sender::callback_sender(worker::job_store& s, callback_settings c, worker::json_log& l)
    : store(s), settings(std::move(c)), log(l) {}

callback_sender::~callback_sender() { stop(); }

void callback_sender::start() {
    if (!thread.joinable()) thread = std::thread([this] { loop(); });
}

void callback_sender::stop() {
    {
        std::lock_guard<std::mutex> hold(lock);
        stopping = true;
    }
    wakeup.notify_all();
    if (thread.joinable()) thread.join();
}

void callback_sender::loop() {
    std::unique_lock<std::mutex> hold(lock);
    while (!stopping) {
        hold.unlock();
        const std::size_t sent = run_once();
        hold.lock();
        if (sent == 0) wakeup.wait_for(hold, std::chrono::milliseconds(settings.poll_ms), [this] { return stopping; });
    }
}

// One event claimed at a time, its lease just longer than one attempt: a worker killed
// mid-attempt holds it back for seconds, not minutes.
std::size_t callback_sender::run_once() {
    std::size_t attempts = 0;
    for (; attempts < 16; ++attempts) {
        std::string error;
        const std::vector<worker::callback_event> due =
            store.claim_callbacks(settings.worker_id, 2 * settings.timeout_ms + 1000, 1, error);
        if (!error.empty()) log.warn("cannot read the callbacks' outbox: " + error);
        if (due.empty()) break;
        const worker::callback_event& e = due.front();
        const worker::callback_attempt a = deliver(e);
        const worker::log_context about{e.job_id, ""};
        if (a.delivered) log.info(e.type + " delivered to " + e.url, about);
        else if (a.give_up) log.warn(e.type + " to " + e.url + " given up: " + a.error, about);
        else log.warn(e.type + " to " + e.url + " failed (" + a.error + "); next try at " + iso_time(a.next_ms), about);
        if (!store.record_callback(e.id, settings.worker_id, a, error))
            log.warn("cannot record a callback attempt" + (error.empty() ? std::string(" (the lease moved on)") : ": " + error),
                     about);
    }
    return attempts;
}

std::string callback_sender::body_of(const worker::callback_event& e, std::string& why) {
    const worker::find_result f = store.find(e.job_id);
    if (!f.value) {
        why = f.error.empty() ? "the job is gone" : f.error;
        return {};
    }
    const worker::job& j = *f.value;
    Poco::JSON::Object job(Poco::JSON_PRESERVE_KEY_ORDER);
    job.set("id", j.id);
    job.set("record_id", j.record_id);
    job.set("revision", j.revision);
    job.set("state", e.type.substr(4));  // as it ended, whatever became of it since
    job.set("pages", j.pages_total);
    if (e.type == "job.done") {
        job.set("result", settings.public_url + "/v1/jobs/" + j.id + "/result");
        job.set("sha256", j.result_digest);
    }
    if (e.type == "job.failed") job.set("errors", error_lines(j.last_error));
    job.set("location", settings.public_url + "/v1/jobs/" + j.id);
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("id", e.id);
    body.set("type", e.type);
    body.set("created", iso_time(e.created_ms));
    body.set("job", job);
    std::ostringstream text;
    body.stringify(text);
    return text.str();
}

// Refusals that no later attempt can change (a URL the list no longer allows, a revoked
// client) give up at once; everything else is tried again after the backoff.
worker::callback_attempt callback_sender::deliver(const worker::callback_event& e) {
    worker::callback_attempt a;
    const std::int64_t now = worker::now_ms();
    std::int64_t delay = settings.backoff_ms;
    for (int i = 0; i < e.attempts && delay < settings.backoff_max_ms; ++i) delay *= 2;
    a.next_ms = now + std::min(delay, settings.backoff_max_ms);
    a.body = e.body;
    std::string error;
    const std::optional<worker::client_row> client = store.find_client_named(e.owner, error);
    if (!client || client->revoked_ms != 0) {
        a.error = error.empty() ? "the client " + e.owner + " is revoked or gone" : error;
        a.give_up = error.empty();
        return a;
    }
    if (a.body.empty()) a.body = body_of(e, a.error);
    if (a.body.empty()) return a;
    const callback_target to = resolve_callback(e.url, settings.allow, settings.https_only);
    if (!to.why.empty()) {
        a.error = to.why;
        a.give_up = to.why.find("cannot resolve") == std::string::npos;  // a name may come back
    } else {
        const std::string signature = auth::sign_event(client->callback_secret, now / 1000, a.body);
        const Poco::Timespan timeout(settings.timeout_ms * 1000);
        const Poco::Net::SocketAddress address(to.address, to.port);
        try {
            if (to.https) {
                Poco::Net::Context::Ptr context = new Poco::Net::Context(
                    Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
                Poco::Net::SecureStreamSocket socket(context);
                socket.setPeerHostName(to.host);  // the certificate must name the host, not the address
                socket.connect(address, timeout);
                Poco::Net::HTTPSClientSession session(socket);
                session.setTimeout(timeout);
                a.status = post(session, to, e, a.body, signature, a.error);
            } else {
                Poco::Net::HTTPClientSession session(address);
                session.setTimeout(timeout);
                a.status = post(session, to, e, a.body, signature, a.error);
            }
        } catch (const Poco::Exception& ex) {
            a.error = ex.displayText();
        }
        a.delivered = a.status >= 200 && a.status < 300;
        if (!a.delivered && a.error.empty())
            a.error = "the receiver answered " + std::to_string(a.status) +
                      (a.status >= 300 && a.status < 400 ? " (redirects are not followed)" : "");
    }
    if (!a.delivered && !a.give_up && now - e.created_ms >= settings.give_up_ms) {
        a.give_up = true;
        a.error += "; given up after " + std::to_string(e.attempts + 1) + " attempts";
    }
    return a;
}

}  // namespace http
