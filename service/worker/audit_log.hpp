// The audit log: who submitted, revised, downloaded and deleted which document, and who signed
// in or failed to, with the time and the address; one JSON object per line, kept apart from
// the operational log (vanthu.audit.file).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace worker {

// One line of the audit log; empty fields are left out.
struct audit_entry {
    std::string event;      // job.submitted, job.revised, job.downloaded, job.cancelled, job.deleted,
                            // session.login, session.login_failed, session.logout, draft.save, draft.delete
    std::string actor;      // "client:NAME" or "user:NAME"; on a failed sign-in, the name tried
    std::string address;    // the peer's IP address
    std::string job_id;
    std::string record_id;
    int revision = 0;       // 0: not about a revision
};

class audit_log {
public:
    // Appends to path (created with mode 0600, its folder too); nullptr with error when it
    // cannot be opened. clock: milliseconds since the epoch.
    static std::unique_ptr<audit_log> open(const std::string& path, std::string& error,
                                           std::function<std::int64_t()> clock = nullptr);
    ~audit_log();
    audit_log(const audit_log&) = delete;
    audit_log& operator=(const audit_log&) = delete;

    // Writes one line at once (one write(2) on a file opened O_APPEND, so that the workers of a
    // machine may share the file); false when the write failed.
    bool record(const audit_entry& e);

private:
    audit_log(int fd, std::function<std::int64_t()> clock);
    int fd;
    std::function<std::int64_t()> clock;
    std::mutex lock;
};

}  // namespace worker
