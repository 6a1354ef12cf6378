#include <poll.h>

#include <prun/sched/dry_runner.hpp>

namespace prun {

pid_t DryRunner::start(std::uint64_t seq, unsigned, const LaunchSpec& spec, int&) {
    m_finished.emplace_back(seq, spec.shell_code + '\n');
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
