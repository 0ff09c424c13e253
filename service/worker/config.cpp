// Owns the worker's configuration: known keys, layering, reading settings.
#include "worker/config.hpp"

#include "core/data_dirs.hpp"
#include "render/render.hpp"

#include <algorithm>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

namespace worker {

const std::vector<config_key>& config_keys() {
    static const std::vector<config_key> keys = {
        {"vanthu.http.host", "127.0.0.1", "address the HTTP API listens on"},
        {"vanthu.http.port", "8080", "port of the HTTP API (0: any free port)"},
        {"vanthu.http.threads", "8", "threads serving HTTP requests"},
        {"vanthu.http.queue", "64", "whole requests waiting for a free thread (more get 503 with Retry-After)"},
        {"vanthu.http.timeout", "30", "seconds a client may stall a read or write"},
        {"vanthu.http.head_timeout", "10s", "time a client has to send a whole request head, however slowly it trickles (408 after)"},
        {"vanthu.http.body_grace", "10s", "time a request body may take before it must keep vanthu.http.min_body_rate"},
        {"vanthu.http.min_body_rate", "16384", "bytes a second a request body must average after the grace (408 below; 0: no minimum)"},
        {"vanthu.http.max_per_address", "64", "open connections from one client address (more get 429)"},
        {"vanthu.http.threads_per_address", "0", "requests of one client address in threads at once, the rest wait their turn (0: half the threads)"},
        {"vanthu.http.max_body", "33554432", "largest request body in bytes (413 above)"},
        {"vanthu.http.tls.cert", "", "PEM certificate (chain) of the API; with vanthu.http.tls.key the port speaks HTTPS only, TLS 1.2 and later"},
        {"vanthu.http.tls.key", "", "PEM private key of that certificate, unencrypted (readable only by the service's user)"},
        {"vanthu.metrics.host", "127.0.0.1", "loopback address of the listener serving /metrics, /livez and /readyz without tokens"},
        {"vanthu.metrics.port", "", "port of that listener (unset: none, and /metrics on the API needs the admin scope)"},
        {"vanthu.auth", "required", "required: every API call carries a client's token; off: nobody is asked (loopback only)"},
        {"vanthu.auth.max_failures", "20", "failed sign-ins from one address in a minute before it gets 429"},
        {"vanthu.session.ttl", "8h", "how long a web sign-in lasts from the login, used or not (absolute): 90s, 30m, 8h, 1d"},
        {"vanthu.store", "sqlite:var/vanthu.db", "job store: sqlite:PATH or postgresql://user@host:port/db"},
        {"vanthu.store.busy_timeout", "5000", "SQLite: milliseconds a writer waits for the lock"},
        {"vanthu.queue.max", "10000", "queued and running jobs before POST /v1/jobs answers 429"},
        {"vanthu.queue.retry_after", "30", "seconds in the Retry-After of a 429"},
        {"vanthu.jobs.max_attempts", "5", "claims of a job before it stays failed"},
        {"vanthu.jobs.backoff", "2000", "milliseconds before the first retry; doubles each time"},
        {"vanthu.jobs.backoff_max", "300000", "longest wait between retries, milliseconds"},
        {"vanthu.jobs.lease", "60000", "milliseconds a claim lasts without a heartbeat"},
        {"vanthu.jobs.poll", "500", "milliseconds an idle worker waits before looking again"},
        {"vanthu.workers", "2", "render threads in this process"},
        {"vanthu.drain.grace", "30", "seconds to finish jobs in flight on SIGTERM"},
        {"vanthu.spool", "spool", "spool folder (incoming/, done/, failed/)"},
        {"vanthu.spool.client", "spool", "the client whose token reads the jobs of spool files"},
        {"vanthu.spool.list_wait", "60s", "how long a list (.xlsx, .csv, .txt) waits in incoming/ for the record naming it before it goes to failed/"},
        {"vanthu.output", "", "optional folder where every result is also written"},
        {"vanthu.callbacks.allow", "", "hosts callbacks may go to, comma-separated: name, name:port or *.domain (empty: none); an internal address only when its host is named itself"},
        {"vanthu.callbacks.https_only", "false", "true: callback URLs must be https://"},
        {"vanthu.callbacks.timeout", "5000", "milliseconds a callback receiver has to connect and answer"},
        {"vanthu.callbacks.backoff", "1000", "milliseconds before a failed callback is sent again; doubles each time"},
        {"vanthu.callbacks.backoff_max", "3600000", "longest wait between two attempts at a callback, milliseconds"},
        {"vanthu.callbacks.give_up", "24h", "how long after a job ended its callback is still tried (90s, 30m, 8h, 1d)"},
        {"vanthu.public_url", "", "the API's address as clients reach it, in callbacks' result URLs and certificates' QR codes (URL/verify/CODE) (default: http(s)://host:port of the listener)"},
        {"vanthu.results.keep", "30d", "how long a finished job's result and record are kept (90s, 30m, 8h, 30d; off: for ever); its row stays, with the result's SHA-256"},
        {"vanthu.results.max_bytes", "4000000000", "largest result (PDF or ZIP) in bytes, under the 4 GiB a ZIP without ZIP64 can hold; a job past it fails for good"},
        {"vanthu.results.spill", "", "folder where results are painted before they are stored (default: the system's temporary folder)"},
        {"vanthu.results.purge_every", "1h", "time between purges of old results and spool files (one worker of a fleet at a time)"},
        {"vanthu.audit.file", "var/audit.jsonl", "the audit log, one JSON line per submission, revision, download, deletion and sign-in (off: none)"},
        {"vanthu.render.max_pages", "10000", "pages one document may have, plus 4 per certificate recipient"},
        {"vanthu.render.time_limit", "600", "seconds one render may take (0: no limit); a job past it is retried"},
        {"vanthu.render.jobs", "", "threads binding, laying out, painting and saving one certificate batch's chunks of 500 at once, 1 to 64 (default: the cores available; the render threads share them)"},
        {"vanthu.render.strict_text", "false", "true: text that looks like VNI, TCVN3 or UTF-8 encoded twice refuses a record (else a warning)"},
        {"vanthu.templates", "", "template folder (default: installed, else the source tree)"},
        {"vanthu.fonts", "", "font folder (default: installed, else the source tree)"},
        {"vanthu.web", "", "folder of the web page's files served at / and /web/ (default: installed, else the source tree)"},
        {"vanthu.web.pdfjs", "/usr/share/javascript/pdf/build", "folder of pdf.js and pdf.worker.js (Debian's libjs-pdf), served at /web/pdfjs/ for the preview"},
        {"vanthu.verify.key_file", "", "file of the key (32 bytes or more) that signs certificates' verification codes; none: certificates carry no code"},
        {"vanthu.verify.per_minute", "60", "public verification pages (GET /verify/CODE) one address may ask for a minute before 429"},
        {"vanthu.sign.p12", "", "the body's signing key and certificate (PKCS#12) that seals the results of jobs asking sign=organization (none: such jobs are refused)"},
        {"vanthu.sign.pass_file", "", "file holding the key's passphrase (none: the environment variable VANTHU_SIGN_PASSPHRASE, unset once read)"},
        {"vanthu.sign.image", "", "the seal's picture, a PNG with transparency, red, drawn at its real size over the left third of the signer's place"},
        {"vanthu.sign.seal_size", "36", "the seal's width on paper in millimetres"},
        {"vanthu.sign.name", "", "the body's name written beside the seal (default: the certificate's O)"},
        {"vanthu.sign.reason", "", "the reason every seal carries (/Reason)"},
        {"vanthu.sign.tsa", "", "an RFC 3161 time-stamping service (http:// or https://) each seal asks for a trusted time (PAdES B-T)"},
        {"vanthu.sign.tsa_ca", "", "PEM certificates an https:// time-stamping service must chain to (none: the system's CAs)"},
        {"vanthu.sign.trust", "", "PEM certificates a person's signature sent back (PUT /v1/jobs/ID/signed) must chain to (none: only the signature's integrity is checked)"},
        {"vanthu.log.level", "info", "debug, info, warning or error"},
        {"vanthu.worker.id", "", "name of this worker in leases (default: host:pid)"},
    };
    return keys;
}

// Upper case, dots to underscores.
std::string env_name(const std::string& key) {
    std::string out;
    for (char c : key) out += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// Only known keys are looked up: the environment holds much else.
std::map<std::string, std::string> read_environment() {
    std::map<std::string, std::string> out;
    for (const config_key& k : config_keys()) {
        if (const char* v = std::getenv(env_name(k.name).c_str())) out[k.name] = v;
    }
    return out;
}

// A MapConfiguration holding the given pairs.
static Poco::AutoPtr<Poco::Util::MapConfiguration> map_config(const std::map<std::string, std::string>& pairs) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> m(new Poco::Util::MapConfiguration);
    for (const auto& [k, v] : pairs) m->setString(k, v);
    return m;
}

// In Poco a lower priority number is consulted first.
Poco::AutoPtr<Poco::Util::LayeredConfiguration> layer_config(
    const std::string& properties_file, const std::map<std::string, std::string>& environment,
    const std::map<std::string, std::string>& command_line, std::string& error) {
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> layered(new Poco::Util::LayeredConfiguration);
    layered->add(map_config(command_line), -300);
    layered->add(map_config(environment), -200);
    if (!properties_file.empty()) {
        try {
            layered->add(new Poco::Util::PropertyFileConfiguration(properties_file), -100);
        } catch (const Poco::Exception& e) {
            error = "cannot read the configuration " + properties_file + ": " + e.displayText();
        }
    }
    return layered;
}

// host:pid, unique enough to tell leases apart in a fleet.
static std::string default_worker_id() {
    return Poco::Environment::nodeName() + ":" + std::to_string(::getpid());
}

// A length of time in seconds: digits and one unit, s, m, h or d (bare digits are seconds); a
// value that is not one is a configuration error naming the key.
static std::int64_t read_seconds(const Poco::Util::AbstractConfiguration& c, const std::string& key,
                                 std::int64_t fallback) {
    const std::string text = c.getString(key, "");
    if (text.empty()) return fallback;
    std::size_t digits = 0;
    while (digits < text.size() && digits < 12 && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    const std::string unit = text.substr(digits);
    const std::map<std::string, std::int64_t> units = {{"", 1}, {"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}};
    const auto found = units.find(unit);
    const std::int64_t scale = found == units.end() ? 0 : found->second;
    if (digits == 0 || scale == 0 || std::stoll(text.substr(0, digits)) == 0)
        throw Poco::SyntaxException(key + " is '" + text + "'; write a length of time such as 90s, 30m, 8h or 1d");
    return std::stoll(text.substr(0, digits)) * scale;
}

settings read_settings(const Poco::Util::AbstractConfiguration& c) {
    settings s;
    s.http_host = c.getString("vanthu.http.host", s.http_host);
    s.http_port = c.getInt("vanthu.http.port", s.http_port);
    s.http_threads = c.getInt("vanthu.http.threads", s.http_threads);
    s.http_queue = c.getInt("vanthu.http.queue", s.http_queue);
    s.http_timeout_s = c.getInt("vanthu.http.timeout", s.http_timeout_s);
    s.http_head_timeout_s = read_seconds(c, "vanthu.http.head_timeout", s.http_head_timeout_s);
    s.http_body_grace_s = read_seconds(c, "vanthu.http.body_grace", s.http_body_grace_s);
    s.http_min_body_rate = c.getInt64("vanthu.http.min_body_rate", s.http_min_body_rate);
    s.http_max_per_address = c.getInt("vanthu.http.max_per_address", s.http_max_per_address);
    s.http_threads_per_address = c.getInt("vanthu.http.threads_per_address", s.http_threads_per_address);
    s.max_body = static_cast<std::size_t>(c.getUInt64("vanthu.http.max_body", s.max_body));
    s.tls_cert = c.getString("vanthu.http.tls.cert", s.tls_cert);
    s.tls_key = c.getString("vanthu.http.tls.key", s.tls_key);
    s.metrics_host = c.getString("vanthu.metrics.host", s.metrics_host);
    if (!c.getString("vanthu.metrics.port", "").empty()) s.metrics_port = c.getInt("vanthu.metrics.port");
    s.auth = c.getString("vanthu.auth", s.auth);
    s.max_auth_failures = static_cast<std::size_t>(c.getUInt64("vanthu.auth.max_failures", s.max_auth_failures));
    s.session_ttl_s = read_seconds(c, "vanthu.session.ttl", s.session_ttl_s);
    s.store = c.getString("vanthu.store", s.store);
    s.busy_timeout_ms = c.getInt("vanthu.store.busy_timeout", s.busy_timeout_ms);
    s.max_queue = static_cast<std::size_t>(c.getUInt64("vanthu.queue.max", s.max_queue));
    s.retry_after_s = c.getInt("vanthu.queue.retry_after", s.retry_after_s);
    s.max_attempts = c.getInt("vanthu.jobs.max_attempts", s.max_attempts);
    s.backoff_ms = c.getInt64("vanthu.jobs.backoff", s.backoff_ms);
    s.backoff_max_ms = c.getInt64("vanthu.jobs.backoff_max", s.backoff_max_ms);
    s.lease_ms = c.getInt64("vanthu.jobs.lease", s.lease_ms);
    s.poll_ms = c.getInt64("vanthu.jobs.poll", s.poll_ms);
    s.workers = c.getInt("vanthu.workers", s.workers);
    s.grace_s = c.getInt("vanthu.drain.grace", s.grace_s);
    s.spool = c.getString("vanthu.spool", s.spool);
    s.spool_client = c.getString("vanthu.spool.client", s.spool_client);
    s.spool_list_wait_s = read_seconds(c, "vanthu.spool.list_wait", s.spool_list_wait_s);
    s.output = c.getString("vanthu.output", s.output);
    const std::string keep = c.getString("vanthu.results.keep", "");
    s.results_keep_s = keep == "off" ? 0 : read_seconds(c, "vanthu.results.keep", s.results_keep_s);
    s.callbacks_allow = c.getString("vanthu.callbacks.allow", s.callbacks_allow);
    s.callbacks_https_only = c.getBool("vanthu.callbacks.https_only", s.callbacks_https_only);
    s.callbacks_timeout_ms = c.getInt64("vanthu.callbacks.timeout", s.callbacks_timeout_ms);
    s.callbacks_backoff_ms = c.getInt64("vanthu.callbacks.backoff", s.callbacks_backoff_ms);
    s.callbacks_backoff_max_ms = c.getInt64("vanthu.callbacks.backoff_max", s.callbacks_backoff_max_ms);
    s.callbacks_give_up_s = read_seconds(c, "vanthu.callbacks.give_up", s.callbacks_give_up_s);
    s.public_url = c.getString("vanthu.public_url", s.public_url);
    s.max_result_bytes = c.getUInt64("vanthu.results.max_bytes", s.max_result_bytes);
    s.spill_dir = c.getString("vanthu.results.spill", s.spill_dir);
    s.purge_every_s = read_seconds(c, "vanthu.results.purge_every", s.purge_every_s);
    s.audit_file = c.getString("vanthu.audit.file", s.audit_file);
    if (s.audit_file == "off") s.audit_file.clear();
    s.max_pages = static_cast<std::size_t>(c.getUInt64("vanthu.render.max_pages", s.max_pages));
    s.time_limit_s = c.getDouble("vanthu.render.time_limit", s.time_limit_s);
    s.strict_text = c.getBool("vanthu.render.strict_text", s.strict_text);
    s.render_jobs = std::clamp<std::size_t>(
        c.getString("vanthu.render.jobs", "").empty() ? render::available_cores()
                                                      : static_cast<std::size_t>(c.getUInt64("vanthu.render.jobs")),
        1, 64);
    s.templates = c.getString("vanthu.templates", "");
    if (s.templates.empty()) s.templates = vanthu::find_data_dir("templates");
    s.fonts = c.getString("vanthu.fonts", "");
    if (s.fonts.empty()) s.fonts = vanthu::find_data_dir("fonts");
    s.web = c.getString("vanthu.web", "");
    if (s.web.empty()) s.web = vanthu::find_data_dir("web");
    s.pdfjs = c.getString("vanthu.web.pdfjs", s.pdfjs);
    s.verify_key_file = c.getString("vanthu.verify.key_file", "");
    s.verify_per_minute = static_cast<std::size_t>(c.getUInt64("vanthu.verify.per_minute", s.verify_per_minute));
    s.sign_p12 = c.getString("vanthu.sign.p12", "");
    s.sign_pass_file = c.getString("vanthu.sign.pass_file", "");
    s.sign_image = c.getString("vanthu.sign.image", "");
    s.sign_seal_size_mm = std::clamp(c.getDouble("vanthu.sign.seal_size", s.sign_seal_size_mm), 5.0, 100.0);
    s.sign_name = c.getString("vanthu.sign.name", "");
    s.sign_reason = c.getString("vanthu.sign.reason", "");
    s.sign_tsa = c.getString("vanthu.sign.tsa", "");
    s.sign_tsa_ca = c.getString("vanthu.sign.tsa_ca", "");
    s.sign_trust = c.getString("vanthu.sign.trust", "");
    s.log_level = c.getString("vanthu.log.level", s.log_level);
    s.worker_id = c.getString("vanthu.worker.id", "");
    if (s.worker_id.empty()) s.worker_id = default_worker_id();
    return s;
}

std::string sample_properties() {
    std::string out =
        "# vanthu serve: every key at its default. Each key can be overridden by an\n"
        "# environment variable (vanthu.http.port -> VANTHU_HTTP_PORT) and on the\n"
        "# command line (-Dvanthu.http.port=9090); the command line wins.\n";
    for (const config_key& k : config_keys()) {
        out += "\n# " + std::string(k.meaning) + "\n";
        out += std::string(k.default_value).empty() ? "#" : "";
        out += std::string(k.name) + " = " + k.default_value + "\n";
    }
    return out;
}

}  // namespace worker
