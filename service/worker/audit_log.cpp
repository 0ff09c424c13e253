// Owns writing the audit log's lines.
#include "worker/audit_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include "worker/json_log.hpp"
#include "worker/store.hpp"

namespace worker {

namespace {

// Text a client chose (a name tried at sign-in) is kept short in the log.
std::string clipped(const std::string& text) { return text.size() > 200 ? text.substr(0, 200) : text; }

}  // namespace

std::unique_ptr<audit_log> audit_log::open(const std::string& path, std::string& error,
                                           std::function<std::int64_t()> clock) {
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        error = "cannot open the audit log " + path + ": " + std::strerror(errno);
        return nullptr;
    }
    return std::unique_ptr<audit_log>(new audit_log(fd, clock ? std::move(clock) : now_ms));
}

audit_log::audit_log(int f, std::function<std::int64_t()> c) : fd(f), clock(std::move(c)) {}

audit_log::~audit_log() { ::close(fd); }

bool audit_log::record(const audit_entry& e) {
    // quote_json keeps every line valid JSON whatever bytes a client sent (a name tried).
    const Poco::Timestamp at(static_cast<Poco::Timestamp::TimeVal>(clock()) * 1000);
    std::ostringstream text;
    text << "{\"time\":\"" << Poco::DateTimeFormatter::format(at, "%Y-%m-%dT%H:%M:%S.%iZ") << "\""
         << ",\"event\":" << quote_json(e.event);
    const std::pair<const char*, const std::string*> fields[] = {
        {"actor", &e.actor}, {"address", &e.address}, {"job_id", &e.job_id}, {"record_id", &e.record_id}};
    for (const auto& [name, value] : fields)
        if (!value->empty()) text << ",\"" << name << "\":" << quote_json(clipped(*value));
    if (e.revision > 0) text << ",\"revision\":" << e.revision;
    text << "}\n";
    const std::string bytes = text.str();
    std::lock_guard<std::mutex> hold(lock);
    return ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
}

}  // namespace worker
