#include <csignal>

#include <spdlog/spdlog.h>

#include <prun/runner/runner.hpp>
#include <prun/util/clock.hpp>
#include <prun/worker/protocol.hpp>
#include <prun/worker/worker_channel.hpp>

namespace prun::worker {

namespace {

constexpr std::size_t k_channel_err_tail = 1024;

} // namespace

pid_t new_job_id() {
    static pid_t next = k_first_job_id;
    return next++;
}

WorkerChannel::WorkerChannel(LocalRunner& local, std::uint64_t token)
    : m_local(local), m_token(token) {}

bool WorkerChannel::open(const std::vector<std::string>& argv, int& err) {
    m_pid = m_local.start_argv(m_token, 0, argv, true, err);
    return m_pid > 0;
}

pid_t WorkerChannel::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    if (!usable()) {
        err = EPIPE;
        return -1;
    }
    RunRequest request;
    request.seq = seq;
    request.slot = slot;
    request.shell = spec.shell;
    request.shell_code = shell_code_to_run(spec); // with $PARALLEL_ENV's prelude
    request.argv = spec.argv;
    request.env = spec.env;
    request.cwd = spec.cwd;
    if (!m_local.processes().write_stdin(m_token, encode(request))) {
        err = EPIPE;
        return -1;
    }
    pid_t id = new_job_id();
    m_jobs[seq] = id;
    m_ids[id] = seq;
    return id;
}

bool WorkerChannel::signal(pid_t id, int signal) {
    auto it = m_ids.find(id);
    if (it == m_ids.end()) return false;
    if (usable())
        m_local.processes().write_stdin(
            m_token, encode(SignalRequest{it->second, static_cast<std::int32_t>(signal)}));
    return true;
}

void WorkerChannel::signal_all(int signal) {
    for (const auto& [seq, id] : m_jobs)
        this->signal(id, signal);
}

void WorkerChannel::close() {
    if (m_pid > 0) m_local.processes().close_stdin(m_token);
}

void WorkerChannel::kill() {
    if (m_pid > 0) ::kill(-m_pid, SIGKILL);
}

void WorkerChannel::broken(std::string_view why) {
    if (m_broken) return;
    spdlog::debug("worker channel (pid {}) broken: {}", m_pid, why);
    m_broken = true;
    kill();
}

void WorkerChannel::on_process_output(Stream stream, std::string_view data,
                                      ProcessObserver* observer, const std::string& host) {
    if (stream == Stream::err) {
        m_err_tail.append(data);
        if (m_err_tail.size() > k_channel_err_tail)
            m_err_tail.erase(0, m_err_tail.size() - k_channel_err_tail);
        return;
    }
    if (m_broken) return;
    if (!m_greeted) {
        // Until the marker, whole lines: a remote login shell's noise (skipped), or the
        // bootstrap's requests (protocol.hpp). Lines are short; a stream without one is not
        // a worker.
        m_preamble.append(data);
        std::size_t newline;
        while (!m_greeted && (newline = m_preamble.find('\n')) != std::string::npos) {
            std::string_view line = std::string_view(m_preamble).substr(0, newline + 1);
            if (line == k_stream_marker) {
                m_greeted = true;
            } else if (line == k_send_binary_line) {
                if (m_binary) m_local.processes().write_stdin(m_token, m_binary);
            } else if (line.starts_with(k_no_worker_prefix)) {
                m_refusal = line.substr(k_no_worker_prefix.size());
                m_refusal.pop_back();
            }
            m_preamble.erase(0, newline + 1);
        }
        if (!m_greeted) {
            if (m_preamble.size() > k_channel_err_tail) broken("no worker greeting");
            return;
        }
        m_decoder.feed(m_preamble);
        m_preamble.clear();
        m_preamble.shrink_to_fit();
    } else {
        m_decoder.feed(data);
    }
    handle_events(observer, host);
}

void WorkerChannel::handle_events(ProcessObserver* observer, const std::string& host) {
    while (auto frame = m_decoder.next()) {
        auto event = decode_event(*frame);
        if (!event) {
            broken("an event that does not decode");
            return;
        }
        if (auto* hello = std::get_if<HelloEvent>(&*event)) {
            if (hello->version != k_protocol_version) {
                broken("a worker of another protocol version");
                return;
            }
            m_ready = true;
            continue;
        }
        if (!m_ready) {
            broken("events before the greeting");
            return;
        }
        if (auto* output = std::get_if<OutputEvent>(&*event)) {
            if (observer != nullptr && m_jobs.contains(output->seq))
                observer->on_output(output->seq, output->stream, output->data);
            continue;
        }
        const auto& ended = std::get<ExitEvent>(*event);
        auto it = m_jobs.find(ended.seq);
        if (it == m_jobs.end()) continue;
        m_ids.erase(it->second);
        m_jobs.erase(it);
        ProcessExit exit;
        exit.status = ended.status;
        exit.usage = ended.usage;
        exit.end = MonoClock::now();
        exit.host = host;
        exit.pid = ended.pid;
        if (observer != nullptr) observer->on_exit(ended.seq, exit);
    }
    if (m_decoder.failed()) broken("a frame longer than any event");
}

void WorkerChannel::on_process_exit(ProcessObserver* observer, const std::string& host) {
    m_pid = -1;
    m_broken = true;
    // Reported in a copy: the observer may start (elsewhere) or signal jobs meanwhile.
    auto lost = std::move(m_jobs);
    m_jobs.clear();
    m_ids.clear();
    for (const auto& [seq, id] : lost) {
        ProcessExit exit;
        exit.status = ExitStatus::killed_by(SIGKILL);
        exit.end = MonoClock::now();
        exit.host_lost = true;
        exit.host = host;
        if (observer != nullptr) observer->on_exit(seq, exit);
    }
}

} // namespace prun::worker
