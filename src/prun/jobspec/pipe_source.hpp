#pragma once
// --pipe as a JobStream: one job per block of stdin, numbered in input order ({#}), the
// block carried on the Job (shared, so a retry is fed the same bytes without a copy).
//
// Backpressure comes from the scheduler asking for a job only when a slot is free: while
// every slot is busy, prefetch_fd() lets the reader finish one more block and then
// stops, so no more than about one block per slot plus one are ever held.

#include <cstdint>

#include <prun/jobspec/block_reader.hpp>
#include <prun/jobspec/job_stream.hpp>

namespace prun {

class PipeSource : public JobStream {
public:
    // With `max_jobs` > 0, hands out at most that many jobs and is then exhausted, and
    // never reads ahead (--round-robin: the input that is not needed to start a job goes
    // to the jobs already running).
    explicit PipeSource(BlockReader& reader, std::uint64_t max_jobs = 0);

    Status next(Job& job) override;
    int pending_fd() const override;
    int prefetch_fd() const override;
    void on_readable() override { m_reader.fill(); }
    std::optional<MonoTime> wake_at() const override {
        return m_done ? std::nullopt : m_reader.deadline();
    }
    std::uint64_t count() const override { return m_seq; }
    bool exhausted() const override { return m_done; }

private:
    BlockReader& m_reader;
    std::uint64_t m_max_jobs;
    std::uint64_t m_seq = 0;
    bool m_done = false;
};

} // namespace prun
