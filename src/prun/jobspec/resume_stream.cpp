#include <prun/jobspec/resume_stream.hpp>

namespace prun {

JobStream::Status ResumeStream::next(Job& job) {
    while (true) {
        Status status = m_inner.next(job);
        if (status != Status::ready) return status;
        // Not `using Outcome`: that would shadow report/'s prun::Outcome (-Wshadow in the
        // release build's unity files).
        using Logged = JoblogHistory::Outcome;
        Logged outcome =
            job.identity != 0 ? m_done.by_identity(job.identity) : m_done.by_seq(job.seq);
        if (outcome == Logged::absent) return status;
        if (m_mode == Mode::resume_failed && outcome == Logged::failed) return status;
        ++m_left_out;
        bool succeeded = outcome == Logged::succeeded;
        m_inner.on_job_done({job.seq, succeeded, job.name,
                             succeeded ? "" : "failed in the run the --joblog records"});
    }
}

} // namespace prun
