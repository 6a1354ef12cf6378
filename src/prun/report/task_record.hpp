#pragma once
// The facts about one task (one run of a job) and about the whole run, as reporters
// receive them. Reporters read these; they never touch jobs or processes.

#include <cstdint>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <sys/types.h>
#include <utility>
#include <vector>

#include <prun/proc/exit_status.hpp>
#include <prun/util/clock.hpp>
#include <prun/util/stream.hpp>

namespace prun {

// How a task ended, as reports count and print it.
enum class Outcome { ok, failed, timeout, skipped, killed };
// "ok", "failed", "timeout", "skipped", "killed".
const char* outcome_name(Outcome outcome);

inline constexpr std::size_t k_record_arg_bytes = 256;

struct TaskRecord {
    TaskRecord() = default;
    // A task as it begins (or is found never to run): what identifies it and when. The
    // rest (pid, slot, host, the end) is filled in as it runs.
    TaskRecord(std::uint64_t job_seq, std::string job_name, std::vector<std::string> job_args,
               std::string shell_code, unsigned attempt, WallTime wall_start, MonoTime mono_start)
        : seq(job_seq), name(std::move(job_name)), command(std::move(shell_code)),
          args(std::move(job_args)), start_wall(wall_start), start(mono_start), end(mono_start),
          attempts(attempt) {}

    std::uint64_t seq = 0;
    std::string name;           // the job file's name for the job, or "" (then seq names it)
    std::uint64_t identity = 0; // a job-file job's identity across runs (for the joblog)
    std::string host;           // where it ran ("" for this machine)
    unsigned slot = 0;
    std::string command; // as shell code, for people and the joblog
    // The job's arguments, each cut to k_record_arg_bytes: reports use them for labels
    // (--results folder names) only, and a huge argument must not be held twice.
    std::vector<std::string> args;
    pid_t pid = -1;
    WallTime start_wall; // for timestamps people read
    MonoTime start;      // for durations
    MonoTime end;
    ExitStatus status;
    rusage usage{}; // the process's own CPU and memory (from wait4)
    std::uint64_t stdout_bytes = 0;
    std::uint64_t stderr_bytes = 0;
    unsigned attempts = 1;
    bool timed_out = false; // killed by prun because it ran past its timeout
    bool skipped = false;   // never ran: a job it needs did not succeed
    bool killed = false;    // stopped by prun (a signal to prun, or --halt now)

    bool succeeded() const { return !skipped && status.success(); }
    Outcome outcome() const;
    double duration() const { return seconds_between(start, end); }
    double user_cpu() const;
    double sys_cpu() const;
};

struct RunSummary {
    std::uint64_t jobs = 0; // tasks that ran (or failed to start)
    std::uint64_t failed = 0;
    double wall_seconds = 0; // from prun's first job start to the end of the run
    double user_cpu = 0;
    double sys_cpu = 0;
    double busy_seconds = 0;   // sum of the tasks' durations
    int stopped_by_signal = 0; // the signal that interrupted the run, or 0
};

class Reporter {
public:
    virtual ~Reporter() = default;
    virtual void on_start(const TaskRecord&) {}
    // A chunk of the task's output, as prun reads it (only when output is captured).
    virtual void on_output(const TaskRecord&, Stream, std::string_view) {}
    virtual void on_end(const TaskRecord&) {}
    virtual void on_run_end(const RunSummary&) {}
};

} // namespace prun
