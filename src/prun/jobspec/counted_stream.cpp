#include <prun/jobspec/counted_stream.hpp>

namespace prun {

bool CountedStream::read_all() {
    while (!m_inner_done) {
        Job read;
        Status status = m_inner.next(read);
        if (status == Status::pending) return false;
        if (status == Status::done) {
            m_inner_done = true;
            break;
        }
        m_held.push_back({std::move(read), status});
    }
    return true;
}

JobStream::Status CountedStream::next(Job& job) {
    if (!read_all()) return Status::pending;
    if (m_held.empty()) return Status::done;
    job = std::move(m_held.front().job);
    Status status = m_held.front().status;
    m_held.pop_front();
    ++m_count;
    return status;
}

} // namespace prun
