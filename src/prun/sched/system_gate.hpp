#pragma once
// The StartGate of --load, --memfree, --noswap and --limit, with GNU parallel's meanings:
// - --load MAX: start a job only while fewer than MAX processes are running or waiting for
//   the disk (MAX as -j takes it: N, N%, +N, -N of the CPUs; 0 is 0.01; or a file holding
//   such a value, read again when it changes);
// - --memfree SIZE: start a job only while SIZE bytes are free; below half of it the
//   youngest job is killed (it is retried if --retries allows, as in GNU);
// - --memsuspend SIZE: start a job only while SIZE (plus --memfree's) bytes are free; below
//   2 * SIZE the youngest jobs are suspended, all but the oldest int(1 / (2 - free / SIZE))
//   + 1 (one below SIZE), and above it they resume one at a time, as in GNU;
// - --noswap: start no job while the machine both swaps in and swaps out;
// - --limit CMD: CMD's exit status says 0 start, 1 do not start, 2 kill the youngest job;
//   `mem SIZE`, `load N` and `io N` (percent of the busiest disk's time) are built in.
// Each measure is read from SystemState (/proc), the rates over about a second.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <prun/sched/start_gate.hpp>
#include <prun/sched/system_state.hpp>

namespace prun {

// --load's value as -j takes it, relative to `cpus`; nullopt if it is none of the forms.
// Below 0.01 it is 0.01, as in GNU.
std::optional<double> parse_max_load(std::string_view text, unsigned cpus);

// --memsuspend's share: how many jobs of `running` may run with `free` bytes free and
// --memsuspend `limit`; nullopt if all may (`free` is at least 2 * `limit`).
std::optional<std::size_t> jobs_to_run_in_memory(double free, double limit, std::size_t running);

// One of --limit's built-ins ("mem 2G", "load 4", "io 50"), or nullopt for a command.
struct LimitBuiltin {
    enum class Kind { io, mem, load } kind = Kind::load;
    double value = 0; // bytes for mem, processes for load, percent for io
};
std::optional<LimitBuiltin> parse_limit_builtin(std::string_view command);

class SystemGate final : public StartGate {
public:
    // Throws Error naming the option if a value is not valid or what it measures cannot
    // be read here. `shell` runs --limit's command.
    SystemGate(LoadLimits limits, SystemState state, unsigned cpus, std::string shell,
               MonoTime now);

    bool may_start(MonoTime now) override;
    bool must_kill_youngest(MonoTime now) override;
    bool watches_running_jobs() const override {
        return m_limits.memfree || m_limits.memsuspend || m_limits.limit;
    }
    std::optional<std::size_t> jobs_to_run(std::size_t running) override;
    bool suspends_jobs() const override { return m_limits.memsuspend.has_value(); }
    std::string why() const override { return m_why; }

private:
    std::optional<double> max_load();
    bool swapping(MonoTime now);
    int limit_status(MonoTime now);
    int builtin_status(const LimitBuiltin& builtin, MonoTime now);
    int run_limit_command() const;

    LoadLimits m_limits;
    SystemState m_state;
    unsigned m_cpus;
    std::string m_shell;
    std::optional<double> m_fixed_load;  // --load N
    std::string m_load_file;             // --load FILE
    std::int64_t m_load_file_mtime = -1; // when it was last read
    std::optional<double> m_file_load;   // its value then
    std::optional<LimitBuiltin> m_builtin;
    // The last rates' starting points: swap counters and disk busy times, and when.
    std::optional<SwapCounters> m_swap_before;
    MonoTime m_swap_at;
    bool m_swapping = false;
    bool m_swap_known = false; // a whole second has been measured
    std::map<std::string, std::uint64_t> m_disks_before;
    MonoTime m_disks_at;
    double m_io_percent = 0;
    std::string m_why;
};

} // namespace prun
