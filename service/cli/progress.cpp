// Owns the progress line of long batches on a terminal.
#include "cli/progress.hpp"

#include <cstdio>
#include <ostream>
#include <unistd.h>

namespace cli {

// Starts the clock.
progress_line::progress_line(std::ostream& err, bool terminal)
    : err_(err), terminal_(terminal), start_(std::chrono::steady_clock::now()), last_(start_) {}

// Redraws the line at most ten times a second, after the first second.
void progress_line::update(std::size_t done, std::size_t total) {
    if (!terminal_) return;
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (elapsed < 1.0 || (std::chrono::duration<double>(now - last_).count() < 0.1 && done < total)) return;
    last_ = now;
    char line[96];
    std::snprintf(line, sizeof line, "\rvanthu: %zu/%zu pages, %.0f pages/s ", done, total,
                  static_cast<double>(done) / elapsed);
    err_ << line << std::flush;
    shown_ = true;
}

// A newline after a shown line, so the prompt starts clean.
void progress_line::finish() {
    if (shown_) err_ << '\n' << std::flush;
    shown_ = false;
}

// isatty(2).
bool stderr_is_terminal() { return ::isatty(2) == 1; }

}  // namespace cli
