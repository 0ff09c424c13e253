// The job store: one durable queue on SQLite (embedded) or PostgreSQL (a fleet).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "record/certificate.hpp"
#include "worker/job.hpp"

namespace worker {

struct store_options {
    // "sqlite:PATH" (or a bare path) or "postgresql://user@host:port/db" (any libpq URI).
    std::string url = "sqlite:var/vanthu.db";
    int max_attempts = 5;                  // claims before a job is dead (failed)
    std::int64_t backoff_base_ms = 2000;   // first retry delay; doubles each attempt
    std::int64_t backoff_max_ms = 300000;  // retry delay cap
    int busy_timeout_ms = 5000;            // SQLite: how long a writer waits for the lock
    std::size_t max_queue = 10000;         // queued + running jobs before submit says queue_full
    int max_sessions = 32;                 // database connections in the pool
};

// One record handed to the queue.
struct submission {
    std::string owner;                // whose job it is: a client, a unit; "" with authentication off
    std::string record_id;
    std::string_view record_bytes;
    bool split = false;               // a ZIP of one PDF per recipient
    std::string template_name;        // the client's choice of template, or empty (the record's)
    std::string key;                  // the idempotency key (job_key.hpp); empty: SHA-256 of the bytes
    bool revise = false;              // other content under a known id becomes its next revision
    std::string callback_url;         // where the event of its end is POSTed ("": none)
    std::string sign;                 // who signs the result (job::sign)
};

// What happened to a submission.
enum class submit_status {
    created,     // a new job was queued (a first revision, or the next with revise)
    existing,    // the same record id with the same key: the existing job (its latest revision); the
                 // same record whose template or fonts changed is created anew as the next revision
    conflict,    // the same record id with another key and no revise: nothing queued
    queue_full,  // too many jobs waiting: try later
    store_error  // the database failed; see error
};

struct submit_result {
    submit_status status = submit_status::store_error;
    job value;          // the new or existing job (created, existing, conflict)
    std::string error;  // store_error: what the database said
};

// Where a result's bytes come from when its job completes: appends the next bytes (at most max)
// to chunk and returns true, or returns false at the end (error empty) or on a failure (error set).
using result_reader = std::function<bool(std::string& chunk, std::size_t max, std::string& error)>;

// What reading a stored result came to.
enum class read_status {
    ok,           // every byte went to the sink
    none,         // the job has no result
    stopped,      // the sink said stop
    store_error   // the database failed (or the result was removed while it was read)
};

// What happened to an operation fenced by the lease's attempt number.
enum class fence_status {
    applied,     // the job was ours and is updated
    fenced,      // the lease is lost (reclaimed, released, or finished by someone else)
    store_error  // the database failed
};

struct claim_result {
    std::optional<claimed_job> value;  // empty: nothing to do (or a store error)
    std::string error;                 // non-empty on a store error
};

struct find_result {
    std::optional<job> value;  // empty: no such job (or a store error)
    std::string error;
};

enum class cancel_status {
    cancelled,   // it was queued or running, and will not run again
    deleted,     // it had ended; its result is gone
    unchanged,   // it was cancelled or deleted already
    not_found,   // no such job (of that owner)
    store_error  // the database failed; see error
};

struct cancel_result {
    cancel_status status = cancel_status::store_error;
    std::optional<job> value;  // the job after the change
    std::string error;
};

struct list_result {
    std::vector<job> items;  // ordered by creation, oldest first
    bool more = false;       // another page follows
    std::string error;
};

// How many jobs wait in each live state.
struct queue_counts {
    std::size_t queued = 0;
    std::size_t running = 0;
    std::string error;
};

// The event of a job's end on its way to the job's callback URL: written in the transaction
// that ends the job, delivered at least once by whichever worker claims it.
struct callback_event {
    std::string id;           // Vanthu-Event-Id: the same on every attempt
    std::string job_id;
    std::string owner;        // the client whose callback secret signs it
    std::string url;
    std::string type;         // job.done, job.failed, job.cancelled
    std::string body;         // the JSON sent, fixed at the first attempt ("" before)
    std::string state;        // pending, delivered, gave_up
    int attempts = 0;
    int last_status = 0;      // the receiver's last HTTP status (0: none)
    std::string last_error;   // why the last attempt failed
    std::int64_t created_ms = 0;
    std::int64_t next_ms = 0;       // not tried again before
    std::int64_t delivered_ms = 0;
};

// What one delivery attempt came to.
struct callback_attempt {
    std::string body;         // the body sent (kept for the next attempts)
    int status = 0;           // the receiver's HTTP status, 0 when none came
    std::string error;        // why it failed ("" on a 2xx)
    bool delivered = false;   // a 2xx came back
    bool give_up = false;     // never try again (a URL no longer allowed, a revoked client)
    std::int64_t next_ms = 0; // when to try again otherwise
};

// What one purge pass did.
struct purge_result {
    std::size_t purged = 0;  // jobs whose result and record were removed
    bool busy = false;       // another worker of the fleet is purging: nothing was done
    std::string error;       // the database failed
};

// A client of the API as the store keeps it: never its token, only the token's digest.
struct client_row {
    std::string name;
    std::string token_digest;     // auth::digest_secret of the token
    std::string scopes;           // "submit,read"
    std::string callback_secret;  // the key of the callbacks' HMAC (kept: signing needs it)
    std::string callback_url;     // the default callback of its jobs ("": none)
    std::int64_t created_ms = 0;
    std::int64_t revoked_ms = 0;  // 0 while the token works
};

enum class client_status {
    ok,          // done
    exists,      // add: the name is taken
    not_found,   // revoke: no active client of that name
    store_error  // the database failed; see error
};

// A user of the web page as the store keeps it: never the password, only its Argon2id form.
struct user_row {
    std::string name;
    std::string password_hash;  // auth::hash_password's "$argon2id$..."
    std::string role;           // "clerk", "signer" or "admin"
    std::string unit;           // the unit's code; "" for none
    std::int64_t created_ms = 0;
    std::int64_t disabled_ms = 0;  // 0 while the user may log in
};

// A signed-in session: the store keeps the digest of its id, never the id (the cookie).
struct session_row {
    std::string id_digest;   // auth::digest_secret of the cookie's value
    std::string user;        // the user's name
    std::string csrf_token;  // the synchronizer token state-changing requests must echo
    std::int64_t created_ms = 0;
    std::int64_t expires_ms = 0;  // absolute: a session ends at this time whatever its use
};

// A session that works, with its user as it is now.
struct session_found {
    session_row session;
    user_row user;
};

// A draft of a record, kept while a clerk writes it: any XML with a known root and the id it
// is kept under, whatever else it breaks.
struct draft_row {
    std::string owner;       // whose it is, as jobs are: "unit:PC07", a client's name, "" with authentication off
    std::string id;          // the record's id
    std::string kind;        // meeting, ceremony or certification
    std::string title;       // what a list of documents shows of it
    std::string number;
    std::string doc_date;
    std::string body;        // the record's bytes as sent (empty in lists)
    int version = 0;         // 1 at the first save, one more at each save after it
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;
    std::string updated_by;  // who saved it last: user:NAME or client:NAME
};

// What saving a draft came to.
enum class draft_status {
    created,     // a new draft, version 1
    updated,     // the draft, its version one more
    conflict,    // the stored version is not the one expected: nothing saved
    store_error  // the database failed; see error
};

struct draft_result {
    draft_status status = draft_status::store_error;
    int version = 0;     // the draft's version now (0 on a conflict with no draft)
    std::int64_t updated_ms = 0;  // when it was saved (created, updated)
    std::string error;
};

// A certificate in the register of what was issued: what its code's public page says.
struct certificate_row {
    record::issued_certificate facts;
    std::string owner;           // who issued it, as jobs are owned
    std::string job_id;          // the job that rendered it ("" for /v1/render and the command)
    std::int64_t registered_ms = 0;  // when it was last rendered
    std::int64_t revoked_ms = 0;     // 0 while it stands
    std::string revoked_by;          // user:NAME, client:NAME, or the command's operator
    std::string revoke_reason;
};

// What revoking a recipient's certificates came to.
enum class revoke_status {
    revoked,     // every standing certificate of the recipient is revoked now (count of them)
    unchanged,   // they were revoked already
    not_found,   // no certificate of that record and recipient (of that owner)
    store_error  // the database failed; see error
};

struct revoke_result {
    revoke_status status = revoke_status::store_error;
    std::size_t count = 0;
    std::string error;
};

class job_store {
public:
    // Opens (and creates) the store; nullptr with error set when that fails.
    static std::unique_ptr<job_store> open(const store_options& opts, std::string& error);
    ~job_store();
    job_store(const job_store&) = delete;
    job_store& operator=(const job_store&) = delete;

    // Queues a record for an owner (a client's name; "" when authentication is off), idempotent
    // on owner + record id + content hash: record ids of different owners never meet. A ZIP of
    // one PDF per recipient when split is set; the same record id and content with the other
    // split flag is a conflict.
    submit_result submit(std::string_view owner, std::string_view record_id, std::string_view record_bytes,
                         bool split);
    // The whole form: a chosen template, the key, revisions.
    submit_result submit(const submission& s);
    // The same for owner "".
    submit_result submit(std::string_view record_id, std::string_view record_bytes);
    submit_result submit(std::string_view record_id, std::string_view record_bytes, bool split);
    // Takes the oldest claimable job, leased to owner for lease_ms.
    claim_result claim(const std::string& owner, std::int64_t lease_ms);
    // Extends a lease and records progress.
    fence_status heartbeat(const std::string& id, int attempt, std::int64_t lease_ms,
                           int pages_done, int pages_total);
    // Stores the result and marks the job done, unless a newer attempt owns it.
    fence_status complete(const std::string& id, int attempt, std::string_view result, int pages);
    // The same with the result read a chunk at a time (a file the render spilled into), whose
    // size and SHA-256 the caller knows: memory holds one chunk, whatever the result's size.
    fence_status complete(const std::string& id, int attempt, const result_reader& read, std::int64_t size,
                          const std::string& sha256, int pages);
    // Records a failure: retried after a backoff, or dead when permanent or out of attempts.
    fence_status fail(const std::string& id, int attempt, const std::string& error, bool permanent);
    // Gives a job back to the queue at once (draining); the attempt stays counted.
    fence_status release(const std::string& id, int attempt);
    // Puts running jobs whose lease expired back in the queue (or dead); returns how many, -1 on error.
    int reclaim_expired();

    // One job by id; only the owner's when owner is given (another owner's job is not found).
    find_result find(const std::string& id, const std::optional<std::string>& owner = std::nullopt);
    // The latest job of a record id, of one owner when given.
    find_result find_by_record(const std::string& record_id, const std::optional<std::string>& owner = std::nullopt);
    // The stored result of a done job, whole; empty when none. For small results.
    std::optional<std::string> read_result(const std::string& id);
    // The stored result handed to the sink a chunk (at most a MiB) at a time, in order.
    read_status read_result(const std::string& id, const std::function<bool(std::string_view)>& sink);
    // Jobs, optionally in one state and of one owner, a page at a time.
    list_result list(std::optional<job_state> state, std::size_t offset, std::size_t limit,
                     const std::optional<std::string>& owner = std::nullopt,
                     const std::optional<std::string>& record_id = std::nullopt);
    // Every revision of a job's record id, oldest first (the job's owner's only).
    list_result revisions(const job& j);
    // Stops or removes a job of the owner (any when empty): a queued or running one becomes
    // cancelled (a running render sees its lease fenced at its next heartbeat), a done or
    // failed one deleted, its result removed. not_found for no such job of that owner.
    cancel_result cancel(const std::string& id, const std::optional<std::string>& owner);
    // A job awaiting a person's signature (job_state::awaiting_signature) of the owner (any
    // when empty) gets the signed PDF as its result and is done (the job.done callback queued).
    // fenced when it is no longer awaiting one (signed already, cancelled, purged) or not found.
    fence_status accept_signed(const std::string& id, std::string_view pdf, const std::optional<std::string>& owner);

    // Removes the result and the record of up to `limit` jobs that ended (done, failed,
    // cancelled, deleted) before cutoff_ms; their rows stay, with the result's digest, as the
    // register of what was issued. One worker of a fleet at a time: busy while another is at it.
    purge_result purge_ended(std::int64_t cutoff_ms, std::size_t limit);

    // Callback events due for delivery, leased to worker for lease_ms (a fleet's workers never
    // take one event at once); at most limit.
    std::vector<callback_event> claim_callbacks(const std::string& worker, std::int64_t lease_ms, std::size_t limit,
                                                std::string& error);
    // Records an attempt of an event the worker holds: delivered, given up, or due again at next_ms.
    bool record_callback(const std::string& event_id, const std::string& worker, const callback_attempt& a,
                         std::string& error);
    // The callback events of a job, oldest first.
    std::vector<callback_event> callbacks_of(const std::string& job_id, std::string& error);
    // The client of this name, revoked or not; empty when none (or error set).
    std::optional<client_row> find_client_named(const std::string& name, std::string& error);

    // Clients of the API (vanthu token): adds one; exists when the name is taken.
    client_status add_client(const client_row& c, std::string& error);
    // The client whose token has this digest, unless revoked; empty when none (or error set).
    std::optional<client_row> find_client(const std::string& token_digest, std::string& error);
    // Every client, revoked ones included, by name.
    std::vector<client_row> list_clients(std::string& error);
    // Revokes a client's token at once; not_found when no such client is active.
    client_status revoke_client(const std::string& name, std::string& error);
    // Users of the web page (vanthu user): adds one; exists when the name is taken.
    client_status add_user(const user_row& u, std::string& error);
    // The user of this name, disabled or not; empty when none (or error set).
    std::optional<user_row> find_user(const std::string& name, std::string& error);
    // Every user by name.
    std::vector<user_row> list_users(std::string& error);
    // Replaces a user's password hash and ends every session of the user; not_found when no such user.
    client_status set_password(const std::string& name, const std::string& password_hash, std::string& error);
    // Disables a user and ends every session of the user; not_found when none is enabled by that name.
    client_status disable_user(const std::string& name, std::string& error);
    // Stores a new session (and forgets the sessions that have expired).
    client_status open_session(const session_row& s, std::string& error);
    // The session whose id has this digest, unless expired, ended or its user disabled.
    std::optional<session_found> find_session(const std::string& id_digest, std::string& error);
    // Ends a session at once (logout); not_found when no such session.
    client_status close_session(const std::string& id_digest, std::string& error);
    // Drafts (drafts.cpp): saves one under its owner and id, new or over the stored one; with an
    // expected version, only when the stored draft has it (none stored: a conflict).
    draft_result save_draft(const draft_row& d, std::optional<int> expected_version);
    // One draft of an owner, with its body; empty when none (or error set).
    std::optional<draft_row> find_draft(const std::string& owner, const std::string& id, std::string& error);
    // Every draft of an owner, the latest saved first, without bodies.
    std::vector<draft_row> list_drafts(const std::string& owner, std::string& error);
    // Deletes a draft of an owner; not_found when there is none.
    client_status delete_draft(const std::string& owner, const std::string& id, std::string& error);
    // The latest revision of each record id, of one owner when given, the latest updated first;
    // at most limit of them.
    list_result latest_jobs(const std::optional<std::string>& owner, std::size_t limit);
    // The record a job was submitted with; empty when none is kept (purged) or error is set.
    std::optional<std::string> read_record(const std::string& job_id, std::string& error);

    // The register of certificates (certificates.cpp): enters every certificate of a render,
    // or brings its facts up to date when its code is known (its revocation stays); a code an
    // other owner registered is left as it is. In one transaction: all or none.
    bool register_certificates(const std::string& owner, const std::string& job_id,
                               const std::vector<record::issued_certificate>& issued, std::string& error);
    // The certificate of a code, revoked or not; empty when none (or error set).
    std::optional<certificate_row> find_certificate(const std::string& code, std::string& error);
    // Revokes every certificate of a recipient of a record (every register number it was issued
    // under), of one owner when given.
    revoke_result revoke_certificates(const std::string& record_id, const std::string& recipient_id,
                                      const std::optional<std::string>& owner, const std::string& by,
                                      const std::string& reason);

    // Queued and running jobs.
    queue_counts count_live();
    // True when the database answers.
    bool ping();

    // "sqlite" or "postgresql".
    std::string dialect_name() const;
    // Replaces the clock (milliseconds since the epoch); for tests.
    void set_clock(std::function<std::int64_t()> clock);

    struct impl;

private:
    explicit job_store(std::unique_ptr<impl> p);
    std::unique_ptr<impl> self;
};

// A store URL as it may be logged or shown: its password (user information or a password=
// parameter) replaced by ***, however malformed the URL.
std::string store_url_for_logs(const std::string& url);

// Milliseconds since the epoch, from the system clock.
std::int64_t now_ms();

}  // namespace worker
