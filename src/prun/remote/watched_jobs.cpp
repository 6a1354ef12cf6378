#include <csignal>
#include <random>

#include <fmt/format.h>

#include <prun/remote/watched_jobs.hpp>

namespace prun::remote {

namespace {
std::string random_nonce() {
    std::random_device device;
    std::uint64_t value = (std::uint64_t{device()} << 32) ^ device();
    return fmt::format("{:016x}", value);
}
} // namespace

WatchedJobs::WatchedJobs(LocalRunner& local) : m_local(local), m_nonce(random_nonce()) {}

pid_t WatchedJobs::start(std::uint64_t seq, unsigned slot, const std::vector<std::string>& argv,
                         std::size_t tag, int& err) {
    pid_t pid = m_local.start_argv(seq, slot, argv, true, err);
    if (pid < 0) return pid;
    m_jobs.emplace(seq, Job{tag, pid, StatusTrailer(m_nonce), 0});
    m_pids.emplace(pid, seq);
    return pid;
}

void WatchedJobs::forward(std::uint64_t seq, Job& job, int signal) {
    ProcessSet& processes = m_local.processes();
    if (signal == SIGKILL) {
        // No waiting on the far side: kill the local side now. The remote watcher then
        // reads KILL, or the end of its pipe when the session closes; either kills the job.
        // The local side goes first: killed by the KILL line, it could exit 255 before our
        // SIGKILL and pass for a lost connection.
        ::kill(-job.pid, SIGKILL);
        job.killed = true;
        processes.write_stdin(seq, "KILL\n");
        return;
    }
    const char* word = watcher_signal_word(signal);
    if (word == nullptr) word = "TERM";
    job.forwarded_signal = signal;
    processes.write_stdin(seq, std::string(word) + "\n");
}

bool WatchedJobs::signal(pid_t pid, int signal) {
    auto it = m_pids.find(pid);
    if (it == m_pids.end()) return false;
    forward(it->second, m_jobs.at(it->second), signal);
    return true;
}

void WatchedJobs::signal_all(int signal) {
    for (auto& [seq, job] : m_jobs)
        forward(seq, job, signal);
}

bool WatchedJobs::on_output(std::uint64_t token, Stream stream, std::string_view data,
                            ProcessObserver* observer) {
    auto it = m_jobs.find(token);
    if (it == m_jobs.end()) return false;
    if (observer == nullptr) return true;
    if (stream == Stream::out) {
        observer->on_output(token, stream, data);
        return true;
    }
    m_scratch.clear();
    it->second.trailer.feed(data, m_scratch);
    if (!m_scratch.empty()) observer->on_output(token, stream, m_scratch);
    return true;
}

std::optional<WatchedJobs::Ended> WatchedJobs::on_exit(std::uint64_t token, const ProcessExit& exit,
                                                       ProcessObserver* observer) {
    auto it = m_jobs.find(token);
    if (it == m_jobs.end()) return std::nullopt;
    Job job = std::move(it->second);
    m_jobs.erase(it);
    m_pids.erase(job.pid);
    m_scratch.clear();
    job.trailer.finish(m_scratch);
    if (observer != nullptr && !m_scratch.empty())
        observer->on_output(token, Stream::err, m_scratch);
    RemoteOutcome outcome = remote_outcome(exit.status, job.trailer.code(), job.forwarded_signal);
    if (job.killed && !job.trailer.code()) outcome = {ExitStatus::killed_by(SIGKILL), false};
    return Ended{job.tag, outcome, job.trailer.node()};
}

} // namespace prun::remote
