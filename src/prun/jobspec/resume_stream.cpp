#include <prun/jobspec/resume_stream.hpp>

namespace prun {

JobStream::Status ResumeStream::next(Job& job) {
    while (true) {
        Status status = m_inner.next(job);
        if (status != Status::ready) return status;
        using Outcome = JoblogHistory::Outcome;
        Outcome outcome =
            job.identity != 0 ? m_done.by_identity(job.identity) : m_done.by_seq(job.seq);
        if (outcome == Outcome::absent) return status;
        if (m_mode == Mode::resume_failed && outcome == Outcome::failed) return status;
        ++m_left_out;
        bool succeeded = outcome == Outcome::succeeded;
        m_inner.on_job_done({job.seq, succeeded, job.name,
                             succeeded ? "" : "failed in the run the --joblog records"});
    }
}

} // namespace prun
