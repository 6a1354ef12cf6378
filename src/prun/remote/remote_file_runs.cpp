// RemoteRunner's jobs with --transfer/--return files on a host whose worker runs them.
// Three phases under one id for the scheduler: a local step sends the files (scp over the
// host's master, transfer.hpp), the worker runs the job, a local step fetches the results
// and removes the files if asked. A job without a session of its own costs no remote login
// shell, as any worker's job; its files still cost a session each way.
#include <cerrno>
#include <csignal>

#include <spdlog/spdlog.h>

#include <prun/remote/job_context.hpp>
#include <prun/remote/remote_runner.hpp>
#include <prun/util/clock.hpp>

namespace prun::remote {

namespace {
// A run that could not go on for want of its host: the scheduler runs it elsewhere.
ProcessExit lost_run() {
    ProcessExit exit;
    exit.status = ExitStatus::killed_by(SIGKILL);
    exit.end = MonoClock::now();
    exit.host_lost = true;
    return exit;
}
} // namespace

void RemoteRunner::ChannelObserver::on_output(std::uint64_t seq, Stream stream,
                                              std::string_view data) {
    if (m_runner.m_observer != nullptr) m_runner.m_observer->on_output(seq, stream, data);
}

void RemoteRunner::ChannelObserver::on_exit(std::uint64_t seq, const ProcessExit& exit) {
    auto run = m_runner.m_file_runs.find(seq);
    if (run != m_runner.m_file_runs.end() && run->second.phase == FileRun::Phase::running)
        m_runner.on_file_job_exit(seq, run->second, exit);
    else if (m_runner.m_observer != nullptr)
        m_runner.m_observer->on_exit(seq, exit);
}

pid_t RemoteRunner::start_file_run(std::uint64_t seq, unsigned slot, const LaunchSpec& spec,
                                   int& err) {
    std::size_t master = pick_master(*spec.host);
    if (master == m_masters.size()) {
        err = EAGAIN; // cannot happen: a host with a worker has a ready master
        return -1;
    }
    FileRun run;
    run.host = *spec.host;
    run.slot = slot;
    run.id = worker::new_job_id();
    run.spec = spec_for_worker(spec);
    run.files = file_job(spec, m_masters[master]);
    FileRun& placed = m_file_runs[seq] = std::move(run);
    bool started = false;
    if (placed.files.sends.empty()) {
        // Nothing to send: straight to the worker.
        placed.phase = FileRun::Phase::running;
        placed.job = m_workers[placed.host].channel->start(seq, slot, placed.spec, err);
        placed.spec = LaunchSpec();
        started = placed.job > 0;
    } else {
        started = start_file_step(seq, placed, err);
    }
    if (!started) {
        m_file_runs.erase(seq);
        return -1;
    }
    spdlog::debug("job {} runs on {}'s worker, with its files", seq,
                  m_hosts.spec(placed.host).login);
    return placed.id;
}

bool RemoteRunner::start_file_step(std::uint64_t seq, FileRun& run, int& err) {
    run.master = pick_master(run.host);
    if (run.master == m_masters.size()) {
        err = EPIPE; // its connections are gone
        return false;
    }
    // Each step uses the master picked now (the first one's may have ended since).
    run.files.control_path = m_masters[run.master].control_path;
    std::string script = run.phase == FileRun::Phase::sending
                             ? send_files_script(m_ssh, run.files)
                             : fetch_files_script(m_ssh, run.files);
    run.step = m_local.start_argv(seq, run.slot, {"/bin/sh", "-c", script}, false, err);
    if (run.step < 0) return false;
    ++m_masters[run.master].sessions;
    return true;
}

void RemoteRunner::run_file_job(std::uint64_t seq, FileRun& run, ProcessObserver* observer) {
    run.phase = FileRun::Phase::running;
    run.step = -1;
    HostWorker& worker = m_workers[run.host];
    int err = 0;
    if (worker.state == HostWorker::State::ready)
        run.job = worker.channel->start(seq, run.slot, run.spec, err);
    if (run.job < 0) {
        end_file_run(seq, lost_run(), observer);
        return;
    }
    run.spec = LaunchSpec(); // spent: its command may be large
}

void RemoteRunner::on_file_step_exit(std::uint64_t seq, FileRun& run, const ProcessExit& exit) {
    Master& master = m_masters[run.master];
    if (master.sessions > 0) --master.sessions;
    if (run.phase == FileRun::Phase::sending) {
        // 0: the files are there. 255: the connection failed (run elsewhere). Otherwise a
        // file that cannot be read here, or a signal: the job's end.
        if (exit.status == ExitStatus::exited_with(0)) {
            // (Only a request written to the channel: no process starts here.)
            run_file_job(seq, run, m_observer);
        } else if (exit.status == ExitStatus::exited_with(255)) {
            end_file_run(seq, lost_run(), m_observer);
        } else {
            end_file_run(seq, exit, m_observer);
        }
        return;
    }
    // Fetched: the job's own end, unless it succeeded and a --return file did not come.
    ProcessExit result = run.end;
    result.end = exit.end;
    if (result.status.success() && !exit.status.success()) result.status = exit.status;
    end_file_run(seq, result, m_observer);
}

void RemoteRunner::on_file_job_exit(std::uint64_t seq, FileRun& run, const ProcessExit& exit) {
    if (exit.host_lost || fetch_files_script(m_ssh, run.files).empty()) {
        end_file_run(seq, exit, m_observer);
        return;
    }
    run.end = exit;
    run.phase = FileRun::Phase::fetching;
    // Started after this wait: a new process now would disturb the ProcessSet while it
    // reads the worker's channel.
    m_fetches.push_back(seq);
}

void RemoteRunner::start_fetches(ProcessObserver& observer) {
    auto fetches = std::move(m_fetches);
    m_fetches.clear();
    for (std::uint64_t seq : fetches) {
        auto run = m_file_runs.find(seq);
        if (run == m_file_runs.end()) continue;
        int err = 0;
        if (m_hosts.state(run->second.host) != HostPool::State::down &&
            start_file_step(seq, run->second, err))
            continue;
        // Its results cannot come back from a host that is gone: the job runs elsewhere.
        end_file_run(seq, lost_run(), &observer);
    }
}

void RemoteRunner::end_file_run(std::uint64_t seq, const ProcessExit& exit,
                                ProcessObserver* observer) {
    std::size_t host = m_file_runs.at(seq).host;
    m_file_runs.erase(seq);
    if (exit.host_lost)
        spdlog::debug("job {} lost its connection to {}", seq, m_hosts.spec(host).login);
    if (observer != nullptr) observer->on_exit(seq, exit);
}

RemoteRunner::FileRun* RemoteRunner::file_run_by_id(pid_t id) {
    if (id < k_first_job_id) return nullptr;
    for (auto& [seq, run] : m_file_runs)
        if (run.id == id) return &run;
    return nullptr;
}

} // namespace prun::remote
