#include <cerrno>
#include <chrono>
#include <climits>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <prun/util/clock.hpp>
#include <prun/util/error.hpp>
#include <prun/worker/worker_runner.hpp>

namespace prun::worker {

namespace {
// The channel's token: far above any job's sequence number.
constexpr std::uint64_t k_local_worker_token = ~std::uint64_t{0};
constexpr auto k_worker_close_grace = std::chrono::seconds(5);
} // namespace

std::string own_executable() {
    char path[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        throw Error("cannot find prun's own binary (/proc/self/exe): {}", errno_text(errno));
    return std::string(path, static_cast<std::size_t>(n));
}

WorkerRunner::WorkerRunner(const SpawnContext& context, const std::vector<std::string>& worker_argv)
    : RoutingRunner(context, true), m_channel(m_local, k_local_worker_token) {
    int err = 0;
    if (!m_channel.open(worker_argv, err))
        throw Error("cannot start the worker '{}': {}", worker_argv.front(), errno_text(err));
    spdlog::debug("worker started (pid {})", m_channel.pid());
}

WorkerRunner::~WorkerRunner() {
    m_channel.close();
    MonoTime deadline = MonoClock::now() + k_worker_close_grace;
    while (m_channel.pid() > 0 && MonoClock::now() < deadline) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - MonoClock::now());
        m_local.processes().wait(static_cast<int>(left.count()), -1, *this);
    }
}

pid_t WorkerRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    return m_channel.start(seq, slot, spec, err);
}

void WorkerRunner::on_output(std::uint64_t token, Stream stream, std::string_view data) {
    if (token != k_local_worker_token) return;
    m_channel.on_process_output(stream, data, m_observer, std::string());
}

void WorkerRunner::on_exit(std::uint64_t token, const ProcessExit& exit) {
    if (token != k_local_worker_token) return;
    if (!m_channel.stderr_tail().empty() || exit.status != ExitStatus::exited_with(0))
        spdlog::warn("the worker {}: {}", exit.status.describe(), m_channel.stderr_tail());
    m_channel.on_process_exit(m_observer, std::string());
}

} // namespace prun::worker
