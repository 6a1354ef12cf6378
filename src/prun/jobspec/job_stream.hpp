#pragma once
// Where the scheduler takes jobs from. Command-line arguments (ArgumentSource) and job
// files are both JobStreams, so the scheduler does not care which it runs.

#include <cstdint>
#include <optional>
#include <string_view>

#include <prun/jobspec/job.hpp>
#include <prun/util/clock.hpp>

namespace prun {

// How a job handed out by a JobStream ended.
struct JobEnd {
    std::uint64_t seq = 0;
    bool succeeded = false;
    std::string_view name; // its name in a job file, or ""
    std::string_view how;  // for a failure, what happened ("exited 1"), for messages
};

class JobStream {
public:
    enum class Status {
        ready,   // `job` holds the next job to run
        skipped, // `job` holds a job that will not run (a job it needs failed)
        pending, // nothing yet: wait (for pending_fd() to be readable, if it is >= 0, or
                 // for a running job to end) and ask again
        done     // no more jobs, ever
    };

    virtual ~JobStream() = default;
    virtual Status next(Job& job) = 0;
    virtual int pending_fd() const { return -1; }
    // A descriptor to watch even while every slot is busy (then on_readable() too), for
    // a stream that reads a bounded amount ahead so the next job is ready when a slot
    // frees (--pipe: one block); -1 when it has read enough or never reads ahead.
    virtual int prefetch_fd() const { return -1; }
    virtual void on_readable() {}
    // When to ask next() again even if nothing is readable (--block-timeout), if ever.
    virtual std::optional<MonoTime> wake_at() const { return std::nullopt; }
    // The final outcome of a job handed out by next() (after any retries).
    virtual void on_job_done(const JobEnd& /*end*/) {}
    // True once every job has been handed out (the total is then known).
    virtual bool exhausted() const = 0;
    // Jobs handed out so far (ready or skipped).
    virtual std::uint64_t count() const = 0;
    // How many jobs the stream will hand out in all, as soon as that is known (for the
    // progress line's percent and ETA). Streams that know before they end say so.
    virtual std::optional<std::uint64_t> total() const {
        return exhausted() ? std::optional<std::uint64_t>(count()) : std::nullopt;
    }
};

} // namespace prun
