#pragma once
// The base of runners built on a LocalRunner whose processes are not (only) the jobs
// themselves: the remote runners (ssh sessions, srun steps, workers' channels) and the
// worker runner. They run every process of theirs in the one LocalRunner, hear its events
// (as its ProcessObserver), and pass on to the scheduler's observer what concerns jobs.
// What they share is here once: the wait, the signals and input readiness passed through,
// and no --pipe stdin (a remote job's stdin carries its watcher's signals, a worker's jobs
// read /dev/null; the command line refuses --pipe with them).

#include <memory>
#include <string>

#include <prun/runner/local_runner.hpp>
#include <prun/runner/runner.hpp>

namespace prun {

class RoutingRunner : public Runner, protected ProcessObserver {
public:
    // Waits on the LocalRunner's ProcessSet, with `observer` as m_observer meanwhile.
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override {
        m_observer = &observer;
        m_local.processes().wait(timeout_ms, input_fd, *this);
        m_observer = nullptr;
    }
    bool captures_output() const override { return m_local.captures_output(); }
    void watch_reader_gone(int fd) override { m_local.watch_reader_gone(fd); }
    bool write_stdin(std::uint64_t, std::shared_ptr<const std::string>) override { return false; }
    void close_stdin(std::uint64_t) override {}

protected:
    RoutingRunner(const SpawnContext& context, bool capture) : m_local(context, capture) {}

    void on_signal(int signal) override {
        if (m_observer != nullptr) m_observer->on_signal(signal);
    }
    void on_input_ready() override {
        if (m_observer != nullptr) m_observer->on_input_ready();
    }

    LocalRunner m_local;                   // every local process of the runner's
    ProcessObserver* m_observer = nullptr; // the scheduler's, during wait()
};

} // namespace prun
