#pragma once
// The text of the --bar/--progress status line, as pure functions of a snapshot of the run,
// so that what a user sees at any width can be tested without a terminal:
//
//   [#########           ] 45% 450/1000 | 4 running | 2 failed | 0:12 elapsed | ETA 0:15 | 37.5
//   jobs/s
//
// The graph is --bar's; the total, percent and ETA appear once the total is known (until
// then the count of jobs done stands alone). Fields the width cannot hold are dropped, the
// least useful first: jobs/s, elapsed, running; the graph shrinks to make room first.

#include <cstdint>
#include <optional>
#include <string>

namespace prun {

struct ProgressSnapshot {
    std::uint64_t done = 0;             // tasks that ended (ok, failed or skipped)
    std::optional<std::uint64_t> total; // every job the run will have, once known
    std::uint64_t running = 0;
    std::uint64_t failed = 0;
    double elapsed = 0;        // seconds since the run started
    std::optional<double> eta; // seconds left, when it can be estimated
};

struct ProgressStyle {
    bool graph = false; // --bar: draw a bar graph of the fraction done
    bool color = false; // failures in red
};

// The status line, at most `columns` columns wide (colour sequences take no column).
std::string format_progress(const ProgressSnapshot& snapshot, unsigned columns,
                            ProgressStyle style);

// "0:07", "12:34", "1:02:03": minutes and seconds, hours when needed.
std::string format_clock(double seconds);

// What the ETA is computed from: durations observed so far and the work left.
struct EtaInputs {
    double mean_duration = 0; // of the tasks that ended
    std::uint64_t queued = 0; // jobs not started yet
    std::uint64_t running = 0;
    double running_left = 0;    // sum over running jobs of max(mean - their age, 0)
    double longest_left = 0;    // the largest of those terms
    std::uint64_t max_jobs = 1; // -j
};

// Seconds until the last job ends: the work left divided among the slots that will be busy,
// or when nothing is queued, the running job expected to end last.
double estimate_eta(const EtaInputs& in);

} // namespace prun
