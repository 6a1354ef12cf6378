#pragma once
// A Runner whose jobs all go through one worker channel (worker_channel.hpp) to a
// `prun --worker` on this machine. The same path as a remote host's worker, without the
// host: the test suite runs the scheduler's cases through it (PRUN_TEST_LOCAL_WORKER=1,
// see app.cpp), so that output modes, timeouts, retries and --halt are known to hold over
// the channel. A worker that dies fails its running jobs (there is no other host) and every
// later start.

#include <memory>
#include <string>
#include <vector>

#include <prun/runner/routing_runner.hpp>
#include <prun/worker/worker_channel.hpp>

namespace prun::worker {

class WorkerRunner : public RoutingRunner {
public:
    // `worker_argv`: the command that runs the worker (this prun's binary, --worker).
    WorkerRunner(const SpawnContext& context, const std::vector<std::string>& worker_argv);
    // Closes the channel and waits (briefly) for the worker to exit.
    ~WorkerRunner() override;

    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override;
    void signal_all(int signal) override { m_channel.signal_all(signal); }
    void signal_job(pid_t pid, int signal) override { m_channel.signal(pid, signal); }

private:
    void on_output(std::uint64_t token, Stream stream, std::string_view data) override;
    void on_exit(std::uint64_t token, const ProcessExit& exit) override;

    WorkerChannel m_channel;
};

// The path of the running prun binary (/proc/self/exe), for starting workers; throws Error
// if it cannot be read.
std::string own_executable();

} // namespace prun::worker
