// Owns the benchmark's driver: options, inputs, the cases in order, the report (README.md here).
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "bench.hpp"

namespace {

// What the command line asks for.
struct settings {
    std::size_t certificates = 500;
    std::size_t minutes = 50;
    std::size_t repeat = 3;
    std::size_t start_runs = 5;
    std::size_t jobs_runs = 5;
    std::size_t jobs_recipients = 10000;
    bool memory = true;
    bool jobs_only = false;
    std::string vanthu = VANTHU_PROGRAM;
    std::string source = VANTHU_SOURCE_DATA_DIR;
};

const char* const usage_text =
    "usage: vanthu_bench [--certificates N] [--minutes N] [--repeat N] [--start-runs N]\n"
    "                    [--no-memory] [--jobs-runs N] [--jobs-recipients N] [--jobs-only]\n"
    "                    [--vanthu PROGRAM] [--source DIR]\n"
    "  --certificates N  recipients of the batch and split cases (500)\n"
    "  --minutes N       three-page minutes rendered (50)\n"
    "  --repeat N        runs of each in-process case, best kept (3)\n"
    "  --start-runs N    runs of `vanthu render` for the process-start figure, best kept (5)\n"
    "  --no-memory       skip the 100 / 1,000 / 10,000 recipients memory runs\n"
    "  --jobs-runs N     rounds of `vanthu render --jobs 1` and `--jobs 2` of one record (5)\n"
    "  --jobs-recipients N  recipients of that record (10000)\n"
    "  --jobs-only       only the --jobs rounds\n"
    "  --vanthu PROGRAM  the vanthu program to time (the one of this build)\n"
    "  --source DIR      the repository: samples/, templates/, fonts/ (this source tree)\n";

// A positive count from text, or 0.
std::size_t parse_count(const char* text) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text, &end, 10);
    return end && *end == '\0' ? static_cast<std::size_t>(v) : 0;
}

// Reads the options; false on anything unknown or malformed.
bool parse_settings(int argc, char** argv, settings& s) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const char* next = i + 1 < argc ? argv[i + 1] : nullptr;
        std::size_t* count = a == "--certificates" ? &s.certificates
                             : a == "--minutes"    ? &s.minutes
                             : a == "--repeat"     ? &s.repeat
                             : a == "--start-runs" ? &s.start_runs
                             : a == "--jobs-runs"  ? &s.jobs_runs
                             : a == "--jobs-recipients" ? &s.jobs_recipients
                                                   : nullptr;
        if (a == "--no-memory") s.memory = false;
        else if (a == "--jobs-only") s.jobs_only = true;
        else if (count && next && (*count = parse_count(next)) > 0) ++i;
        else if ((a == "--vanthu" || a == "--source") && next) {
            (a == "--vanthu" ? s.vanthu : s.source) = next;
            ++i;
        } else return false;
    }
    return true;
}

// The size of a file, 0 when it is missing.
std::size_t file_size(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
}

// Ours and the floor of one case, each the best of `repeat` runs in forked children.
bench::case_row measure_case(const std::string& name, const bench::child_case& ours, const bench::child_case& floor,
                             std::size_t repeat) {
    std::fprintf(stderr, "vanthu_bench: %s\n", name.c_str());
    std::vector<bench::figures> our_runs, floor_runs;
    for (std::size_t i = 0; i < repeat; ++i) {
        our_runs.push_back(bench::measure_in_child(ours));
        floor_runs.push_back(bench::measure_in_child(floor));
    }
    return {name, bench::best_of(our_runs), bench::best_of(floor_runs)};
}

// `vanthu render` of the batch record, best wall of `runs`, its output kept for its size;
// then `vanthu --help` as often, the cost of starting the program alone.
void measure_process_start(const bench::inputs& in, std::size_t runs, bench::report& r) {
    std::fprintf(stderr, "vanthu_bench: %s render, %zu runs\n", in.vanthu.c_str(), runs);
    const std::string out = in.work_dir + "/batch.pdf";
    r.process_start_runs = runs;
    for (std::size_t i = 0; i < runs; ++i) {
        bench::program_run run = bench::run_program({in.vanthu, "render", "-o", out, in.certificates_path}, "");
        if (run.exit_code != 0) {
            r.process_start = run;
            return;
        }
        if (i == 0 || run.wall_s < r.process_start.wall_s) r.process_start = run;
    }
    r.process_start_bytes = file_size(out);
    for (std::size_t i = 0; i < runs; ++i) {
        bench::program_run run = bench::run_program({in.vanthu, "--help"}, "");
        if (i == 0 || run.wall_s < r.bare_start.wall_s) r.bare_start = run;
    }
}

// Peak memory of `vanthu render` and `vanthu check` at 100, 1,000 and 10,000 recipients.
void measure_memory(const bench::inputs& in, bench::report& r) {
    for (std::size_t recipients : {100u, 1000u, 10000u}) {
        std::fprintf(stderr, "vanthu_bench: memory at %zu recipients\n", recipients);
        bench::memory_row m;
        m.recipients = recipients;
        const std::string record = in.work_dir + "/certs-" + std::to_string(recipients) + ".xml";
        const std::string out = in.work_dir + "/certs-" + std::to_string(recipients) + ".pdf";
        std::string bytes, message;
        if (bench::make_certification_record(in, recipients, record, bytes, message)) {
            m.run = bench::run_program({in.vanthu, "render", "-o", out, record}, "");
            m.check = bench::run_program({in.vanthu, "check", record}, "");
        } else {
            std::fprintf(stderr, "vanthu_bench: %s\n", message.c_str());
        }
        m.output_bytes = file_size(out);
        r.memory.push_back(m);
    }
}

// The 1-minute load average, 0 when unknown.
double load_average() {
    double load[1] = {0};
    return getloadavg(load, 1) == 1 ? load[0] : 0;
}

// The whole file, or empty when it cannot be read.
std::string whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

// Whether two files hold the same bytes (and could be read).
bool same_file(const std::string& a, const std::string& b) {
    const std::string x = whole_file(a);
    return !x.empty() && x == whole_file(b);
}

// `vanthu render --jobs N` of a record of `recipients` certificates, N = 1 and 2 in
// alternating rounds; whether both wrote the same PDF.
void measure_jobs(const bench::inputs& in, std::size_t recipients, std::size_t rounds, bench::report& r) {
    std::fprintf(stderr, "vanthu_bench: --jobs 1 and 2 at %zu recipients, %zu rounds\n", recipients, rounds);
    const std::string record = in.work_dir + "/jobs-" + std::to_string(recipients) + ".xml";
    std::string bytes, message;
    if (!bench::make_certification_record(in, recipients, record, bytes, message)) {
        std::fprintf(stderr, "vanthu_bench: %s\n", message.c_str());
        return;
    }
    r.jobs_recipients = recipients;
    r.jobs = {{1, {}, 0}, {2, {}, 0}};
    r.load_before = load_average();
    for (std::size_t round = 0; round < rounds; ++round)
        for (bench::jobs_row& row : r.jobs) {
            const std::string out = in.work_dir + "/jobs-" + std::to_string(row.jobs) + ".pdf";
            row.runs.push_back(
                bench::run_program({in.vanthu, "render", "--jobs", std::to_string(row.jobs), "-o", out, record}, ""));
            row.output_bytes = file_size(out);
        }
    r.load_after = load_average();
    r.jobs_same_bytes = same_file(in.work_dir + "/jobs-1.pdf", in.work_dir + "/jobs-2.pdf");
}

// Generates the certification record and sizes the minutes; false with a message.
bool prepare_inputs(const settings& s, bench::inputs& in, std::string& message) {
    in.source_dir = s.source;
    in.vanthu = s.vanthu;
    in.opts.templates_dir = s.source + "/templates";
    in.opts.fonts_dir = s.source + "/fonts";
    in.certificate_count = s.certificates;
    in.minutes_count = s.minutes;
    in.work_dir = bench::make_work_dir();
    if (in.work_dir.empty()) {
        message = "cannot make a temporary folder";
        return false;
    }
    in.certificates_path = in.work_dir + "/certs.xml";
    return bench::make_certification_record(in, s.certificates, in.certificates_path, in.certificates, message) &&
           bench::make_minutes_record(in, 3, message);
}

}  // namespace

// Prepares the inputs, measures every case, prints the report; 0 when everything ran.
int main(int argc, char** argv) {
    settings s;
    if (!parse_settings(argc, argv, s)) {
        std::fputs(usage_text, stderr);
        return 64;
    }
    bench::tune_allocator();
    bench::inputs in;
    std::string message;
    if (!prepare_inputs(s, in, message)) {
        std::fprintf(stderr, "vanthu_bench: %s\n", message.c_str());
        bench::remove_work_dir(in.work_dir);
        return 1;
    }
    bench::report r;
    r.repeat = s.repeat;
    if (s.jobs_only) {
        measure_jobs(in, s.jobs_recipients, s.jobs_runs, r);
        bench::print_jobs(r, in);
        bench::remove_work_dir(in.work_dir);
        return r.jobs_same_bytes ? 0 : 1;
    }
    const std::string certs = std::to_string(s.certificates) + " certificates";
    r.cases.push_back(measure_case(certs + ", one PDF", bench::our_batch(in), bench::floor_batch(in), s.repeat));
    r.cases.push_back(measure_case(certs + ", split (render_split)", bench::our_split(in), bench::floor_split(in), s.repeat));
    r.cases.push_back(measure_case(std::to_string(s.minutes) + " minutes of " + std::to_string(in.minutes_pages) +
                                       " pages, one PDF each",
                                   bench::our_minutes(in), bench::floor_minutes(in), s.repeat));
    measure_process_start(in, s.start_runs, r);
    if (s.memory) measure_memory(in, r);
    if (s.jobs_runs > 0) measure_jobs(in, s.jobs_recipients, s.jobs_runs, r);
    bench::print_report(r, in);
    bench::remove_work_dir(in.work_dir);
    bool all_ran = r.process_start.exit_code == 0;
    for (const bench::case_row& c : r.cases) all_ran = all_ran && c.ours.ok && c.floor.ok;
    return all_ran ? 0 : 1;
}
