// The user command on a terminal: the password asked twice with the echo off.
#include <catch2/catch.hpp>

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace {

// What a program printed on its terminal and how it ended.
struct terminal_run {
    std::string screen;
    int exit_code = -1;
};

// Reads the terminal into screen until it holds `text` (true) or 20 s pass or it closes (false).
bool read_until(int fd, terminal_run& run, const std::string& text) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    char buffer[4096];
    while (run.screen.find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() > end) return false;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0) continue;
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) return false;  // EIO: the program ended and closed its side
        run.screen.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
}

// Runs `vanthu user ARGS` on a new pseudo-terminal, typing each answer after its prompt.
terminal_run run_on_terminal(const std::vector<std::string>& args,
                             const std::vector<std::pair<std::string, std::string>>& answers) {
    std::vector<std::string> argv = {test_paths::vanthu_program(), "user"};
    argv.insert(argv.end(), args.begin(), args.end());
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::vector<char*> words;
        for (std::string& a : argv) words.push_back(a.data());
        words.push_back(nullptr);
        ::execv(words[0], words.data());
        ::_exit(127);
    }
    terminal_run run;
    for (const auto& [prompt, typed] : answers) {
        if (!read_until(master, run, prompt)) break;
        const std::string line = typed + "\n";
        CHECK(::write(master, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
    }
    read_until(master, run, "\x04never");  // everything else it says, to the end
    ::close(master);
    int status = 0;
    ::waitpid(pid, &status, 0);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

}  // namespace

TEST_CASE("user_add_on_a_terminal_asks_twice_with_the_echo_off", "[http][session]") {
    const std::string dir = test_paths::scratch_dir("user-terminal");
    const std::string store = "-Dvanthu.store=sqlite:" + dir + "/jobs.db";
    const std::string password = "mật khẩu gõ trên bàn phím";
    terminal_run added = run_on_terminal({"add", "lan.nguyen", "--role", "clerk", "--unit", "PC07", store},
                                         {{"Mật khẩu mới: ", password}, {"Nhập lại: ", password}});
    INFO(added.screen);
    CHECK(added.exit_code == 0);
    CHECK(added.screen.find("lan.nguyen added as clerk of unit PC07") != std::string::npos);
    CHECK(added.screen.find(password) == std::string::npos);  // never echoed
    terminal_run differ = run_on_terminal({"passwd", "lan.nguyen", store},
                                          {{"Mật khẩu mới: ", password}, {"Nhập lại: ", "mật khẩu gõ nhầm một chữ"}});
    INFO(differ.screen);
    CHECK(differ.exit_code == 65);
    CHECK(differ.screen.find("the two passwords differ") != std::string::npos);
    const test_paths::command_output list = test_paths::run_command({test_paths::vanthu_program(), "user", "list", store});
    CHECK(list.out.find("lan.nguyen\tclerk\tPC07") != std::string::npos);
}
