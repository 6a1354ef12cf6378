#pragma once
// What may hold job starts back, or take a running job away or suspend it, because of the
// state of the machine (--load, --memfree, --memsuspend, --noswap, --limit). The scheduler asks
// before each start and, while jobs run, now and then whether the youngest job must go; it never
// polls faster than the gate's own pace (about once a second) and never busy-waits: a closed gate
// is asked again after recheck_seconds(), from the event loop's timeout.

#include <cstdint>
#include <optional>
#include <string>

#include <prun/util/clock.hpp>

namespace prun {

// What the command line asks for (system_gate.hpp says what each means).
struct LoadLimits {
    std::optional<std::string> load;         // --load, as typed
    std::optional<std::uint64_t> memfree;    // --memfree, in bytes
    std::optional<std::uint64_t> memsuspend; // --memsuspend, in bytes
    std::optional<std::string> limit;        // --limit's command
    bool noswap = false;
    bool any() const { return load || memfree || memsuspend || limit || noswap; }
};

class StartGate {
public:
    virtual ~StartGate() = default;
    // Whether a job may start now. When not, `why()` says what holds it back.
    virtual bool may_start(MonoTime now) = 0;
    // Whether the youngest running job is to be killed (and requeued) now: GNU's free
    // memory below half of --memfree, or --limit's command exiting 2. Asked at most once
    // per recheck_seconds() while jobs run.
    virtual bool must_kill_youngest(MonoTime now) = 0;
    // Whether must_kill_youngest() can ever say yes (if not, the scheduler does not wake
    // up to ask).
    virtual bool watches_running_jobs() const = 0;
    // --memsuspend: how many of `running` jobs may run now, the oldest (the others are to
    // be suspended); nullopt when all may (suspended ones then resume one per check, as in
    // GNU). Asked at most once per recheck_seconds() while jobs run, if suspends_jobs().
    virtual std::optional<std::size_t> jobs_to_run(std::size_t running) {
        (void)running;
        return std::nullopt;
    }
    virtual bool suspends_jobs() const { return false; }
    // How long a closed gate stays closed before it is asked again.
    virtual double recheck_seconds() const { return 1.0; }
    virtual std::string why() const = 0;
};

} // namespace prun
