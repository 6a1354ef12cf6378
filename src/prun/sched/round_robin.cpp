#include <algorithm>

#include <prun/sched/round_robin.hpp>

namespace prun {

RoundRobinRunner::RoundRobinRunner(Runner& inner, BlockReader& blocks, const JobStream& source)
    : ForwardingRunner(inner), m_blocks(blocks), m_source(source) {}

pid_t RoundRobinRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    // Only -j jobs ever start, so this copy is not on a hot path.
    LaunchSpec open = spec;
    open.stdin_open = true;
    pid_t pid = m_inner.start(seq, slot, open, err);
    if (pid > 0) m_open.insert(seq); // its first block is queued: it is idle once drained
    return pid;
}

void RoundRobinRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    m_observer = &observer;
    m_scheduler_reads = input_fd >= 0;
    deal();
    int fd = input_fd;
    if (fd < 0 && dealing() && !m_block && m_blocks.pollable() && m_blocks.wants_input())
        fd = m_blocks.fd();
    // --block-timeout: wake to deal a block cut short on time.
    std::optional<MonoTime> deadline = m_blocks.deadline();
    if (dealing() && !m_block && deadline) {
        auto ms = std::chrono::ceil<std::chrono::milliseconds>(*deadline - MonoClock::now());
        int until = static_cast<int>(std::clamp<long long>(ms.count(), 0, 60'000));
        if (timeout_ms < 0 || until < timeout_ms) timeout_ms = until;
    }
    m_inner.wait(timeout_ms, fd, *this);
}

void RoundRobinRunner::deal() {
    if (!dealing()) return; // the source is still starting jobs with the blocks
    while (true) {
        if (!m_block) {
            if (m_input_ended) break;
            BlockReader::Status status = m_blocks.next(m_block);
            if (status == BlockReader::Status::pending) break;
            if (status == BlockReader::Status::done) {
                m_input_ended = true;
                break;
            }
        }
        while (!m_idle.empty() && !m_open.contains(m_idle.front()))
            m_idle.pop_front();
        if (m_idle.empty()) break; // every job is still busy: hold the block
        std::uint64_t seq = m_idle.front();
        m_idle.pop_front();
        if (!m_inner.write_stdin(seq, m_block)) {
            m_open.erase(seq); // it closed its stdin: the block goes to another job
            continue;
        }
        m_block.reset();
    }
    if (m_input_ended) {
        for (std::uint64_t seq : m_open)
            m_inner.close_stdin(seq);
        m_open.clear();
        m_idle.clear();
    }
}

void RoundRobinRunner::on_exit(std::uint64_t seq, const ProcessExit& exit) {
    m_open.erase(seq);
    m_observer->on_exit(seq, exit);
}

void RoundRobinRunner::on_input_ready() {
    if (m_scheduler_reads) {
        m_observer->on_input_ready();
        return;
    }
    m_blocks.fill();
    deal();
}

void RoundRobinRunner::on_stdin_drained(std::uint64_t seq) {
    if (m_open.contains(seq)) {
        m_idle.push_back(seq);
        deal();
    }
    m_observer->on_stdin_drained(seq);
}

} // namespace prun
