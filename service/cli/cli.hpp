// The command line: vanthu render | check | help.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "record/certificate.hpp"

namespace cli {

// Exit codes (BSD sysexits, as the issue fixes them).
enum exit_code : int {
    exit_ok = 0,            // everything done
    exit_usage = 64,        // bad command line
    exit_bad_record = 65,   // a record breaks docs/records.md
    exit_no_input = 66,     // an input file is missing or unreadable
    exit_internal = 70,     // fonts, layout or PDF writing failed
    exit_cannot_write = 73, // an output could not be written
    exit_time_limit = 75,   // a render took longer than --time-limit (worth trying again)
    exit_bad_template = 78  // a template is missing or wrong
};

// How long one record may take to render unless --time-limit says otherwise.
constexpr std::chrono::milliseconds default_time_limit{600 * 1000};

// Runs the command with its arguments (without the program name).
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

// Enters a render's certificates in the register of the worker's store; false with error when
// the store refused them.
using certificate_registrar =
    std::function<bool(const std::vector<record::issued_certificate>& issued, std::string& error)>;

// run, for `vanthu render --register`: the registrar enters each record's certificates before
// its output is written (an output whose certificates are not registered is not written). The
// vanthu program links no store: it execs vanthu-serve, which opens the store and calls this.
int run_registering(const std::vector<std::string>& args, const certificate_registrar& registrar, std::istream& in,
                    std::ostream& out, std::ostream& err);

}  // namespace cli
