// Owns the worker process: configuration, store, render threads, HTTP server, spool, drain.
#include "http/serve.hpp"

#include "core/read_file.hpp"

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include "http/authenticate.hpp"
#include "http/callback_policy.hpp"
#include "http/callback_sender.hpp"
#include "core/data_dirs.hpp"
#include "http/server.hpp"
#include "http/tls.hpp"
#include "http/revoke_command.hpp"
#include "http/token_command.hpp"
#include "http/user_command.hpp"
#include "worker/retention.hpp"
#include "worker/spool.hpp"
#include "worker/config.hpp"

namespace http {

namespace {

using Poco::Util::Option;
using Poco::Util::OptionCallback;

// Blocks the termination signals in this thread and the threads it starts, so that only
// waitForTerminationRequest() takes them.
void block_termination_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace

worker::store_options store_settings(const worker::settings& s) {
    worker::store_options o;
    o.url = s.store;
    o.max_attempts = s.max_attempts;
    o.backoff_base_ms = s.backoff_ms;
    o.backoff_max_ms = s.backoff_max_ms;
    o.busy_timeout_ms = s.busy_timeout_ms;
    o.max_queue = s.max_queue;
    o.max_sessions = s.workers + s.http_threads + 4;
    return o;
}

namespace {

// The key and address of certificates' verification codes (vanthu.verify.key_file, and
// vanthu.public_url, the worker's public address); false with the reason when the key file
// cannot be read or is short.
bool read_verification(const worker::settings& s, render::options& r, std::string& error) {
    if (s.verify_key_file.empty()) return true;
    r.public_url = s.public_url;
    const vanthu::file_read key = vanthu::read_regular_file(s.verify_key_file, 4096);
    if (!key.bytes || key.bytes->size() < 32) {
        error = "cannot use the verification key " + s.verify_key_file + ": " +
                (key.bytes ? std::to_string(key.bytes->size()) + " bytes, it needs 32 or more" : key.refused);
        return false;
    }
    r.verify_key = *key.bytes;
    return true;
}

// The API settings a process's settings give.
api_config api_settings(const worker::settings& s, const render::options& r) {
    api_config c;
    c.host = s.http_host;
    c.port = s.http_port;
    c.threads = s.http_threads;
    c.queue = s.http_queue;
    c.timeout_s = s.http_timeout_s;
    c.head_timeout_ms = s.http_head_timeout_s * 1000;
    c.body_grace_ms = s.http_body_grace_s * 1000;
    c.min_body_rate = s.http_min_body_rate;
    c.max_per_address = s.http_max_per_address;
    c.threads_per_address = s.http_threads_per_address > 0 ? s.http_threads_per_address : std::max(1, s.http_threads / 2);
    c.max_body = s.max_body;
    c.retry_after_s = s.retry_after_s;
    c.auth_required = s.auth != "off";
    c.max_auth_failures = s.max_auth_failures;
    c.verify_per_minute = s.verify_per_minute;
    c.session_ttl_s = s.session_ttl_s;
    c.render = r;
    c.tls = !s.tls_cert.empty() || !s.tls_key.empty();
    c.tls_cert = s.tls_cert;
    c.tls_key = s.tls_key;
    c.metrics_host = s.metrics_host;
    c.metrics_port = s.metrics_port;
    c.callback_allow = read_allow_list(s.callbacks_allow);
    c.callback_https_only = s.callbacks_https_only;
    c.web_dir = s.web;
    c.pdfjs_dir = s.pdfjs;
    return c;
}

// Why the authentication settings cannot be served, or empty: a network address without
// authentication would hand every client's documents to anybody who can reach it.
std::string refuse_auth_setting(const worker::settings& s) {
    if (s.auth != "required" && s.auth != "off")
        return "vanthu.auth is '" + s.auth + "'; it must be 'required' or 'off'";
    if (s.auth == "off" && !is_loopback_host(s.http_host))
        return "vanthu.auth=off is only allowed on a loopback address, and vanthu.http.host is '" + s.http_host +
               "': create client tokens with 'vanthu token add NAME' and keep vanthu.auth=required";
    return {};
}

// Why the metrics listener cannot be served, or empty: it asks nobody for a token, so only
// this machine may reach it.
std::string refuse_metrics_setting(const worker::settings& s) {
    if (s.metrics_port < 0) return {};
    if (!is_loopback_host(s.metrics_host))
        return "vanthu.metrics.host is '" + s.metrics_host +
               "', but the metrics listener asks for no token and serves only a loopback address: use "
               "127.0.0.1, or leave vanthu.metrics.port unset and read /metrics on the API with an 'admin' token";
    if (s.metrics_port > 65535) return "vanthu.metrics.port is " + std::to_string(s.metrics_port) + ", not a port";
    return {};
}

class serve_app : public Poco::Util::ServerApplication {
protected:
    void defineOptions(Poco::Util::OptionSet& options) override {
        ServerApplication::defineOptions(options);
        options.addOption(Option("help", "h", "print this help").callback(
            OptionCallback<serve_app>(this, &serve_app::ask_help)));
        options.addOption(Option("config", "c", "read settings from a .properties file")
                              .argument("FILE")
                              .callback(OptionCallback<serve_app>(this, &serve_app::take_config)));
        options.addOption(Option("define", "D", "set a key, e.g. -Dvanthu.http.port=9090")
                              .argument("KEY=VALUE")
                              .repeatable(true)
                              .callback(OptionCallback<serve_app>(this, &serve_app::take_define)));
    }

    int main(const std::vector<std::string>&) override {
        if (help) {
            Poco::Util::HelpFormatter f(options());
            f.setCommand("vanthu serve");
            f.setUsage("[--config FILE] [-Dkey=value ...]");
            f.setHeader("Runs the worker: HTTP API, job queue, spool folder. Keys: samples/vanthu.properties.");
            f.format(std::cout);
            return EXIT_OK;
        }
        block_termination_signals();
        std::string error;
        auto layered = worker::layer_config(config_file, worker::read_environment(), defines, error);
        if (!error.empty()) {
            std::cerr << "vanthu serve: " << error << "\n";
            return EXIT_CONFIG;
        }
        const worker::settings settings = worker::read_settings(*layered);
        std::string why = refuse_auth_setting(settings);
        if (why.empty()) why = refuse_metrics_setting(settings);
        if (why.empty() && (!settings.tls_cert.empty() || !settings.tls_key.empty())) {
            const tls_check tls = check_tls_files(settings.tls_cert, settings.tls_key);
            why = tls.error;
            tls_warning = tls.warning;
        }
        if (!why.empty()) {
            std::cerr << "vanthu serve: " << why << "\n";
            return EXIT_CONFIG;
        }
        return serve(settings);
    }

private:
    // Everything between start and exit, once the settings are known.
    int serve(const worker::settings& s) {
        worker::json_log log(std::cerr, worker::parse_log_level(s.log_level));
        std::string error;
        auto store = worker::job_store::open(store_settings(s), error);
        if (!store) {
            log.error(error);
            return EXIT_UNAVAILABLE;
        }
        worker::metrics counters;
        worker::pool_options p;
        p.threads = s.workers;
        p.lease_ms = s.lease_ms;
        p.poll_ms = s.poll_ms;
        p.owner = s.worker_id;
        p.output_dir = s.output;
        p.spill_dir = s.spill_dir;
        p.max_result_bytes = s.max_result_bytes;
        p.render.templates_dir = s.templates;
        p.render.more_templates_dirs = vanthu::templates_after(s.templates);  // the installed ones after it
        p.render.fonts_dir = s.fonts;
        p.render.max_pages = s.max_pages;
        p.render.time_limit = std::chrono::milliseconds(static_cast<std::int64_t>(s.time_limit_s * 1000));
        p.render.limits.strict_text = s.strict_text;
        p.render.jobs = s.render_jobs;
        if (!read_verification(s, p.render, error)) {
            log.error(error);
            return EXIT_CONFIG;
        }
        worker::seal_key seal;
        if (!worker::load_seal_key(s, seal, error)) {
            log.error(error);
            return EXIT_CONFIG;
        }
        if (seal.loaded) {
            p.seal = &seal;
            log.info("results asking sign=organization are sealed as " + seal.who.common_name());
        }
        worker::worker_pool pool(*store, p, log, counters);
        api_context ctx(*store, counters, log, &pool, api_settings(s, p.render));
        ctx.seal = p.seal;
        std::unique_ptr<worker::audit_log> audit;
        if (!s.audit_file.empty()) {
            audit = worker::audit_log::open(s.audit_file, error);
            if (!audit) {
                log.error(error);
                return EXIT_UNAVAILABLE;
            }
            ctx.audit = audit.get();
        }
        if (!tls_warning.empty()) log.warn(tls_warning);
        api_server server(ctx);
        if (!server.start(error)) {
            log.error(error);
            return EXIT_UNAVAILABLE;
        }
        api_server probes(ctx, listener_kind::probes);
        if (s.metrics_port >= 0) {
            if (!probes.start(error)) {
                log.error(error);
                return EXIT_UNAVAILABLE;
            }
            log.info("metrics, livez and readyz without tokens on " + s.metrics_host + ":" +
                     std::to_string(probes.port()));
        }
        pool.start();
        worker::spool_watcher spool(s.spool, *store, pool, log, s.poll_ms, p.render, s.spool_client);
        spool.set_max_bytes(s.max_body);
        spool.set_list_wait(s.spool_list_wait_s * 1000);
        const bool spooling = spool.start(error);
        if (!spooling) log.warn("spool disabled: " + error);
        worker::retention_options keep;
        keep.keep_ms = s.results_keep_s * 1000;
        keep.every_ms = s.purge_every_s * 1000;
        if (spooling) keep.spool_root = s.spool;
        worker::retention_keeper retention(*store, keep, log);
        retention.start();
        callback_settings calls;
        calls.allow = ctx.config.callback_allow;
        calls.https_only = s.callbacks_https_only;
        calls.timeout_ms = s.callbacks_timeout_ms;
        calls.backoff_ms = s.callbacks_backoff_ms;
        calls.backoff_max_ms = s.callbacks_backoff_max_ms;
        calls.give_up_ms = s.callbacks_give_up_s * 1000;
        calls.poll_ms = std::min<std::int64_t>(s.poll_ms, 500);
        calls.worker_id = s.worker_id;
        calls.public_url = !s.public_url.empty() ? s.public_url
                                                 : std::string(ctx.config.tls ? "https://" : "http://") + s.http_host +
                                                       ":" + std::to_string(server.port());
        while (!calls.public_url.empty() && calls.public_url.back() == '/') calls.public_url.pop_back();
        callback_sender callbacks(*store, calls, log);
        callbacks.start();
        log.info("listening on " + s.http_host + ":" + std::to_string(server.port()) +
                 (ctx.config.tls ? " over HTTPS (TLS 1.2+)" : "") + " with the " +
                 store->dialect_name() + " store, worker " + s.worker_id);
        waitForTerminationRequest();
        ctx.draining = true;
        log.info("draining: no new work, " + std::to_string(pool.in_flight()) + " job(s) in flight");
        spool.stop();
        retention.stop();
        callbacks.stop();
        const bool clean = pool.drain(std::chrono::seconds(s.grace_s));
        server.stop();
        probes.stop();
        log.info(clean ? "stopped" : "stopped; renders past the grace period were released");
        if (!clean) std::_Exit(EXIT_OK);  // threads still rendering must not see the store go away
        return EXIT_OK;
    }

    void ask_help(const std::string&, const std::string&) {
        help = true;
        stopOptionsProcessing();
    }
    void take_config(const std::string&, const std::string& value) { config_file = value; }
    void take_define(const std::string&, const std::string& value) {
        const std::size_t eq = value.find('=');
        if (eq == std::string::npos) defines[value] = "";
        else defines[value.substr(0, eq)] = value.substr(eq + 1);
    }

    bool help = false;
    std::string tls_warning;  // about a certificate that can serve but clients will refuse
    std::string config_file;
    std::map<std::string, std::string> defines;
};

}  // namespace

// argv[0] is the program's own path: given a bare name, Poco would look it up in PATH, which
// fails when there is no environment at all.
int run_serve(const std::vector<std::string>& args) {
    if (!args.empty() && args[0] == "token") return run_token_command({args.begin() + 1, args.end()}, std::cout, std::cerr);
    if (!args.empty() && args[0] == "revoke") return run_revoke_command({args.begin() + 1, args.end()}, std::cout, std::cerr);
    if (!args.empty() && args[0] == "render") return run_registering_render(args, std::cin, std::cout, std::cerr);
    if (!args.empty() && args[0] == "user")
        return run_user_command({args.begin() + 1, args.end()}, std::cin, std::cout, std::cerr);
    std::error_code ec;
    const std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
    std::vector<std::string> argv = {ec || self.empty() ? std::string("/usr/bin/vanthu") : self};
    argv.insert(argv.end(), args.begin(), args.end());
    serve_app app;
    return app.run(argv);
}

}  // namespace http
