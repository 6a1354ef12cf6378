// RemoteRunner's --basefile files: sent to each remote host once its first master is ready,
// before the host is up (so before its first job), by a local step like a job's --transfer
// files (transfer.hpp: readable here, their directories made there, scp over the master);
// with --cleanup removed from the hosts that got them when the runner ends.
#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <prun/remote/remote_runner.hpp>
#include <prun/util/clock.hpp>
#include <prun/util/error.hpp>

namespace prun::remote {

namespace {
// How long the removal at the end may take, for all hosts at once.
constexpr auto k_base_removal_grace = std::chrono::seconds(5);
constexpr std::size_t k_base_err_tail_size = 512;

// The last non-empty line of a step's stderr, for the reason its host is down.
std::string last_error_line(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    std::size_t newline = text.find_last_of('\n');
    if (newline != std::string_view::npos) text.remove_prefix(newline + 1);
    return std::string(text);
}
} // namespace

bool RemoteRunner::base_files_sent(std::size_t host) const {
    return m_base_files.empty() || m_base[host].state == HostBase::State::sent;
}

void RemoteRunner::start_base_files(std::size_t host) {
    HostBase& base = m_base[host];
    if (m_hosts.state(host) == HostPool::State::down) {
        base.state = HostBase::State::failed;
        return;
    }
    if (m_scp_program.empty()) m_scp_program = m_dir->write_ssh_program(m_ssh.words());
    FileJob files;
    files.login = m_hosts.spec(host).login;
    files.control_path = m_masters[base.master].control_path;
    files.scp_program = m_scp_program;
    files.sends = m_base_files;
    int err = 0;
    pid_t pid = m_local.start_argv(k_base_bit | host, 0,
                                   {"/bin/sh", "-c", send_files_script(m_ssh, files)}, false, err);
    if (pid < 0) {
        base.state = HostBase::State::failed;
        take_host_down(host, fmt::format("cannot send the --basefile files: {}", errno_text(err)));
        return;
    }
    base.state = HostBase::State::sending;
    ++m_masters[base.master].sessions;
    spdlog::debug("sending the --basefile files to {} (local pid {})", files.login, pid);
}

void RemoteRunner::on_base_output(std::size_t host, Stream stream, std::string_view data) {
    if (stream != Stream::err) return;
    std::string& tail = m_base[host].err_tail;
    tail.append(data);
    if (tail.size() > k_base_err_tail_size) tail.erase(0, tail.size() - k_base_err_tail_size);
}

void RemoteRunner::on_base_exit(std::size_t host, const ProcessExit& exit) {
    HostBase& base = m_base[host];
    Master& master = m_masters[base.master];
    if (master.sessions > 0) --master.sessions;
    if (base.state == HostBase::State::removing) {
        if (!exit.status.success())
            spdlog::warn("cannot remove the --basefile files from {}: {}", m_hosts.spec(host).login,
                         last_error_line(base.err_tail));
        base.state = HostBase::State::none;
        return;
    }
    if (exit.status.success()) {
        base.state = HostBase::State::sent;
        spdlog::debug("the --basefile files are on {}", m_hosts.spec(host).login);
        update_host(host);
        return;
    }
    base.state = HostBase::State::failed;
    std::string why = last_error_line(base.err_tail);
    if (why.empty()) why = exit.status.describe();
    if (m_hosts.state(host) != HostPool::State::down)
        take_host_down(host, fmt::format("cannot send the --basefile files: {}", why));
}

void RemoteRunner::remove_base_files() {
    bool any = false;
    for (std::size_t host = 0; host < m_base.size(); ++host) {
        HostBase& base = m_base[host];
        if (base.state != HostBase::State::sent) continue;
        base.master = pick_master(host);
        if (base.master == m_masters.size()) continue; // its connections are gone
        FileJob files;
        files.login = m_hosts.spec(host).login;
        files.control_path = m_masters[base.master].control_path;
        files.scp_program = m_scp_program;
        files.sends = m_base_files;
        files.cleanup = true;
        base.err_tail.clear();
        int err = 0;
        pid_t pid = m_local.start_argv(
            k_base_bit | host, 0, {"/bin/sh", "-c", fetch_files_script(m_ssh, files)}, false, err);
        if (pid < 0) continue;
        base.state = HostBase::State::removing;
        ++m_masters[base.master].sessions;
        any = true;
    }
    MonoTime deadline = MonoClock::now() + k_base_removal_grace;
    while (any && MonoClock::now() < deadline) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - MonoClock::now());
        m_local.processes().wait(static_cast<int>(left.count()), -1, *this);
        any = std::any_of(m_base.begin(), m_base.end(), [](const HostBase& base) {
            return base.state == HostBase::State::removing;
        });
    }
}

} // namespace prun::remote
