#pragma once
// A JobStream that reads every job of another before it hands out the first, so that the
// number of jobs is known from the start: GNU parallel does the same for total_jobs() and
// {##}, which a template may use in its first job. The jobs are held in memory.

#include <deque>

#include <prun/jobspec/job_stream.hpp>

namespace prun {

class CountedStream final : public JobStream {
public:
    explicit CountedStream(JobStream& inner) : m_inner(inner) {}

    Status next(Job& job) override;
    // Reads every job of the inner stream now, unless it must wait for input first;
    // true once all are read (total() is then known).
    bool read_all();
    int pending_fd() const override { return m_inner.pending_fd(); }
    int prefetch_fd() const override { return m_inner.prefetch_fd(); }
    void on_readable() override { m_inner.on_readable(); }
    std::optional<MonoTime> wake_at() const override { return m_inner.wake_at(); }
    void on_job_done(const JobEnd& end) override { m_inner.on_job_done(end); }
    bool exhausted() const override { return m_inner_done && m_held.empty(); }
    std::uint64_t count() const override { return m_count; }
    std::optional<std::uint64_t> total() const override {
        return m_inner_done ? std::optional<std::uint64_t>(m_inner.count()) : std::nullopt;
    }

private:
    struct Held {
        Job job;
        Status status;
    };
    JobStream& m_inner;
    std::deque<Held> m_held;
    bool m_inner_done = false;
    std::uint64_t m_count = 0;
};

} // namespace prun
