#pragma once
// --resume and --resume-failed: another JobStream with the jobs an earlier run already did
// left out. Jobs from the command line are matched by sequence number, as GNU parallel
// does; job-file jobs by their identity (job_identity.hpp: name and command), so a file
// edited between runs resumes the jobs it still holds, runs the new and changed ones, and
// never mistakes one job for another that took its place. A job left out is not run and
// not reported; the stream it came from hears of its earlier outcome (so the jobs that
// need it in a job file run, or are skipped, as they would have been then).

#include <cstdint>

#include <prun/jobspec/job_stream.hpp>
#include <prun/jobspec/joblog_history.hpp>

namespace prun {

class ResumeStream : public JobStream {
public:
    enum class Mode {
        resume,       // leave out every job in the log
        resume_failed // leave out the jobs that succeeded; run the failed ones again
    };

    ResumeStream(JobStream& inner, JoblogHistory done, Mode mode)
        : m_inner(inner), m_done(std::move(done)), m_mode(mode) {}

    Status next(Job& job) override;
    int pending_fd() const override { return m_inner.pending_fd(); }
    int prefetch_fd() const override { return m_inner.prefetch_fd(); }
    void on_readable() override { m_inner.on_readable(); }
    void on_job_done(const JobEnd& end) override { m_inner.on_job_done(end); }
    bool exhausted() const override { return m_inner.exhausted(); }
    std::uint64_t count() const override { return m_inner.count() - m_left_out; }

private:
    JobStream& m_inner;
    JoblogHistory m_done;
    Mode m_mode;
    std::uint64_t m_left_out = 0;
};

} // namespace prun
