#pragma once
// What --load, --memfree, --noswap and --limit's built-ins measure, as GNU parallel measures
// it, read from Linux's /proc. The parsers take the files' text, so unit tests give them
// theirs; SystemState reads the files from a directory that black-box tests can replace
// (the PRUN_TEST_PROC_DIR environment variable, for tests only: it is not a user option).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace prun {

// GNU's instant load: processes running or waiting for the disk right now (not the
// averaged load in /proc/loadavg), from /proc/stat's procs_running + procs_blocked, less
// one for prun itself, which is running while it reads the file.
std::optional<double> instant_load(std::string_view proc_stat);

// GNU's free memory in bytes: MemFree + Buffers + Cached + SwapCached of /proc/meminfo.
std::optional<std::uint64_t> free_memory(std::string_view proc_meminfo);

// Pages swapped in and out since boot (/proc/vmstat's pswpin and pswpout).
struct SwapCounters {
    std::uint64_t in = 0;
    std::uint64_t out = 0;
};
std::optional<SwapCounters> swap_counters(std::string_view proc_vmstat);

// Each disk's milliseconds spent doing I/O since boot (/proc/diskstats' 13th column).
std::map<std::string, std::uint64_t> disk_busy_ms(std::string_view proc_diskstats);

// The busiest disk's utilisation in percent (0-100) between two disk_busy_ms() readings
// `elapsed_ms` apart, as iostat -x's %util.
double busiest_disk_percent(const std::map<std::string, std::uint64_t>& before,
                            const std::map<std::string, std::uint64_t>& after, double elapsed_ms);

// Reads the files above from `proc_dir` (normally /proc). Each read returns nullopt when
// the file cannot be read or parsed.
class SystemState {
public:
    explicit SystemState(std::string proc_dir = "/proc") : m_dir(std::move(proc_dir)) {}
    // /proc, or $PRUN_TEST_PROC_DIR when set (tests point it at files they write).
    static SystemState from_environment();

    std::optional<double> load() const;
    std::optional<std::uint64_t> memory_free() const;
    std::optional<SwapCounters> swap() const;
    std::map<std::string, std::uint64_t> disks() const;

private:
    std::optional<std::string> read(const char* name) const;
    std::string m_dir;
};

} // namespace prun
