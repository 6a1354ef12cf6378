#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <prun/remote/job_context.hpp>
#include <prun/remote/remote_runner.hpp>
#include <prun/remote/transfer.hpp>
#include <prun/util/clock.hpp>
#include <prun/util/error.hpp>

namespace prun::remote {

namespace {

// Tokens of the masters and the workers' channels in the ProcessSet; job sequence numbers
// stay far below.
constexpr std::uint64_t k_master_bit = std::uint64_t{1} << 63;
constexpr std::uint64_t k_worker_bit = std::uint64_t{1} << 62;
// How long the masters get to exit at the end before the ProcessSet SIGKILLs them.
constexpr auto k_master_close_grace = std::chrono::seconds(3);
constexpr std::size_t k_err_tail_size = 512;

// The last non-empty line of `text`, for "why did ssh fail".
std::string last_line(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    std::size_t newline = text.find_last_of('\n');
    if (newline != std::string_view::npos) text.remove_prefix(newline + 1);
    while (!text.empty() && text.back() == '\r')
        text.remove_suffix(1);
    return std::string(text);
}

} // namespace

RemoteRunner::RemoteRunner(const SpawnContext& context, bool capture, HostPool& hosts,
                           RemoteSettings settings)
    : RoutingRunner(context, capture), m_hosts(hosts), m_ssh(std::move(settings.ssh_words)),
      m_cleanup(settings.cleanup), m_file_jobs(settings.file_jobs), m_remote(m_local),
      m_workers(hosts.size()), m_verbose(settings.verbose),
      m_base_files(std::move(settings.basefiles)), m_base(hosts.size()) {
    std::string no_binary;
    if (settings.use_worker) m_binary = load_worker_binary(no_binary);
    for (std::size_t host = 0; host < m_hosts.size(); ++host) {
        const HostSpec& spec = m_hosts.spec(host);
        if (spec.is_local()) continue;
        if (!settings.use_worker)
            spdlog::debug("{}: no worker (--no-worker); one ssh session per job", spec.login);
        else if (!m_binary.bytes)
            without_worker(host, no_binary);
        else
            m_workers[host].state = HostWorker::State::starting;
        if (!m_dir) m_dir.emplace();
        // A worker's host needs one connection, for the worker's session: a second
        // handshake per 10 slots would only slow the start (and load sshd's MaxStartups).
        if (m_workers[host].state == HostWorker::State::starting && !m_file_jobs)
            start_master(host);
        else
            start_session_masters(host);
        m_workers[host].open_masters = false;
    }
}

RemoteRunner::~RemoteRunner() {
    // Normally no job is left; the masters have nothing to wait for and exit at SIGTERM
    // (removing their sockets). Reaped here so that none outlives prun.
    m_closing = true;
    if (m_cleanup) remove_base_files();
    // The workers first: at the end of their stdin they exit (an install under way removes
    // its partial copy), then their sessions end, before the masters go.
    MonoTime deadline = MonoClock::now() + k_master_close_grace;
    bool workers = false;
    for (HostWorker& worker : m_workers) {
        if (!worker.channel || worker.channel->pid() <= 0) continue;
        worker.channel->close();
        workers = true;
    }
    while (workers && MonoClock::now() < deadline) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - MonoClock::now());
        m_local.processes().wait(static_cast<int>(left.count()), -1, *this);
        workers = std::any_of(m_workers.begin(), m_workers.end(), [](const HostWorker& worker) {
            return worker.channel && worker.channel->pid() > 0;
        });
    }
    bool any = false;
    for (Master& master : m_masters) {
        if (master.pid <= 0) continue;
        ::kill(master.pid, SIGTERM);
        any = true;
    }
    deadline = MonoClock::now() + k_master_close_grace;
    while (any && MonoClock::now() < deadline) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - MonoClock::now());
        m_local.processes().wait(static_cast<int>(left.count()), -1, *this);
        any = false;
        for (const Master& master : m_masters)
            any = any || master.pid > 0;
    }
}

void RemoteRunner::start_master(std::size_t host) {
    std::size_t index = m_masters.size();
    Master& master = m_masters.emplace_back();
    master.host = host;
    master.control_path = m_dir->socket_for(index);
    auto argv = m_ssh.master(m_hosts.spec(host).login, master.control_path);
    int err = 0;
    master.pid = m_local.start_argv(k_master_bit | index, 0, argv, false, err);
    if (master.pid < 0)
        throw Error("cannot run ssh command '{}': {}", m_ssh.words().front(), errno_text(err));
    spdlog::debug("connecting to {} (master pid {})", m_hosts.spec(host).login, master.pid);
}

void RemoteRunner::start_session_masters(std::size_t host) {
    // A worker's channel is one more session (its file runs' steps are sessions too).
    unsigned sessions =
        m_hosts.spec(host).slots + (m_workers[host].state != HostWorker::State::off ? 1 : 0);
    unsigned wanted = std::min(k_max_masters_per_host,
                               (sessions + k_sessions_per_master - 1) / k_sessions_per_master);
    unsigned running = 0;
    for (const Master& master : m_masters)
        if (master.host == host && master.pid > 0) ++running;
    for (; running < wanted; ++running)
        start_master(host);
}

void RemoteRunner::update_host(std::size_t host) {
    unsigned ready = 0;
    for (const Master& master : m_masters)
        if (master.host == host && master.ready && master.pid > 0) ++ready;
    HostWorker::State worker = m_workers[host].state;
    if (worker == HostWorker::State::starting) return; // up when the worker greets, or fails
    if (!base_files_sent(host)) return;                // up when they are there
    // A worker's channel is one session, whatever the slots.
    m_hosts.limit_slots(host, worker == HostWorker::State::ready ? m_hosts.spec(host).slots
                                                                 : ready * k_sessions_per_master);
    if (ready > 0) m_hosts.mark_up(host);
}

std::size_t RemoteRunner::pick_master(std::size_t host) const {
    // The pool gives a host no more slots than its ready masters carry, so one has room.
    std::size_t best = m_masters.size();
    for (std::size_t i = 0; i < m_masters.size(); ++i) {
        const Master& master = m_masters[i];
        if (master.host != host || !master.ready || master.pid <= 0) continue;
        if (best == m_masters.size() || master.sessions < m_masters[best].sessions) best = i;
    }
    return best;
}

std::vector<std::string> RemoteRunner::job_argv(std::uint64_t seq, unsigned slot,
                                                const LaunchSpec& spec, const Master& master) {
    auto session = m_ssh.session(
        m_hosts.spec(*spec.host).login, master.control_path,
        remote_job_command(m_remote.nonce(), seq, slot, spec.shell, code_with_job_context(spec)));
    if (spec.transfer_files.empty() && spec.return_files.empty()) return session;
    FileJob files = file_job(spec, master);
    files.session_argv = std::move(session);
    return {"/bin/sh", "-c", transfer_driver_script(m_ssh, files)};
}

FileJob RemoteRunner::file_job(const LaunchSpec& spec, const Master& master) {
    if (m_scp_program.empty()) m_scp_program = m_dir->write_ssh_program(m_ssh.words());
    FileJob files;
    files.login = m_hosts.spec(*spec.host).login;
    files.control_path = master.control_path;
    files.scp_program = m_scp_program;
    files.sends = spec.transfer_files;
    files.returns = spec.return_files;
    files.cleanup = m_cleanup;
    return files;
}

pid_t RemoteRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    if (!spec.host || m_hosts.spec(*spec.host).is_local()) {
        pid_t pid = m_local.start(seq, slot, spec, err);
        if (pid > 0) m_local_pids.emplace(pid, seq);
        return pid;
    }
    HostWorker& worker = m_workers[*spec.host];
    if (worker.state == HostWorker::State::ready &&
        !(spec.transfer_files.empty() && spec.return_files.empty()))
        return start_file_run(seq, slot, spec, err);
    if (worker.state == HostWorker::State::ready) {
        pid_t id = worker.channel->start(seq, slot, spec_for_worker(spec), err);
        if (id > 0)
            spdlog::debug("job {} runs on {}'s worker", seq, m_hosts.spec(*spec.host).login);
        return id;
    }
    std::size_t master = pick_master(*spec.host);
    if (master == m_masters.size()) {
        err = EAGAIN; // cannot happen: the pool gave a slot on a host with no ready master
        return -1;
    }
    pid_t pid =
        m_remote.start(seq, slot, job_argv(seq, slot, spec, m_masters[master]), master, err);
    if (pid < 0) return pid;
    ++m_masters[master].sessions;
    spdlog::debug("job {} runs on {} (local pid {})", seq, m_hosts.spec(*spec.host).login, pid);
    return pid;
}

void RemoteRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    RoutingRunner::wait(timeout_ms, input_fd, observer);
    start_fetches(observer);
    // (Started here for the same reason as the workers below.)
    for (std::size_t host = 0; host < m_base.size(); ++host)
        if (m_base[host].state == HostBase::State::pending) start_base_files(host);
    for (std::size_t host = 0; host < m_workers.size(); ++host) {
        HostWorker& worker = m_workers[host];
        if (worker.pending == 0) continue;
        std::size_t master = worker.pending - 1;
        worker.pending = 0;
        if (m_hosts.state(host) == HostPool::State::down) continue;
        if (m_masters[master].pid > 0) {
            start_worker(host, master);
        } else {
            without_worker(host, "its connection ended");
            update_host(host);
        }
    }
    // Hosts whose worker could not start: their jobs are sessions now, which need masters.
    // Started here, between waits, for the same reason as the workers.
    for (std::size_t host = 0; host < m_workers.size(); ++host) {
        if (!m_workers[host].open_masters) continue;
        m_workers[host].open_masters = false;
        if (!m_closing && m_hosts.state(host) != HostPool::State::down) start_session_masters(host);
    }
}

void RemoteRunner::signal_all(int signal) {
    for (const auto& [pid, seq] : m_local_pids)
        ::kill(-pid, signal);
    for (HostWorker& worker : m_workers)
        if (worker.channel) worker.channel->signal_all(signal);
    for (auto& [seq, run] : m_file_runs)
        if (run.phase != FileRun::Phase::running) m_local.signal_job(run.step, signal);
    m_remote.signal_all(signal);
}

void RemoteRunner::signal_job(pid_t pid, int signal) {
    if (FileRun* run = file_run_by_id(pid)) {
        if (run->phase != FileRun::Phase::running)
            m_local.signal_job(run->step, signal);
        else if (m_workers[run->host].channel)
            m_workers[run->host].channel->signal(run->job, signal);
        return;
    }
    for (HostWorker& worker : m_workers)
        if (worker.channel && worker.channel->signal(pid, signal)) return;
    if (m_remote.signal(pid, signal)) return;
    // A job of ours on ":", possibly just reported ended (its group may outlive it).
    if (m_local_pids.contains(pid)) m_local.signal_job(pid, signal);
}

void RemoteRunner::take_host_down(std::size_t host, std::string_view reason) {
    m_hosts.mark_down(host, reason);
    // Its running jobs then lose their sessions and are run elsewhere.
    for (const Master& master : m_masters)
        if (master.host == host && master.pid > 0) ::kill(master.pid, SIGTERM);
}

void RemoteRunner::on_master_output(std::size_t index, Stream stream, std::string_view data) {
    Master& master = m_masters[index];
    if (stream == Stream::err) {
        master.err_tail.append(data);
        if (master.err_tail.size() > k_err_tail_size)
            master.err_tail.erase(0, master.err_tail.size() - k_err_tail_size);
        return;
    }
    if (master.ready) return;
    master.out.append(data);
    if (master.out.find(SshCommand::k_ready_line) != std::string::npos) {
        master.out.clear();
        master.ready = true;
        HostWorker& worker = m_workers[master.host];
        // Started after this wake-up, not here: a new process in the ProcessSet, while it
        // reads this master's pipe, would move the entry it reads from.
        if (worker.state == HostWorker::State::starting && !worker.channel && !worker.pending)
            worker.pending = index + 1;
        HostBase& base = m_base[master.host];
        if (!m_base_files.empty() && base.state == HostBase::State::none) {
            base.state = HostBase::State::pending;
            base.master = index;
        }
        update_host(master.host);
    }
}

void RemoteRunner::on_master_exit(std::size_t index, const ProcessExit& exit) {
    Master& master = m_masters[index];
    master.pid = -1;
    if (m_closing || m_hosts.state(master.host) == HostPool::State::down) return;
    bool others = false;
    for (const Master& other : m_masters)
        others = others || (other.host == master.host && other.pid > 0);
    if (others && master.sessions == 0) {
        // One of several connections failed (at the start, sshd's MaxStartups may drop
        // some): the host goes on with fewer slots.
        spdlog::debug("a connection to {} ended: {}", m_hosts.spec(master.host).login,
                      last_line(master.err_tail));
        update_host(master.host);
        return;
    }
    std::string reason = last_line(master.err_tail);
    if (reason.empty()) reason = "ssh " + exit.status.describe();
    take_host_down(master.host, reason);
}

void RemoteRunner::on_output(std::uint64_t token, Stream stream, std::string_view data) {
    if ((token & (k_master_bit | k_worker_bit | k_base_bit)) == k_base_bit) {
        on_base_output(token & ~k_base_bit, stream, data);
        return;
    }
    if ((token & k_worker_bit) != 0 && (token & k_master_bit) == 0) {
        on_worker_output(token & ~k_worker_bit, stream, data);
        return;
    }
    if ((token & k_master_bit) != 0) {
        on_master_output(token & ~k_master_bit, stream, data);
        return;
    }
    // (A file run's local step passes its output on as the job's, as a session does.)
    if (m_remote.on_output(token, stream, data, m_observer)) return;
    if (m_observer != nullptr) m_observer->on_output(token, stream, data);
}

void RemoteRunner::on_exit(std::uint64_t token, const ProcessExit& exit) {
    if ((token & (k_master_bit | k_worker_bit | k_base_bit)) == k_base_bit) {
        on_base_exit(token & ~k_base_bit, exit);
        return;
    }
    if ((token & k_worker_bit) != 0 && (token & k_master_bit) == 0) {
        on_worker_exit(token & ~k_worker_bit, exit);
        return;
    }
    if ((token & k_master_bit) != 0) {
        on_master_exit(token & ~k_master_bit, exit);
        return;
    }
    if (auto run = m_file_runs.find(token);
        run != m_file_runs.end() && run->second.phase != FileRun::Phase::running) {
        on_file_step_exit(token, run->second, exit);
        return;
    }
    auto ended = m_remote.on_exit(token, exit, m_observer);
    if (!ended) {
        // A ":" job. Forgotten only after the observer heard of it, which may still
        // signal what is left of its process group.
        if (m_observer != nullptr) m_observer->on_exit(token, exit);
        for (auto pid_it = m_local_pids.begin(); pid_it != m_local_pids.end(); ++pid_it) {
            if (pid_it->second == token) {
                m_local_pids.erase(pid_it);
                break;
            }
        }
        return;
    }
    Master& master = m_masters[ended->tag];
    --master.sessions;
    const RemoteOutcome& outcome = ended->outcome;
    if (outcome.lost)
        spdlog::debug("job {} lost its connection to {} ({})", token,
                      m_hosts.spec(master.host).login, exit.status.describe());
    if (m_hosts.note_job_end(master.host, outcome.lost) &&
        m_hosts.state(master.host) != HostPool::State::down)
        take_host_down(master.host, fmt::format("{} jobs in a row lost their connection",
                                                HostPool::k_max_lost_in_a_row));
    ProcessExit result = exit;
    result.status = outcome.status;
    result.host_lost = outcome.lost;
    if (m_observer != nullptr) m_observer->on_exit(token, result);
}

void RemoteRunner::start_worker(std::size_t host, std::size_t master) {
    HostWorker& worker = m_workers[host];
    worker.channel = std::make_unique<worker::WorkerChannel>(m_local, k_worker_bit | host);
    worker.channel->set_binary(m_binary.bytes);
    worker.master = master;
    const std::string& login = m_hosts.spec(host).login;
    auto argv =
        m_ssh.session(login, m_masters[master].control_path, worker_bootstrap_command(m_binary));
    int err = 0;
    if (!worker.channel->open(argv, err)) {
        worker.channel.reset();
        without_worker(host, fmt::format("cannot run ssh: {}", errno_text(err)));
        return;
    }
    ++m_masters[master].sessions;
    spdlog::debug("starting a worker on {} (local pid {})", login, worker.channel->pid());
}

void RemoteRunner::without_worker(std::size_t host, std::string_view why) {
    m_workers[host].state = HostWorker::State::off;
    m_workers[host].open_masters = true;
    spdlog::debug("{}: no worker ({}); one ssh session per job", m_hosts.spec(host).login, why);
    if (m_verbose)
        ::dprintf(STDERR_FILENO, "prun: %s: no worker (%.*s); one ssh session per job\n",
                  m_hosts.spec(host).login.c_str(), static_cast<int>(why.size()), why.data());
}

void RemoteRunner::on_worker_output(std::size_t host, Stream stream, std::string_view data) {
    HostWorker& worker = m_workers[host];
    worker.channel->on_process_output(stream, data, &m_channel_observer, std::string());
    if (worker.state == HostWorker::State::starting && worker.channel->ready()) {
        worker.state = HostWorker::State::ready;
        spdlog::debug("the worker on {} is ready", m_hosts.spec(host).login);
        update_host(host);
    }
}

void RemoteRunner::on_worker_exit(std::size_t host, const ProcessExit& exit) {
    HostWorker& worker = m_workers[host];
    Master& master = m_masters[worker.master];
    if (master.sessions > 0) --master.sessions;
    bool was_ready = worker.state == HostWorker::State::ready;
    std::string why = worker.channel->refusal();
    if (why.empty()) why = last_line(worker.channel->stderr_tail());
    if (why.empty()) why = "the worker " + exit.status.describe();
    if (!was_ready && !m_closing) {
        // It never ran: the host's jobs go as sessions.
        worker.channel->on_process_exit(&m_channel_observer, std::string());
        without_worker(host, why);
        update_host(host);
        return;
    }
    worker.state = HostWorker::State::off;
    // Down first, so that the lost jobs reported next go to other hosts.
    if (!m_closing && m_hosts.state(host) != HostPool::State::down)
        take_host_down(host, fmt::format("its worker ended ({})", why));
    worker.channel->on_process_exit(&m_channel_observer, std::string());
}

} // namespace prun::remote
