// A render job as the queue sees it: its state, its lease, its outcome.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace worker {

enum class job_state {
    queued,   // waiting to be claimed (new, retried after backoff, or released)
    running,  // claimed by a worker holding a lease
    done,     // rendered; the result is in the store
    failed,    // gave up: a bad record, or max attempts reached (dead letter)
    cancelled, // stopped at its client's request before it finished; never runs again
    deleted,   // finished, and its result removed at its client's request
    awaiting_signature  // rendered; its PDF waits for a person's digital signature (sign=person)
};

// "queued", "running", "done", "failed".
const char* state_name(job_state s);
// The state named by text; false when no state has that name.
bool parse_state(std::string_view text, job_state& out);

struct job {
    std::string id;                  // the job's id, chosen by the store
    std::string owner;               // the client it belongs to ("" when authentication is off)
    int revision = 1;                // the record's revision under its id, from 1
    std::string record_id;           // the record's own id (idempotency key, per owner)
    std::string content_hash;        // SHA-256 of the record bytes, hex
    job_state state = job_state::queued;
    int attempts = 0;                // claims so far; the current lease's attempt number
    int max_attempts = 0;            // claims allowed before the job is dead
    std::int64_t created_ms = 0;     // milliseconds since the epoch
    std::int64_t updated_ms = 0;
    std::int64_t available_ms = 0;   // not claimable before (backoff)
    std::int64_t lease_expires_ms = 0;  // while running
    std::string lease_owner;         // the worker holding the lease, while running
    std::string last_error;          // the last failure's problem list
    int pages_done = 0;              // progress
    int pages_total = 0;
    bool split = false;              // the result is a ZIP of one PDF per recipient
    std::string template_name;       // the template the client chose (?template=), or empty
    std::string result_digest;       // SHA-256 of the result, hex, once done; kept after the purge
    std::int64_t result_bytes = 0;   // the result's size
    std::int64_t purged_ms = 0;      // when its result and record were purged (vanthu.results.keep); 0: not
    std::string callback_url;        // where the event of its end goes ("": none)
    std::string sign;                // who signs the result: "", "organization", "person",
                                     // "person,organization" (the person first, then the seal)
};

// Whether a job's sign asks for the role ("person" or "organization").
bool signs_as(const std::string& sign, std::string_view role);

// A job a worker has claimed: what it must render and the attempt fencing its lease.
struct claimed_job {
    std::string id;
    std::string owner;               // the client it belongs to
    std::string record_id;
    std::string record_bytes;
    int attempt = 0;
    std::int64_t lease_expires_ms = 0;
    bool split = false;              // render a ZIP of one PDF per recipient
    std::string template_name;       // the template the client chose, or empty
    std::string sign;                // as job::sign
};

// The SHA-256 of some bytes, lower-case hex.
std::string hash_content(std::string_view bytes);

// A fresh random job id (a UUID).
std::string make_job_id();

}  // namespace worker
