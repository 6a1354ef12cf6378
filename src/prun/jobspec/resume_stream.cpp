#include <prun/jobspec/resume_stream.hpp>

namespace prun {

JobStream::Status ResumeStream::next(Job& job) {
    while (true) {
        Status status = m_inner.next(job);
        if (status != Status::ready) return status;
        auto it = m_done.find(job.seq);
        if (it == m_done.end()) return status;
        if (m_mode == Mode::resume_failed && !it->second) return status;
        ++m_left_out;
        m_inner.on_job_done(job.seq, it->second);
    }
}

} // namespace prun
