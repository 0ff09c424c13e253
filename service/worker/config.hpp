// The worker's settings: keys with defaults in code, a .properties file, environment and
// command-line overrides.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <Poco/AutoPtr.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/LayeredConfiguration.h>

namespace worker {

// One configuration key: its name, its default (as text) and what it is for.
struct config_key {
    const char* name;         // e.g. "vanthu.http.port"
    const char* default_value;  // empty: computed at run time (data folders, worker id)
    const char* meaning;
};

// Every key the worker reads, in the order of the sample file.
const std::vector<config_key>& config_keys();

// The environment variable overriding a key: vanthu.http.port -> VANTHU_HTTP_PORT.
std::string env_name(const std::string& key);

// The overrides found in the environment, key -> value, for every known key.
std::map<std::string, std::string> read_environment();

// Layers, first match wins: command line (-Dkey=value), environment, the file (if any).
// A file that cannot be read is an error (returned in error); no file at all is fine.
Poco::AutoPtr<Poco::Util::LayeredConfiguration> layer_config(
    const std::string& properties_file, const std::map<std::string, std::string>& environment,
    const std::map<std::string, std::string>& command_line, std::string& error);

struct settings {
    std::string http_host = "127.0.0.1";
    int http_port = 8080;
    int http_threads = 8;                  // request threads
    int http_queue = 64;                   // connections waiting for a thread
    int http_timeout_s = 30;               // socket send/receive timeout
    std::int64_t http_head_timeout_s = 10;  // a request head must be whole within this
    std::int64_t http_body_grace_s = 10;   // then its body may start slowly for this long
    std::int64_t http_min_body_rate = 16384;  // and must then average this many bytes a second
    int http_max_per_address = 64;         // open connections from one client address
    int http_threads_per_address = 0;      // requests of one address in threads at once (0: half)
    std::size_t max_body = 32u * 1024u * 1024u;  // bytes; larger bodies get 413
    std::string tls_cert;                  // PEM files: both set, the API speaks HTTPS only
    std::string tls_key;
    std::string metrics_host = "127.0.0.1";  // loopback listener of /metrics, /livez, /readyz
    int metrics_port = -1;                 // -1: no such listener
    std::string auth = "required";         // "required" or "off" (loopback only)
    std::size_t max_auth_failures = 20;    // per address and minute, then 429
    std::int64_t session_ttl_s = 8 * 3600;  // a web sign-in's life from the login (absolute)
    std::string store = "sqlite:var/vanthu.db";
    int busy_timeout_ms = 5000;
    std::size_t max_queue = 10000;         // queued + running; more gets 429
    int retry_after_s = 30;                // Retry-After on 429
    int max_attempts = 5;
    std::int64_t backoff_ms = 2000;
    std::int64_t backoff_max_ms = 300000;
    std::int64_t lease_ms = 60000;
    std::int64_t poll_ms = 500;
    int workers = 2;                       // render threads
    int grace_s = 30;                      // drain time on SIGTERM
    std::string spool = "spool";
    std::string spool_client = "spool";    // owner of the jobs the spool queues
    std::int64_t spool_list_wait_s = 60;   // a list alone in incoming/ goes to failed/ after this
    std::string output;                    // optional folder where results are also written
    std::string callbacks_allow;           // hosts callbacks may go to ("": none)
    bool callbacks_https_only = false;
    std::int64_t callbacks_timeout_ms = 5000;
    std::int64_t callbacks_backoff_ms = 1000;
    std::int64_t callbacks_backoff_max_ms = 3600000;
    std::int64_t callbacks_give_up_s = 86400;
    std::string public_url;                // "": the listener's own address
    std::int64_t results_keep_s = 30 * 86400;  // results and records kept after a job ends; 0: for ever
    std::int64_t purge_every_s = 3600;     // between purges
    std::uint64_t max_result_bytes = 4000000000u;  // a larger result fails its job for good (a ZIP without ZIP64 holds 4 GiB)
    std::string spill_dir;                 // where results are painted first; "": the temporary folder
    std::string audit_file = "var/audit.jsonl";  // the audit log; empty: none
    std::size_t max_pages = 10000;         // pages a document may have (+4 per recipient)
    double time_limit_s = 600;             // seconds a render may take; 0 = no limit
    bool strict_text = false;              // text that looks mis-encoded refuses a record
    std::string templates;                 // default: installed prefix, then source tree
    std::string fonts;
    std::string web;                       // the web page's files; default as templates
    std::string pdfjs = "/usr/share/javascript/pdf/build";  // pdf.js (Debian's libjs-pdf) for the preview
    std::string verify_key_file;           // the key that signs certificates' verification codes ("": none)
    std::size_t verify_per_minute = 60;    // public verification pages a minute from one address, then 429
    std::size_t render_jobs = 1;           // threads painting one batch's chunks (read: the cores available; the worker's threads share them)
    std::string sign_p12;                  // the body's key (PKCS#12) sealing sign=organization jobs ("": none)
    std::string sign_pass_file;            // its passphrase ("": $VANTHU_SIGN_PASSPHRASE)
    std::string sign_image;                // the seal's PNG
    double sign_seal_size_mm = 36;
    std::string sign_name;                 // the body's name shown beside the seal ("": the certificate's O)
    std::string sign_reason;
    std::string sign_tsa;                  // an RFC 3161 time-stamping service ("": none)
    std::string sign_tsa_ca;               // PEM CAs an https:// service must chain to ("": the system's)
    std::string sign_trust;                // PEM anchors of the persons' signatures sent back ("": integrity only)
    std::string log_level = "info";
    std::string worker_id;                 // default: host:pid
};

// The settings a configuration gives, each missing key at its default.
settings read_settings(const Poco::Util::AbstractConfiguration& config);


// The .properties text documenting every key at its default (samples/vanthu.properties).
std::string sample_properties();

}  // namespace worker
