#include <prun/jobspec/pipe_source.hpp>

namespace prun {

PipeSource::PipeSource(BlockReader& reader, std::uint64_t max_jobs)
    : m_reader(reader), m_max_jobs(max_jobs) {}

JobStream::Status PipeSource::next(Job& job) {
    if (m_done) return Status::done;
    std::shared_ptr<const std::string> block;
    switch (m_reader.next(block)) {
    case BlockReader::Status::ready:
        job = Job{};
        job.seq = ++m_seq;
        job.stdin_data = std::move(block);
        // Exhausted as of the last job it may start: with every slot then busy, the
        // scheduler would not ask again, and the dealer must know it is its turn.
        if (m_max_jobs > 0 && m_seq == m_max_jobs) m_done = true;
        return Status::ready;
    case BlockReader::Status::pending:
        return Status::pending;
    case BlockReader::Status::done:
        break;
    }
    m_done = true;
    return Status::done;
}

int PipeSource::pending_fd() const {
    return m_done ? -1 : m_reader.fd();
}

int PipeSource::prefetch_fd() const {
    if (m_max_jobs > 0) return -1;
    return !m_done && m_reader.pollable() && m_reader.wants_input() ? m_reader.fd() : -1;
}

} // namespace prun
