// Owns the names of job states, content hashes and job ids.
#include "worker/job.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <Poco/UUIDGenerator.h>

namespace worker {

// The name of a state as stored and as shown in the API.
const char* state_name(job_state s) {
    switch (s) {
        case job_state::queued: return "queued";
        case job_state::running: return "running";
        case job_state::done: return "done";
        case job_state::failed: return "failed";
        case job_state::cancelled: return "cancelled";
        case job_state::deleted: return "deleted";
        case job_state::awaiting_signature: return "awaiting_signature";
    }
    return "queued";
}

// Reads a state name back; false for anything else.
bool parse_state(std::string_view text, job_state& out) {
    for (job_state s : {job_state::queued, job_state::running, job_state::done, job_state::failed, job_state::cancelled,
                        job_state::deleted, job_state::awaiting_signature}) {
        if (text == state_name(s)) {
            out = s;
            return true;
        }
    }
    return false;
}

bool signs_as(const std::string& sign, std::string_view role) {
    return sign == role || (sign == "person,organization" && (role == "person" || role == "organization"));
}

// SHA-256 in hex: the content half of the idempotency key.
std::string hash_content(std::string_view bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), bytes.size());
    return Poco::DigestEngine::digestToHex(engine.digest());
}

// A random UUID, unique across a fleet without coordination.
std::string make_job_id() {
    return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

}  // namespace worker
