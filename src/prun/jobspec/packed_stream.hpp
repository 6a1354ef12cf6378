#pragma once
// -m, -X, --xargs and -s: as many arguments per job as its command line has room for, as
// GNU parallel (and xargs) pack them. The inner stream hands out one combination of the
// input sources per job; this one joins them into jobs whose command line stays shorter
// than `max_chars`, renumbering the jobs. With `spread_over` slots (-m and -X, not
// --xargs), the first job that reaches the end of the input is cut so that its arguments
// are shared among that many jobs (GNU: "distribute the arguments evenly among the jobs"),
// and no later job gets more arguments than it does.
//
// The length of a command line comes from `length` (the command builder's expansion), but
// is asked twice per combination only: it grows linearly with the arguments (each
// combination adds its values, once per replacement string, and a separator), so one
// combination costs length(c c) - length(c).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <prun/jobspec/job_stream.hpp>

namespace prun {

struct LinePacking {
    std::size_t max_chars = 0; // a command line must be shorter than this
    std::size_t max_per_job = std::numeric_limits<std::size_t>::max(); // -n/-N with -m
    std::size_t spread_over = 0; // job slots to spread the input's tail over (0, 1: none)
    // The length of the command line of a job with these arguments.
    std::function<std::size_t(std::span<const std::string> args, std::uint64_t seq)> length;
    bool exit_if_exceeded = false; // -x: fewer than max_per_job arguments is an error too
};

class PackedStream : public JobStream {
public:
    // `combinations` must hand out one combination of the sources per job, and outlive
    // this. An argument too long for any command line (with exit_if_exceeded, a job that
    // cannot hold its max_per_job arguments) ends the stream: `on_error` hears why
    // (jobs already running finish; the caller exits 255 because error() is set), as GNU
    // parallel stops there.
    using ErrorHandler = std::function<void(const std::string&)>;
    PackedStream(JobStream& combinations, LinePacking packing, ErrorHandler on_error)
        : m_inner(combinations), m_packing(std::move(packing)), m_on_error(std::move(on_error)) {}
    const std::string& error() const { return m_error; }

    Status next(Job& job) override;
    int pending_fd() const override { return m_inner.pending_fd(); }
    void on_readable() override { m_inner.on_readable(); }
    bool exhausted() const override { return m_done; }
    std::uint64_t count() const override { return m_seq; }

private:
    using Combination = std::vector<std::string>;
    Status take(Combination& combination); // from m_back first, then the inner stream
    bool fits(const Combination& combination);
    void spread();

    JobStream& m_inner;
    LinePacking m_packing;
    ErrorHandler m_on_error;
    std::string m_error;
    std::deque<Combination> m_back; // taken from the inner stream, not yet in a job
    std::vector<Combination> m_job; // the job being filled
    std::size_t m_length = 0;       // its command line's length
    bool m_input_ended = false;
    bool m_spread = false;
    bool m_done = false;
    std::uint64_t m_seq = 0;
};

} // namespace prun
