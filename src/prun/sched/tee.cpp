#include <vector>

#include <prun/sched/tee.hpp>

namespace prun {

TeeRunner::TeeRunner(Runner& inner, BlockReader& input, const JobStream& source, LineRouter* router)
    : ForwardingRunner(inner), m_input(input), m_source(source), m_router(router) {}

pid_t TeeRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    LaunchSpec open = spec;
    open.stdin_open = true;
    pid_t pid = m_inner.start(seq, slot, open, err);
    if (pid > 0) {
        m_open.insert(seq);
        // Started after the input ended (a retry): nothing more will come.
        if (m_input_ended) {
            m_inner.close_stdin(seq);
            m_open.erase(seq);
        }
    }
    return pid;
}

void TeeRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    m_observer = &observer;
    m_scheduler_reads = input_fd >= 0;
    feed();
    int fd = input_fd;
    if (fd < 0 && feeding() && m_busy.empty() && m_input.pollable() && m_input.wants_input())
        fd = m_input.fd();
    m_inner.wait(timeout_ms, fd, *this);
}

void TeeRunner::feed() {
    if (!feeding()) return; // jobs are still starting: none may miss the first bytes
    // (With every job gone, the rest of the input is left unread.)
    while (m_busy.empty() && !m_input_ended && !m_open.empty()) {
        std::shared_ptr<const std::string> block;
        BlockReader::Status status = m_input.next(block);
        if (status == BlockReader::Status::pending) return;
        if (status == BlockReader::Status::done) {
            m_input_ended = true;
            break;
        }
        if (m_router) {
            for (auto& part : m_parts)
                part.clear();
            m_router->route(*block, m_parts);
        }
        std::vector<std::uint64_t> closed;
        for (std::uint64_t seq : m_open) {
            std::shared_ptr<const std::string> data = block;
            if (m_router) {
                // --shard, --bin: job `seq` is the router's slot seq - 1.
                std::string& part = m_parts.at(static_cast<std::size_t>(seq - 1));
                if (part.empty()) continue;
                data = std::make_shared<const std::string>(std::move(part));
                part.clear();
            }
            if (m_inner.write_stdin(seq, data))
                m_busy.insert(seq);
            else
                closed.push_back(seq); // it closed its stdin: it wants no more
        }
        for (std::uint64_t seq : closed)
            m_open.erase(seq);
    }
    if (m_input_ended) {
        for (std::uint64_t seq : m_open)
            m_inner.close_stdin(seq);
        m_open.clear();
    }
}

void TeeRunner::on_exit(std::uint64_t seq, const ProcessExit& exit) {
    m_open.erase(seq);
    m_busy.erase(seq);
    m_observer->on_exit(seq, exit);
    feed();
}

void TeeRunner::on_input_ready() {
    if (m_scheduler_reads) {
        m_observer->on_input_ready();
        return;
    }
    m_input.fill();
    feed();
}

void TeeRunner::on_stdin_drained(std::uint64_t seq) {
    m_busy.erase(seq);
    feed();
    m_observer->on_stdin_drained(seq);
}

} // namespace prun
