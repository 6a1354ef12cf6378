#pragma once
// A JobStream whose total is the number the user stated (--total-jobs N), as GNU parallel's
// total_jobs() is then: {##}, --halt's N% and the progress line use it from the first job,
// without reading the input ahead to count it. Everything else is the inner stream's.

#include <cstdint>
#include <optional>

#include <prun/jobspec/job_stream.hpp>

namespace prun {

class StatedTotalStream final : public JobStream {
public:
    StatedTotalStream(JobStream& inner, std::uint64_t total) : m_inner(inner), m_total(total) {}

    Status next(Job& job) override { return m_inner.next(job); }
    int pending_fd() const override { return m_inner.pending_fd(); }
    int prefetch_fd() const override { return m_inner.prefetch_fd(); }
    void on_readable() override { m_inner.on_readable(); }
    std::optional<MonoTime> wake_at() const override { return m_inner.wake_at(); }
    void on_job_done(const JobEnd& end) override { m_inner.on_job_done(end); }
    bool exhausted() const override { return m_inner.exhausted(); }
    std::uint64_t count() const override { return m_inner.count(); }
    std::optional<std::uint64_t> total() const override { return m_total; }

private:
    JobStream& m_inner;
    std::uint64_t m_total;
};

} // namespace prun
