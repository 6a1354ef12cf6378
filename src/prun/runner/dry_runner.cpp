#include <poll.h>

#include <prun/runner/dry_runner.hpp>
#include <prun/template/quote.hpp>

namespace prun {

pid_t DryRunner::start(std::uint64_t seq, unsigned, const LaunchSpec& spec, int&) {
    if (spec.cwd.empty() && spec.env.empty()) {
        m_finished.emplace_back(seq, spec.shell_code + '\n');
        return 0;
    }
    // A job file's directory and variables, in a subshell so they stay the job's own.
    std::string line = "(";
    if (!spec.cwd.empty()) {
        line += "cd -- ";
        tmpl::shell_quote(spec.cwd, line);
        line += " || exit; ";
    }
    if (!spec.env.empty()) {
        line += "export";
        for (const std::string& entry : spec.env) {
            std::size_t equals = entry.find('=');
            line += ' ' + entry.substr(0, equals + 1);
            tmpl::shell_quote(std::string_view(entry).substr(equals + 1), line);
        }
        line += "; ";
    }
    line += spec.shell_code + ")\n";
    m_finished.emplace_back(seq, std::move(line));
    return 0;
}

void DryRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    if (m_finished.empty()) {
        // Nothing to report: the only thing to wait for is input.
        pollfd pfd{input_fd, POLLIN, 0};
        if (input_fd >= 0 && ::poll(&pfd, 1, timeout_ms) > 0) observer.on_input_ready();
        return;
    }
    ProcessExit exit;
    exit.status = ExitStatus::exited_with(0);
    exit.end = MonoClock::now();
    for (auto& [seq, line] : m_finished) {
        observer.on_output(seq, Stream::out, line);
        observer.on_exit(seq, exit);
    }
    m_finished.clear();
}

} // namespace prun
