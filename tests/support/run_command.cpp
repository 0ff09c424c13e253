// Owns running child programs for tests: fork, exec, pipes, exit status.
#include "support/run_command.hpp"

#include "support/test_paths.hpp"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace test_paths {

namespace {

// Sets a descriptor non-blocking so one pipe cannot stall the others.
void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Moves data between the child's three pipes until it closes its outputs.
void pump(int to_child, int from_out, int from_err, const std::string& input, command_output& result) {
    std::size_t sent = 0;
    if (input.empty()) { ::close(to_child); to_child = -1; }
    char buffer[65536];
    while (from_out >= 0 || from_err >= 0) {
        pollfd fds[3] = {{from_out, POLLIN, 0}, {from_err, POLLIN, 0}, {to_child, POLLOUT, 0}};
        if (::poll(fds, 3, -1) < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
            else if (n == 0 || errno != EAGAIN) { ::close(fds[i].fd); (i == 0 ? from_out : from_err) = -1; }
        }
        if (to_child >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            const ssize_t n = ::write(to_child, input.data() + sent, input.size() - sent);
            if (n > 0) sent += static_cast<std::size_t>(n);
            if (n < 0 || sent == input.size()) { ::close(to_child); to_child = -1; }
        }
    }
    if (to_child >= 0) ::close(to_child);
}

}  // namespace

command_output run_command(const std::vector<std::string>& argv, const std::string& stdin_bytes) {
    command_output result;
    int in[2], out[2], err[2];
    if (::pipe(in) || ::pipe(out) || ::pipe(err)) return result;
    ::signal(SIGPIPE, SIG_IGN);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(in[0], 0); ::dup2(out[1], 1); ::dup2(err[1], 2);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    ::close(in[0]); ::close(out[1]); ::close(err[1]);
    set_nonblocking(out[0]); set_nonblocking(err[0]); set_nonblocking(in[1]);
    pump(in[1], out[0], err[0], stdin_bytes, result);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::string vanthu_program() { return binary_dir() + "/vanthu"; }

}  // namespace test_paths
