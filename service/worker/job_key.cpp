// Owns the idempotency key: canonical record text plus the digests of the files it renders from.
#include "worker/job_key.hpp"

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "worker/job.hpp"

namespace worker {

namespace {

struct known_file {
    long long size = -1;
    long long mtime_ns = 0;
    std::string digest;
};

// The hex SHA-256 of a file's content, remembered while its size and time stay; "missing"
// for a file that cannot be read (the render itself will say why).
std::string file_digest(const std::string& path) {
    static std::mutex lock;
    static std::map<std::string, known_file> known;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "missing";
    const long long mtime = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    {
        std::lock_guard<std::mutex> hold(lock);
        auto found = known.find(path);
        if (found != known.end() && found->second.size == st.st_size && found->second.mtime_ns == mtime)
            return found->second.digest;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in.good() && !in.eof()) return "missing";
    const std::string digest = hash_content(bytes.str());
    std::lock_guard<std::mutex> hold(lock);
    known[path] = {static_cast<long long>(st.st_size), mtime, digest};
    return digest;
}

}  // namespace

std::string canonical_record(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (bytes.substr(0, 5) == "<?xml") {
        const std::size_t end = bytes.find("?>");
        if (end != std::string_view::npos) {
            bytes.remove_prefix(end + 2);
            while (!bytes.empty() && (bytes.front() == ' ' || bytes.front() == '\t' || bytes.front() == '\r' || bytes.front() == '\n'))
                bytes.remove_prefix(1);
        }
    }
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] != '\r') out += bytes[i];
        else if (i + 1 >= bytes.size() || bytes[i + 1] != '\n') out += '\n';
    }
    return out;
}

job_key_result make_job_key(std::string_view record_bytes, const render::options& opts) {
    job_key_result out;
    out.inputs = render::find_inputs(record_bytes, opts);
    if (!out.inputs) return out;
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(out.inputs.template_name);
    for (const std::string& file : out.inputs.files) {
        engine.update('\0');
        engine.update(file_digest(file));
    }
    out.key = hash_content(canonical_record(record_bytes)) + ":" + Poco::DigestEngine::digestToHex(engine.digest());
    return out;
}

}  // namespace worker
