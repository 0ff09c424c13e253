// Owns the worker's Prometheus metrics.
#include "worker/metrics.hpp"

#include <sstream>

namespace worker {

void metrics::count_job(job_outcome outcome) { ++jobs[static_cast<std::size_t>(outcome)]; }

void metrics::observe_render(double seconds) {
    std::lock_guard<std::mutex> hold(histogram_lock);
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        if (seconds <= buckets[i]) ++bucket_counts[i];
    }
    ++render_count;
    render_sum += seconds;
}

void metrics::count_pages(std::int64_t n) { pages += static_cast<std::uint64_t>(n); }

void metrics::count_request(int status) {
    std::size_t slot = status >= 100 && status < 600 ? static_cast<std::size_t>(status / 100 - 1) : 5;
    ++requests[slot];
}

// Text exposition format 0.0.4: HELP, TYPE, then samples; histogram buckets are cumulative.
std::string metrics::format_prometheus(std::size_t queued, std::size_t running, bool ready) const {
    std::ostringstream o;
    static const char* const outcomes[] = {"done", "retry", "failed", "fenced"};
    o << "# HELP vanthu_jobs_total Job attempts finished, by outcome.\n# TYPE vanthu_jobs_total counter\n";
    for (std::size_t i = 0; i < jobs.size(); ++i)
        o << "vanthu_jobs_total{outcome=\"" << outcomes[i] << "\"} " << jobs[i].load() << "\n";
    o << "# HELP vanthu_pages_total Pages rendered.\n# TYPE vanthu_pages_total counter\n";
    o << "vanthu_pages_total " << pages.load() << "\n";
    o << "# HELP vanthu_queue_depth Jobs in the store, by state.\n# TYPE vanthu_queue_depth gauge\n";
    o << "vanthu_queue_depth{state=\"queued\"} " << queued << "\n";
    o << "vanthu_queue_depth{state=\"running\"} " << running << "\n";
    o << "# HELP vanthu_ready 1 when the worker takes work.\n# TYPE vanthu_ready gauge\n";
    o << "vanthu_ready " << (ready ? 1 : 0) << "\n";
    o << "# HELP vanthu_http_responses_total HTTP responses, by status class.\n"
         "# TYPE vanthu_http_responses_total counter\n";
    static const char* const classes[] = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    for (std::size_t i = 0; i < requests.size(); ++i)
        o << "vanthu_http_responses_total{code=\"" << classes[i] << "\"} " << requests[i].load() << "\n";
    std::lock_guard<std::mutex> hold(histogram_lock);
    o << "# HELP vanthu_render_seconds Time to render one record.\n# TYPE vanthu_render_seconds histogram\n";
    for (std::size_t i = 0; i < buckets.size(); ++i)
        o << "vanthu_render_seconds_bucket{le=\"" << buckets[i] << "\"} " << bucket_counts[i] << "\n";
    o << "vanthu_render_seconds_bucket{le=\"+Inf\"} " << render_count << "\n";
    o << "vanthu_render_seconds_sum " << render_sum << "\n";
    o << "vanthu_render_seconds_count " << render_count << "\n";
    return o.str();
}

}  // namespace worker
