// Progress of long batches on a terminal: pages done / total and the rate.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>

namespace cli {

// Shows "vanthu: 120/507 pages, 950 pages/s" on one line of err, only when err is a
// terminal and the batch has run for more than a second; nothing otherwise.
class progress_line {
public:
    progress_line(std::ostream& err, bool terminal);
    // Notes that done of total pages are made.
    void update(std::size_t done, std::size_t total);
    // Ends the line if anything was shown.
    void finish();

private:
    std::ostream& err_;
    bool terminal_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

// Whether standard error is a terminal.
bool stderr_is_terminal();

}  // namespace cli
