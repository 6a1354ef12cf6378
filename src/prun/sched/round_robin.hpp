#pragma once
// --round-robin, as a Runner that wraps the real one. The PipeSource starts up to -j jobs,
// one per block as usual but with their stdin kept open. Whenever the scheduler is not
// waiting for a block to start a new job with (all -j have started, or it will start no
// more: --halt soon, fewer slots than asked for), this deals the input to the running
// jobs: each block goes to a job that has taken everything it was given
// (on_stdin_drained), and at the end of the input every job's stdin is closed, so they
// finish. The scheduler just sees long-lived jobs: no part of it knows about dealing.
//
// Backpressure: a block is read only while none is waiting to be dealt, so prun holds at
// most one block per job (queued for its stdin) plus one.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_set>

#include <prun/jobspec/block_reader.hpp>
#include <prun/jobspec/job_stream.hpp>
#include <prun/runner/runner.hpp>

namespace prun {

class RoundRobinRunner : public ForwardingRunner, private ProcessObserver {
public:
    // `blocks` is shared with `source`, which reads from it until it is exhausted.
    RoundRobinRunner(Runner& inner, BlockReader& blocks, const JobStream& source);

    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override;
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override;

private:
    // Deals what can be dealt now; closes every stdin once the input is all dealt.
    void deal();
    // The scheduler, when it waits for input, wants the next block for a new job.
    bool dealing() const { return m_source.exhausted() || !m_scheduler_reads; }

    void on_output(std::uint64_t seq, Stream stream, std::string_view data) override {
        m_observer->on_output(seq, stream, data);
    }
    void on_exit(std::uint64_t seq, const ProcessExit& exit) override;
    void on_signal(int signal) override { m_observer->on_signal(signal); }
    void on_reader_gone(int fd) override { m_observer->on_reader_gone(fd); }
    void on_input_ready() override;
    void on_stdin_drained(std::uint64_t seq) override;

    BlockReader& m_blocks;
    const JobStream& m_source;
    ProcessObserver* m_observer = nullptr;      // the scheduler, during wait()
    bool m_scheduler_reads = false;             // the scheduler is waiting for the input itself
    std::unordered_set<std::uint64_t> m_open;   // running jobs whose stdin is open
    std::deque<std::uint64_t> m_idle;           // of those, the ones that took all they got
    std::shared_ptr<const std::string> m_block; // read and not yet dealt
    bool m_input_ended = false;
};

} // namespace prun
