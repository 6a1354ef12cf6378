#pragma once
// The scheduler's part of the command line: how many jobs at once, and the failure
// handling (--timeout, --term-timeout, --retries, --halt, --delay).

#include <limits>
#include <optional>
#include <vector>

#include <prun/report/task_record.hpp>
#include <prun/sched/halt_policy.hpp>
#include <prun/sched/term_sequence.hpp>

namespace prun {

// --retries 0: GNU parallel's "retry forever" (attempts are counted up to this).
constexpr unsigned k_attempts_forever = std::numeric_limits<unsigned>::max();

struct SchedulerPolicy {
    unsigned max_jobs = 1;                 // -j, resolved (k_unlimited_jobs for -j 0)
    std::optional<double> timeout_seconds; // kill a job running longer than this
    std::optional<double> timeout_percent; // ... or longer than this % of the median runtime
    double term_timeout_seconds = 3;       // from SIGTERM to SIGKILL for a timed-out job
    std::vector<TermStep> term_sequence;   // --term-seq, instead of SIGTERM, wait, SIGKILL
    unsigned attempts = 1;                 // --retries: attempts in total (or forever)
    HaltPolicy halt;
    double delay_seconds = 0; // between job starts
    // --hostgroups: an argument's "@G1+G2" is cut off; the job's first argument's say which
    // hosts it may run on (HostPool::take).
    bool host_groups = false;
    // Not from options of their own: app.cpp sets them from -v and -t.
    bool print_commands = false; // -v: a job's command heads its stdout (grouped, tagged)
    bool list_skipped = false;   // --dry-run: print a job skip() skips too, as GNU does
    bool trace_commands = false; // -t: a job's command to stderr when it starts
    // How much of each argument a TaskRecord keeps: reports use them as labels, except
    // --results' tables, which have them whole.
    std::size_t record_arg_bytes = k_record_arg_bytes;
};

} // namespace prun
