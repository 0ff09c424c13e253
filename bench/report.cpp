// Owns printing the benchmark's figures and judging them against issue 3's targets.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench.hpp"

namespace bench {

namespace {

constexpr double start_target_s = 0.15;     // 500 certificates incl. process start
constexpr double floor_target_ratio = 1.5;  // ours / bare libharu, CPU
constexpr double split_target_rate = 100;   // PDFs per CPU second

// a / b, or 0 when b is 0.
double ratio(double a, double b) { return b > 0 ? a / b : 0; }

// Megabytes of kilobytes.
double mb_of_kb(long kb) { return static_cast<double>(kb) / 1024.0; }

// Megabytes of bytes.
double mb_of_bytes(std::size_t b) { return static_cast<double>(b) / (1024.0 * 1024.0); }

// One row of the case table: who drew it and its figures.
void print_figures(const char* who, const figures& f) {
    if (!f.ok) {
        std::printf("  %-6s FAILED: %s\n", who, f.message.c_str());
        return;
    }
    std::printf("  %-6s %8.3f %8.3f %8.1f %6zu %6zu %8.2f %9.0f %9.0f\n", who, f.wall_s, f.cpu_s,
                mb_of_kb(f.peak_rss_kb), f.documents, f.pages,
                ratio(static_cast<double>(f.bytes), static_cast<double>(f.pages)) / 1024.0,
                ratio(static_cast<double>(f.pages), f.cpu_s), ratio(static_cast<double>(f.documents), f.cpu_s));
}

// The case table: ours, the floor and their ratio for each case.
void print_cases(const report& r) {
    std::printf("In-process, each case in a forked child, best of %zu runs (CPU = user + system of the timed part;\n"
                "peak = ru_maxrss of the child, counted from the end of its untimed preparation)\n\n",
                r.repeat);
    std::printf("  %-6s %8s %8s %8s %6s %6s %8s %9s %9s\n", "", "wall s", "CPU s", "peak MB", "PDFs",
                "pages", "kB/page", "pages/s", "PDFs/s");
    for (const case_row& c : r.cases) {
        std::printf("%s\n", c.name.c_str());
        print_figures("ours", c.ours);
        print_figures("floor", c.floor);
        if (c.ours.ok && c.floor.ok)
            std::printf("  %-6s %7.2fx %7.2fx %7.2fx %6s %6s %7.2fx\n", "ratio", ratio(c.ours.wall_s, c.floor.wall_s),
                        ratio(c.ours.cpu_s, c.floor.cpu_s),
                        ratio(static_cast<double>(c.ours.peak_rss_kb), static_cast<double>(c.floor.peak_rss_kb)), "",
                        "",
                        ratio(ratio(static_cast<double>(c.ours.bytes), static_cast<double>(c.ours.pages)),
                              ratio(static_cast<double>(c.floor.bytes), static_cast<double>(c.floor.pages))));
    }
}

// The `vanthu render` figures: process start and memory against recipients.
void print_program_runs(const report& r, const inputs& in) {
    const program_run& s = r.process_start;
    std::printf("\nIncluding process start: %s render -o FILE (%zu certificates), best of %zu runs\n", in.vanthu.c_str(),
                in.certificate_count, r.process_start_runs);
    if (s.exit_code != 0) std::printf("  FAILED: exit code %d\n", s.exit_code);
    else
        std::printf("  wall %.3f s, CPU %.3f s, peak %.1f MB, output %.2f MB\n", s.wall_s, s.cpu_s,
                    mb_of_kb(s.peak_rss_kb), mb_of_bytes(r.process_start_bytes));
    const program_run& b = r.bare_start;
    if (b.exit_code == 0)
        std::printf("  of which starting the program (vanthu --help, best of %zu): wall %.3f s, CPU %.3f s, peak %.1f MB\n",
                    r.process_start_runs, b.wall_s, b.cpu_s, mb_of_kb(b.peak_rss_kb));
    if (r.memory.empty()) return;
    std::printf("\nMemory of %s render -o FILE against recipients (check: `vanthu check` of the same\n"
                "record, parsing it alone; render - check: what rendering adds to that peak)\n", in.vanthu.c_str());
    std::printf("  %10s %8s %8s %9s %10s %11s %9s %15s\n", "recipients", "wall s", "CPU s", "peak MB", "output MB",
                "peak/output", "check MB", "render-check MB");
    for (const memory_row& m : r.memory) {
        if (m.run.exit_code != 0 || m.check.exit_code != 0) {
            std::printf("  %10zu FAILED: exit code %d (check %d)\n", m.recipients, m.run.exit_code, m.check.exit_code);
            continue;
        }
        std::printf("  %10zu %8.3f %8.3f %9.1f %10.2f %10.1fx %9.1f %15.1f\n", m.recipients, m.run.wall_s, m.run.cpu_s,
                    mb_of_kb(m.run.peak_rss_kb), mb_of_bytes(m.output_bytes),
                    ratio(static_cast<double>(m.run.peak_rss_kb) * 1024.0, static_cast<double>(m.output_bytes)),
                    mb_of_kb(m.check.peak_rss_kb), mb_of_kb(m.run.peak_rss_kb) - mb_of_kb(m.check.peak_rss_kb));
    }
}

// One target line: what is asked, what was measured, and whether it is met.
void print_target(const std::string& asked, const std::string& measured, bool known, bool met) {
    std::printf("  %-56s %-34s %s\n", asked.c_str(), measured.c_str(), !known ? "not measured" : met ? "MET" : "NOT MET");
}

// A number formatted with printf.
std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

// The growth of peak memory from the smallest to the largest batch, in bytes: of the render
// (net = false) or of what the render adds to parsing the record (net = true, may be below
// zero); false when a run failed.
bool memory_growth(const report& r, bool net, double& grown) {
    if (r.memory.size() < 2) return false;
    const memory_row& a = r.memory.front();
    const memory_row& b = r.memory.back();
    if (a.run.exit_code != 0 || b.run.exit_code != 0 || (net && (a.check.exit_code != 0 || b.check.exit_code != 0)))
        return false;
    grown = static_cast<double>(b.run.peak_rss_kb) - static_cast<double>(a.run.peak_rss_kb);
    if (net) grown -= static_cast<double>(b.check.peak_rss_kb) - static_cast<double>(a.check.peak_rss_kb);
    grown *= 1024.0;
    return true;
}

// The targets of issue 3 beside the figures.
void print_targets(const report& r, const inputs& in) {
    std::printf("\nTargets (issue 3; CPU time stands for \"one core\" on this shared machine)\n");
    const program_run& s = r.process_start;
    const std::string certs = std::to_string(in.certificate_count) + " certificates";
    print_target(certs + " incl. process start < 0.15 s (wall)", format("%.3f s", s.wall_s), s.exit_code == 0,
                 s.wall_s < start_target_s);
    const bool batch_known = r.cases.size() > 0 && r.cases[0].ours.ok && r.cases[0].floor.ok;
    const double batch_ratio = batch_known ? ratio(r.cases[0].ours.cpu_s, r.cases[0].floor.cpu_s) : 0;
    print_target(certs + " in one PDF <= 1.5x bare libharu (CPU)", format("%.2fx", batch_ratio), batch_known,
                 batch_ratio <= floor_target_ratio);
    const figures* split = r.cases.size() > 1 ? &r.cases[1].ours : nullptr;
    const bool split_known = split && split->ok;
    const double rate = split_known ? ratio(static_cast<double>(split->documents), split->cpu_s) : 0;
    print_target("split >= 100 PDFs/s (CPU)", format("%.0f PDFs/s", rate), split_known, rate >= split_target_rate);
    const double output = r.memory.empty() ? 0 : static_cast<double>(r.memory.back().output_bytes);
    double growth = 0, net = 0;
    const bool growth_known = memory_growth(r, false, growth);
    const bool net_known = memory_growth(r, true, net);
    print_target("peak growth 100 -> 10,000 <= the output", !growth_known ? std::string("-") :
                 format("%+.1f MB", growth / 1048576.0) + format(" for %.1f MB out", output / 1048576.0),
                 growth_known, growth <= output);
    print_target("  the same, net of parsing the record (check)", !net_known ? std::string("-") :
                 format("%+.1f MB", net / 1048576.0), net_known, net <= output);
}

// Best and median of one N's runs.
struct jobs_summary {
    bool ok = false;
    double wall_best = 0, wall_median = 0, cpu_best = 0, cpu_median = 0;
    long peak_max = 0, peak_median = 0;
};

// The median of values (the lower of the middle two).
template <class T>
T median_of(std::vector<T> values) {
    std::sort(values.begin(), values.end());
    return values[(values.size() - 1) / 2];
}

jobs_summary summarize(const jobs_row& row) {
    jobs_summary s;
    std::vector<double> walls, cpus;
    std::vector<long> peaks;
    for (const program_run& run : row.runs) {
        if (run.exit_code != 0) return s;
        walls.push_back(run.wall_s);
        cpus.push_back(run.cpu_s);
        peaks.push_back(run.peak_rss_kb);
    }
    if (walls.empty()) return s;
    s.ok = true;
    s.wall_best = *std::min_element(walls.begin(), walls.end());
    s.cpu_best = *std::min_element(cpus.begin(), cpus.end());
    s.peak_max = *std::max_element(peaks.begin(), peaks.end());
    s.wall_median = median_of(walls);
    s.cpu_median = median_of(cpus);
    s.peak_median = median_of(peaks);
    return s;
}

// Issue 17's targets for --jobs: N=2 at most 0.6 of N=1's wall (median), peak within 1.5x.
void print_jobs_targets(const report& r) {
    if (r.jobs.size() < 2) return;
    const jobs_summary one = summarize(r.jobs.front()), two = summarize(r.jobs.back());
    const bool known = one.ok && two.ok;
    std::printf("\nTargets (issue 17, both cores)\n");
    const double wall = ratio(two.wall_median, one.wall_median);
    print_target("--jobs 2 wall <= 0.6x --jobs 1 (medians)", format("%.2fx", wall), known, wall <= 0.6);
    const double peak = ratio(static_cast<double>(two.peak_max), static_cast<double>(one.peak_max));
    print_target("--jobs 2 peak <= 1.5x --jobs 1 (largest of each)", format("%.2fx", peak), known, peak <= 1.5);
    print_target("the same PDF for every N", r.jobs_same_bytes ? "yes" : "no", known, r.jobs_same_bytes);
}

}  // namespace

// The three parts, in the order the README shows them, then the --jobs runs and their targets.
void print_report(const report& r, const inputs& in) {
    print_cases(r);
    print_program_runs(r, in);
    print_targets(r, in);
    print_jobs(r, in);
}

void print_jobs(const report& r, const inputs& in) {
    if (r.jobs.empty()) return;
    std::printf("\nBoth cores: %s render --jobs N -o FILE (%zu certificates), %zu alternating rounds, load "
                "average %.2f before, %.2f after; the same PDF for every N: %s\n",
                in.vanthu.c_str(), r.jobs_recipients, r.jobs.front().runs.size(), r.load_before, r.load_after,
                r.jobs_same_bytes ? "yes" : "NO");
    std::printf("  %4s %13s %13s %13s %13s %12s %12s\n", "N", "wall s best", "wall s median", "CPU s best",
                "CPU s median", "peak MB max", "peak MB med");
    for (const jobs_row& row : r.jobs) {
        const jobs_summary s = summarize(row);
        if (!s.ok) {
            std::printf("  %4zu FAILED\n", row.jobs);
            continue;
        }
        std::printf("  %4zu %13.3f %13.3f %13.3f %13.3f %12.1f %12.1f\n", row.jobs, s.wall_best, s.wall_median,
                    s.cpu_best, s.cpu_median, mb_of_kb(s.peak_max), mb_of_kb(s.peak_median));
    }
    const jobs_summary one = summarize(r.jobs.front()), two = summarize(r.jobs.back());
    if (one.ok && two.ok)
        std::printf("  N=2/N=1: wall %.2fx best, %.2fx median; peak %.2fx (max), %.2fx (median)\n",
                    ratio(two.wall_best, one.wall_best), ratio(two.wall_median, one.wall_median),
                    ratio(static_cast<double>(two.peak_max), static_cast<double>(one.peak_max)),
                    ratio(static_cast<double>(two.peak_median), static_cast<double>(one.peak_median)));
    print_jobs_targets(r);
}

}  // namespace bench
