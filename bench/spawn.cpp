// Owns running another program (vanthu, the sample generator) as a timed child process.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "bench.hpp"

namespace bench {

namespace {

// Seconds of a timeval.
double seconds_of(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

// The child's side: standard output into the file, then exec; 127 when exec fails.
[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::string& stdout_path) {
    const char* target = stdout_path.empty() ? "/dev/null" : stdout_path.c_str();
    int fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        close(fd);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
}

}  // namespace

// Forks, execs and waits; wall time from just before fork to the end of wait.
program_run run_program(const std::vector<std::string>& argv, const std::string& stdout_path) {
    program_run r;
    if (argv.empty()) return r;
    std::fflush(stdout);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) return r;
    if (pid == 0) exec_child(argv, stdout_path);
    int status = 0;
    rusage u{};
    if (wait4(pid, &status, 0, &u) != pid) return r;
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.cpu_s = seconds_of(u.ru_utime) + seconds_of(u.ru_stime);
    r.peak_rss_kb = u.ru_maxrss;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace bench
