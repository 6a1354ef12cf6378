#pragma once
// --pipe --tee, --shard and --bin, as a Runner that wraps the real one. With --tee every
// job gets all of stdin; with --shard and --bin (a `router`), the -j jobs numbered 1..-j
// each get the lines the router gives it. For --tee (GNU runs
// `tee` into a FIFO per job). The jobs come from the arguments and all run at once (the
// app checks that the slots allow it); their stdin is kept open, and only once the last
// one has started is the input read, a block at a time, each block queued to every job
// whose stdin is open. The next block is read once every job has taken the last one, so
// prun holds one block however much input there is, and the slowest job sets the pace
// (as with GNU's tee). A job that closes its stdin or ends is left out from then on. At the
// end of the input every job's stdin is closed.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <prun/jobspec/block_reader.hpp>
#include <prun/jobspec/job_stream.hpp>
#include <prun/jobspec/line_key.hpp>
#include <prun/runner/runner.hpp>

namespace prun {

class TeeRunner : public ForwardingRunner, private ProcessObserver {
public:
    // `input` is the reader of stdin; `source` hands out the jobs (all are started before
    // any input is read).
    TeeRunner(Runner& inner, BlockReader& input, const JobStream& source,
              LineRouter* router = nullptr);

    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override;
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override;

private:
    // Queues what can be queued now; closes every stdin once the input has all gone out.
    void feed();
    bool feeding() const { return m_source.exhausted() && !m_scheduler_reads; }

    void on_output(std::uint64_t seq, Stream stream, std::string_view data) override {
        m_observer->on_output(seq, stream, data);
    }
    void on_exit(std::uint64_t seq, const ProcessExit& exit) override;
    void on_signal(int signal) override { m_observer->on_signal(signal); }
    void on_reader_gone(int fd) override { m_observer->on_reader_gone(fd); }
    void on_input_ready() override;
    void on_stdin_drained(std::uint64_t seq) override;

    BlockReader& m_input;
    const JobStream& m_source;
    ProcessObserver* m_observer = nullptr;    // the scheduler, during wait()
    bool m_scheduler_reads = false;           // the scheduler is waiting for input itself
    std::unordered_set<std::uint64_t> m_open; // running jobs whose stdin is open
    std::unordered_set<std::uint64_t> m_busy; // of those, the ones still taking a block
    bool m_input_ended = false;
    LineRouter* m_router;
    std::vector<std::string> m_parts; // the router's lines for each job
};

} // namespace prun
