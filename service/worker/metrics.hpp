// The worker's counters, exported in the Prometheus text format.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace worker {

// How a job attempt ended.
enum class job_outcome {
    done,    // rendered and stored
    retry,   // failed, will be tried again
    failed,  // failed for good (bad record or out of attempts)
    fenced   // finished too late: another attempt owns the job
};

class metrics {
public:
    // Counts one finished attempt.
    void count_job(job_outcome outcome);
    // Adds one render's duration to the histogram.
    void observe_render(double seconds);
    // Counts rendered pages.
    void count_pages(std::int64_t pages);
    // Counts an HTTP answer by status code class.
    void count_request(int status);
    // Everything, plus the queue depth and readiness given, as Prometheus text.
    std::string format_prometheus(std::size_t queued, std::size_t running, bool ready) const;

    static constexpr std::array<double, 10> buckets = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

private:
    std::array<std::atomic<std::uint64_t>, 4> jobs{};
    std::atomic<std::uint64_t> pages{0};
    std::array<std::atomic<std::uint64_t>, 6> requests{};  // 1xx .. 5xx, other
    mutable std::mutex histogram_lock;
    std::array<std::uint64_t, buckets.size()> bucket_counts{};
    std::uint64_t render_count = 0;
    double render_sum = 0;
};

}  // namespace worker
