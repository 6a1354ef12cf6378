#include <algorithm>
#include <cerrno>

#include <prun/exit_policy.hpp>

namespace prun {

int exit_status_for(const RunResult& result) {
    if (result.summary.stopped_by_signal != 0) return 128 + result.summary.stopped_by_signal;
    if (!result.error.empty()) return k_exit_prun_error;
    if (result.halt_status) return *result.halt_status;
    if (result.output_errno == EPIPE) return k_exit_broken_pipe;
    if (result.output_errno != 0) return k_exit_prun_error;
    return static_cast<int>(std::min<std::uint64_t>(result.summary.failed, 101));
}

} // namespace prun
