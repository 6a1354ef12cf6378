#pragma once
// Two JobStreams that hold their jobs in memory:
//
// - ShuffledStream (--shuf): reads every job of another stream, then hands them out in a
//   random order, numbered 1, 2, ... in that order (as GNU parallel numbers them).
// - failed_jobs_of_joblog (--retry-failed): the jobs an earlier run's --joblog says failed
//   (on every line it has for them), each with its sequence number and its Command column
//   as its shell code; the command line's command and inputs are not used (GNU parallel).

#include <cstdint>
#include <string>
#include <vector>

#include <prun/jobspec/job_stream.hpp>

namespace prun {

// Jobs handed out in the order given, keeping their sequence numbers.
class JobList : public JobStream {
public:
    explicit JobList(std::vector<Job> jobs) : m_jobs(std::move(jobs)) {}
    Status next(Job& job) override;
    bool exhausted() const override { return m_next == m_jobs.size(); }
    std::uint64_t count() const override { return m_next; }
    std::optional<std::uint64_t> total() const override { return m_jobs.size(); }

private:
    std::vector<Job> m_jobs;
    std::size_t m_next = 0;
};

class ShuffledStream : public JobStream {
public:
    explicit ShuffledStream(JobStream& inner) : m_inner(inner) {}
    Status next(Job& job) override;
    int pending_fd() const override { return m_inner.pending_fd(); }
    void on_readable() override { m_inner.on_readable(); }
    bool exhausted() const override { return m_read && m_next == m_jobs.size(); }
    std::uint64_t count() const override { return m_next; }
    std::optional<std::uint64_t> total() const override {
        return m_read ? std::optional<std::uint64_t>(m_jobs.size()) : std::nullopt;
    }

private:
    JobStream& m_inner;
    std::vector<Job> m_jobs;
    bool m_read = false;
    std::size_t m_next = 0;
};

// Throws Error if the log cannot be read or a line is not a joblog line.
std::vector<Job> failed_jobs_of_joblog(const std::string& path);

} // namespace prun
