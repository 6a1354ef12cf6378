#pragma once
// --dry-run as a Runner: each "job" outputs its command line (shell code, quoted exactly as
// it would run, so `prun --dry-run ... | sh` does what `prun ...` would) and succeeds.
// Its output goes through the multiplexer like any job's, so -k and --tag apply.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <prun/runner/runner.hpp>

namespace prun {

// A dry run's jobs end as soon as they start, so more slots than this only hold memory:
// with -j 0 and a million-line file, every job would be queued before the first is shown.
inline constexpr unsigned k_dry_run_max_jobs = 1024;

class DryRunner : public Runner {
public:
    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override;
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override;
    void signal_all(int) override {}
    void signal_job(pid_t, int) override {}
    bool captures_output() const override { return true; }
    // Its "jobs" have no stdin: nothing is ever queued.
    bool write_stdin(std::uint64_t, std::shared_ptr<const std::string>) override { return false; }
    void close_stdin(std::uint64_t) override {}

private:
    std::vector<std::pair<std::uint64_t, std::string>> m_finished;
};

} // namespace prun
