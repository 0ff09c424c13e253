// The benchmark's shared pieces: what one measured case gives, and the helpers that make them.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "layout/page.hpp"
#include "render/render.hpp"

namespace bench {

// What one run of a case produced and cost.
struct figures {
    bool ok = false;
    std::string message;       // why it failed, when it did
    double wall_s = 0;         // wall time of the timed part
    double cpu_s = 0;          // user + system CPU of the timed part
    long peak_rss_kb = 0;      // peak resident set of the process doing it
    std::size_t pages = 0;     // pages written
    std::size_t documents = 0; // PDF files written
    std::size_t bytes = 0;     // bytes of all PDFs written
};

// A case run in a forked child: prepare (not timed) then run (timed, fills pages,
// documents and bytes). Either returns false with a message to fail the case.
struct child_case {
    std::function<bool(std::string& message)> prepare;
    std::function<bool(figures& out)> run;
};

// Runs the case in a forked child so that its peak memory is its own; the peak counts from
// the end of prepare (the child starts as a copy of this process).
figures measure_in_child(const child_case& c);

// Keeps the best of several figures: least CPU, and the least wall and peak seen.
figures best_of(const std::vector<figures>& runs);

// One run of another program, waited for.
struct program_run {
    int exit_code = -1;     // -1 when it could not be started or was killed
    double wall_s = 0;
    double cpu_s = 0;
    long peak_rss_kb = 0;
};

// Runs argv[0] with argv, its standard output into stdout_path (or /dev/null when empty).
program_run run_program(const std::vector<std::string>& argv, const std::string& stdout_path);

// The inputs every case shares.
struct inputs {
    std::string source_dir;       // the repository: samples/, templates/, fonts/
    std::string work_dir;         // a temporary folder of generated records and outputs
    std::string vanthu;           // the vanthu program
    render::options opts;         // templates and fonts of the source tree
    std::string certificates;     // the certification record of the batch
    std::string certificates_path;
    std::size_t certificate_count = 500;
    std::string minutes;          // a meeting record that lays out on three pages
    std::size_t minutes_pages = 0;
    std::size_t minutes_count = 50;
};

// Makes a temporary folder; empty on failure.
std::string make_work_dir();

// Removes the temporary folder and what it holds.
void remove_work_dir(const std::string& dir);

// Writes a certification record with count recipients (samples/tools/make_certifications.py)
// to path and reads it back into bytes.
bool make_certification_record(const inputs& in, std::size_t count, const std::string& path,
                               std::string& bytes, std::string& message);

// A meeting record grown from a sample until it lays out on `pages` pages.
bool make_minutes_record(inputs& in, std::size_t pages, std::string& message);

// Our pipeline, the three cases.
child_case our_batch(const inputs& in);
child_case our_split(const inputs& in);
child_case our_minutes(const inputs& in);

// The bare-libharu floor of the same three cases.
child_case floor_batch(const inputs& in);
child_case floor_split(const inputs& in);
child_case floor_minutes(const inputs& in);

// Draws pages [first, first + count) with plain libharu calls into one PDF in memory: the
// faces of the source tree's fonts, positions as laid out. Empty with a message on failure.
std::string paint_bare(const std::vector<layout::page>& pages, std::size_t first, std::size_t count,
                       const std::string& fonts_dir, std::string& message);

// Page objects in a PDF written by libharu (it writes no object streams).
std::size_t count_pdf_pages(const std::string& pdf);

// Adds one PDF to a case's output figures.
void add_document(figures& out, const std::string& pdf);

// One case of the table: ours and the floor, each the best of `repeat` runs.
struct case_row {
    std::string name;
    figures ours;
    figures floor;
};

// One run of `vanthu render` on a generated record, for the memory figures, beside `vanthu
// check` of the same record: what parsing the record alone takes.
struct memory_row {
    std::size_t recipients = 0;
    program_run run;
    program_run check;
    std::size_t output_bytes = 0;
};

// `vanthu render --jobs N -o FILE` of one generated record, the runs of each N taken in
// alternating rounds (1, 2, 1, 2 ...) so that the machine's load falls on both alike.
struct jobs_row {
    std::size_t jobs = 0;
    std::vector<program_run> runs;
    std::size_t output_bytes = 0;
};

// Everything one benchmark run measured.
struct report {
    std::size_t repeat = 0;
    std::vector<case_row> cases;       // in this order: batch, split, minutes
    program_run process_start;         // best of the `vanthu render` runs of the batch
    std::size_t process_start_runs = 0;
    std::size_t process_start_bytes = 0;
    program_run bare_start;            // best of the same number of `vanthu --help` runs
    std::vector<memory_row> memory;    // 100, 1,000, 10,000 recipients
    std::size_t jobs_recipients = 0;   // of the --jobs runs; 0: not measured
    std::vector<jobs_row> jobs;        // --jobs 1, then --jobs 2
    bool jobs_same_bytes = false;      // every N wrote the same PDF
    double load_before = 0, load_after = 0;  // the 1-minute load average around the --jobs runs
};

// Prints the table of cases, the process-start and memory figures, the --jobs runs, and the targets.
void print_report(const report& r, const inputs& in);

// Prints the --jobs runs alone: best and median of each N, and N=2 against N=1.
void print_jobs(const report& r, const inputs& in);

// Allocator settings of `vanthu render` (cli.cpp), used by every case alike.
void tune_allocator();

}  // namespace bench
