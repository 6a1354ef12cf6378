#pragma once
// --resume and --resume-failed: another JobStream with the jobs an earlier run already did
// left out, by sequence number, as GNU parallel does. `done` maps each sequence number in
// the earlier run's joblog to whether it succeeded there. A job left out is not run and not
// reported; the stream it came from hears of its earlier outcome (so the jobs that need it
// in a job file run, or are skipped, as they would have been then).

#include <cstdint>
#include <unordered_map>

#include <prun/jobspec/job_stream.hpp>

namespace prun {

class ResumeStream : public JobStream {
public:
    enum class Mode {
        resume,       // leave out every job in the log
        resume_failed // leave out the jobs that succeeded; run the failed ones again
    };

    ResumeStream(JobStream& inner, std::unordered_map<std::uint64_t, bool> done, Mode mode)
        : m_inner(inner), m_done(std::move(done)), m_mode(mode) {}

    Status next(Job& job) override;
    int pending_fd() const override { return m_inner.pending_fd(); }
    void on_readable() override { m_inner.on_readable(); }
    void on_job_done(std::uint64_t seq, bool succeeded) override {
        m_inner.on_job_done(seq, succeeded);
    }
    bool exhausted() const override { return m_inner.exhausted(); }
    std::uint64_t count() const override { return m_inner.count() - m_left_out; }

private:
    JobStream& m_inner;
    std::unordered_map<std::uint64_t, bool> m_done;
    Mode m_mode;
    std::uint64_t m_left_out = 0;
};

} // namespace prun
