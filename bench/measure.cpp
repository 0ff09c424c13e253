// Owns measuring one case in a forked child: wall and CPU time of the timed part, peak RSS.
#include <malloc.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "bench.hpp"

namespace bench {

namespace {

// CPU seconds (user + system) this process has used so far.
double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

// Gives freed memory back and restarts the kernel's peak-RSS count from the present size,
// so that a case's peak is that of its timed part (Linux 4.0+; harmless where refused).
void reset_peak_rss() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
}

// The child's side: prepare, time the run, write the figures to the pipe as text.
[[noreturn]] void run_child(const child_case& c, int fd) {
    figures f;
    std::string message;
    if (!c.prepare || c.prepare(message)) {
        reset_peak_rss();
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = cpu_seconds();
        f.ok = c.run(f);
        f.cpu_s = cpu_seconds() - cpu_start;
        f.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } else {
        f.message = message;
    }
    std::ostringstream text;
    text << (f.ok ? 1 : 0) << ' ' << f.wall_s << ' ' << f.cpu_s << ' ' << f.pages << ' '
         << f.documents << ' ' << f.bytes << '\n' << f.message;
    const std::string bytes = text.str();
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = write(fd, bytes.data() + sent, bytes.size() - sent);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    close(fd);
    _exit(0);
}

// Reads everything the child wrote until it closes the pipe.
std::string read_all(int fd) {
    std::string all;
    char chunk[4096];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0) break;
        all.append(chunk, static_cast<std::size_t>(n));
    }
    return all;
}

}  // namespace

// Forks; the child prepares and runs the case, the parent reads its figures and its peak RSS.
figures measure_in_child(const child_case& c) {
    figures f;
    int fds[2];
    if (pipe(fds) != 0) {
        f.message = "cannot make a pipe";
        return f;
    }
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid < 0) {
        f.message = "cannot fork";
        return f;
    }
    if (pid == 0) {
        close(fds[0]);
        run_child(c, fds[1]);
    }
    close(fds[1]);
    std::istringstream text(read_all(fds[0]));
    close(fds[0]);
    int status = 0;
    rusage u{};
    wait4(pid, &status, 0, &u);
    int ok = 0;
    if (!(text >> ok >> f.wall_s >> f.cpu_s >> f.pages >> f.documents >> f.bytes)) {
        f.message = "the child died before reporting (status " + std::to_string(status) + ")";
        return f;
    }
    text.get();
    std::getline(text, f.message, '\0');
    f.ok = ok == 1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    f.peak_rss_kb = u.ru_maxrss;
    return f;
}

// The run with the least CPU, with the least wall and peak of all runs (each is noise upwards).
figures best_of(const std::vector<figures>& runs) {
    figures best;
    for (const figures& r : runs) {
        if (!r.ok) return r;
        if (!best.ok || r.cpu_s < best.cpu_s) {
            const double wall = best.ok ? std::min(best.wall_s, r.wall_s) : r.wall_s;
            const long peak = best.ok ? std::min(best.peak_rss_kb, r.peak_rss_kb) : r.peak_rss_kb;
            best = r;
            best.wall_s = wall;
            best.peak_rss_kb = peak;
        } else {
            best.wall_s = std::min(best.wall_s, r.wall_s);
            best.peak_rss_kb = std::min(best.peak_rss_kb, r.peak_rss_kb);
        }
    }
    return best;
}

// Allocator settings of `vanthu render` (cli.cpp: tune_allocator), so in-process figures
// match the command's.
void tune_allocator() {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
#endif
}

// Counts "/Type /Page" not followed by "s" (the page tree is "/Type /Pages").
std::size_t count_pdf_pages(const std::string& pdf) {
    static const std::string marker = "/Type /Page";
    std::size_t count = 0;
    for (std::size_t at = pdf.find(marker); at != std::string::npos; at = pdf.find(marker, at + 1))
        if (at + marker.size() < pdf.size() && pdf[at + marker.size()] != 's') ++count;
    return count;
}

// One more document, its pages and its bytes.
void add_document(figures& out, const std::string& pdf) {
    out.documents += 1;
    out.pages += count_pdf_pages(pdf);
    out.bytes += pdf.size();
}

}  // namespace bench
